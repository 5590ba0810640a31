#!/usr/bin/env node
import { pino } from 'pino';
import { Bus } from '@sapa/bus';
import { SapaError, ValidationError, type AgentRole } from '@sapa/contracts';
import { ConfigError } from '@sapa/platform';
import { USAGE, UsageError, parseCliArgs, type CliCommand } from './cli.args.js';
import {
  embedSnippet,
  formatCreateAgent,
  formatCreateSite,
  normalizeGatewayUrl,
  type CreateAgentReport,
  type CreateSiteReport,
} from './cli.output.js';
import { loadCliConfig, type CliConfig } from './config.js';
import { generatePassword } from './password.js';

/**
 * `sapa`: the command-line tool for operators. It talks to a running system through the
 * directory RPCs over NATS (it never opens the database), so it works against any
 * installation it can reach. The only file of the service that writes to stdout/stderr.
 */

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

async function createSite(
  bus: Bus,
  command: Extract<CliCommand, { kind: 'create-site' }>,
  gatewayUrl: string,
  timeoutMs: number,
): Promise<CreateSiteReport> {
  const { site, identitySecret } = await bus.request('directory.create-site', command.site, {
    timeoutMs,
  });
  const password = command.admin.password ?? generatePassword();
  try {
    const { agent } = await bus.request(
      'directory.create-agent',
      {
        siteId: site.siteId,
        name: command.admin.name,
        email: command.admin.email,
        role: 'admin',
        password,
      },
      { timeoutMs },
    );
    return {
      site,
      admin: { ...agent, password },
      embedSnippet: embedSnippet(gatewayUrl, site.siteKey),
      ...(identitySecret === undefined ? {} : { identitySecret }),
    };
  } catch (error) {
    // The site exists now; say so, so the operator adds an admin instead of a second site.
    err(
      `sapa: site ${site.siteId} (site key ${site.siteKey}) was created, but its admin was not.\n` +
        `      Add one with: sapa create-agent --site ${site.siteId} --role admin --name ... --email ...`,
    );
    throw error;
  }
}

async function createAgent(
  bus: Bus,
  command: Extract<CliCommand, { kind: 'create-agent' }>,
  timeoutMs: number,
): Promise<CreateAgentReport> {
  const password = command.agent.password ?? generatePassword();
  const role: AgentRole = command.agent.role;
  const { agent } = await bus.request(
    'directory.create-agent',
    {
      siteId: command.agent.siteId,
      name: command.agent.name,
      email: command.agent.email,
      role,
      password,
    },
    { timeoutMs },
  );
  return { agent: { ...agent, password } };
}

async function execute(
  bus: Bus,
  command: Exclude<CliCommand, { kind: 'help' }>,
  config: CliConfig,
) {
  const timeoutMs = config.SAPA_CLI_TIMEOUT_MS;
  switch (command.kind) {
    case 'create-site': {
      const gatewayUrl = normalizeGatewayUrl(command.gatewayUrl ?? config.SAPA_GATEWAY_URL);
      out(formatCreateSite(await createSite(bus, command, gatewayUrl, timeoutMs), command.json));
      return;
    }
    case 'create-agent':
      out(formatCreateAgent(await createAgent(bus, command, timeoutMs), command.json));
      return;
    default: {
      const unknown: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unknown)}`);
    }
  }
}

async function run(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  let config: CliConfig;
  try {
    command = parseCliArgs(argv);
    if (command.kind === 'help') {
      out(USAGE);
      return EXIT_OK;
    }
    config = loadCliConfig();
    // Checked before connecting: a bad URL should not leave a site behind without a snippet.
    if (command.kind === 'create-site') {
      normalizeGatewayUrl(command.gatewayUrl ?? config.SAPA_GATEWAY_URL);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`sapa: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      err(`sapa: ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }

  // Logs (from the bus) go to stderr, so stdout stays one clean JSON object with --json.
  const logger = pino(
    { level: config.LOG_LEVEL, base: { service: 'sapa-cli' } },
    pino.destination({ dest: 2, sync: true }),
  );
  let bus: Bus;
  try {
    bus = await Bus.connect({ servers: config.NATS_URL, name: 'sapa-cli', logger });
  } catch (error) {
    err(
      `sapa: cannot reach NATS at ${config.NATS_URL}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT_FAILED;
  }
  try {
    await execute(bus, command, config);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof SapaError)) throw error;
    err(`sapa: ${error.code}: ${error.message}`);
    const issues = error.details?.['issues'];
    if (issues !== undefined) err(JSON.stringify(issues, null, 2));
    return error instanceof ValidationError ? EXIT_USAGE : EXIT_FAILED;
  } finally {
    await bus.drain();
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    err(
      `sapa: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = EXIT_FAILED;
  },
);
