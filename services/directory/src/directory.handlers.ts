import type { Bus, RpcHandler } from '@sapa/bus';
import { serveHandlers } from './serve-handlers.js';
import { UnauthorizedError } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { DirectoryStore } from './directory.store.js';
import { generatePassword, hashPassword, needsRehash, verifyPassword } from './password.js';
import type { SiteSettingsStore } from './site-settings.store.js';

/** The commands this service answers. */
export type DirectoryRpc =
  | 'directory.get-site-by-key'
  | 'directory.get-site'
  | 'directory.create-site'
  | 'directory.create-agent'
  | 'directory.login'
  | 'directory.list-agents';

/** One handler per directory command. */
export type DirectoryHandlers = { readonly [N in DirectoryRpc]: RpcHandler<N> };

/**
 * The one answer to every failed login, whether the e-mail is unknown or the password wrong,
 * so that a caller cannot probe which addresses have accounts.
 */
export const INVALID_LOGIN_MESSAGE = 'invalid e-mail or password';

/**
 * Builds the handlers. Async because it derives a dummy password hash first: a login for an
 * unknown e-mail is checked against it, so it costs the same scrypt run as a wrong password
 * and the response time does not tell the two apart.
 */
export async function createDirectoryHandlers(options: {
  store: DirectoryStore;
  logger: Logger;
  /** Where identity secrets live; with it, a new site gets one (returned once, for the CLI). */
  settings?: SiteSettingsStore;
}): Promise<DirectoryHandlers> {
  const { store } = options;
  const logger = options.logger.child({ module: 'directory-handlers' });
  const dummyHash = await hashPassword(generatePassword());

  const upgradeHash = async (agentId: string, password: string): Promise<void> => {
    try {
      await store.updatePasswordHash(agentId, await hashPassword(password));
      logger.info({ agentId }, 'password hash upgraded');
    } catch (error) {
      // The login itself succeeded; the upgrade is retried at the next one.
      logger.warn({ err: error, agentId }, 'password hash upgrade failed');
    }
  };

  return {
    'directory.get-site-by-key': async ({ siteKey }) => ({
      site: await store.getSiteByKey(siteKey),
    }),

    'directory.get-site': async ({ siteId }) => ({ site: await store.getSite(siteId) }),

    'directory.create-site': async (request, context) => {
      const site = await store.createSite(request);
      logger.info({ siteId: site.siteId, correlationId: context.correlationId }, 'site created');
      if (!options.settings) return { site };
      return { site, identitySecret: await options.settings.createIdentitySecret(site.siteId) };
    },

    'directory.create-agent': async ({ password, ...agent }, context) => {
      const passwordHash = await hashPassword(password);
      const created = await store.createAgent({ ...agent, passwordHash });
      logger.info(
        {
          siteId: created.siteId,
          agentId: created.agentId,
          role: created.role,
          correlationId: context.correlationId,
        },
        'agent created',
      );
      return { agent: created };
    },

    'directory.list-agents': async ({ siteId }) => ({ agents: await store.listAgents(siteId) }),

    'directory.login': async ({ email, password }, context) => {
      const credentials = await store.findCredentials(email);
      const matches = await verifyPassword(password, credentials?.passwordHash ?? dummyHash);
      if (!credentials || !matches) {
        // No e-mail in the log: failed logins are where typos of passwords end up too.
        logger.info({ correlationId: context.correlationId }, 'login refused');
        throw new UnauthorizedError(INVALID_LOGIN_MESSAGE);
      }
      if (needsRehash(credentials.passwordHash)) {
        await upgradeHash(credentials.agent.agentId, password);
      }
      logger.info(
        { agentId: credentials.agent.agentId, correlationId: context.correlationId },
        'login accepted',
      );
      return { agent: credentials.agent };
    },
  };
}

/**
 * Serves every directory command on the bus (queue group `directory` unless `queue` is given,
 * so replicas share the load). `stop` stops taking requests and waits for those in flight.
 */
export const serveDirectory = (
  bus: Bus,
  handlers: DirectoryHandlers,
  options?: { queue?: string },
) => serveHandlers(bus, handlers, options);
