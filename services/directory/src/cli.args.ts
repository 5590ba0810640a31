import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { z } from 'zod';
import { AgentRole, CreateSite, Id, Password, ValidationError } from '@sapa/contracts';
import { normalizeOrigins, normalizeTimeZone } from './site.rules.js';

/**
 * Command-line parsing for `sapa`, kept pure (argv in, command out) so it is unit-tested
 * without a process. Input is checked against the same contract schemas the service uses,
 * so a mistake is reported before anything connects to NATS.
 */

/** A mistake in how the command was called; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `sapa create-site ...`: a site and its first admin agent. */
export interface CreateSiteCommand {
  readonly kind: 'create-site';
  readonly site: CreateSite;
  readonly admin: { readonly name: string; readonly email: string; readonly password?: string };
  /** From --gateway-url; otherwise the CLI's configured default. */
  readonly gatewayUrl?: string;
  readonly json: boolean;
}

/** `sapa create-agent ...`: one more agent of an existing site. */
export interface CreateAgentCommand {
  readonly kind: 'create-agent';
  readonly agent: {
    readonly siteId: string;
    readonly name: string;
    readonly email: string;
    readonly role: AgentRole;
    readonly password?: string;
  };
  readonly json: boolean;
}

export interface HelpCommand {
  readonly kind: 'help';
}

/** Every command the CLI understands. */
export type CliCommand = CreateSiteCommand | CreateAgentCommand | HelpCommand;

/** The text printed by `sapa help` and after a usage error. */
export const USAGE = `Usage:
  sapa create-site --name <name> --origin <url> [--origin <url> ...] [--time-zone <IANA zone>]
                   --admin-name <name> --admin-email <e-mail> [--admin-password <password>]
                   [--gateway-url <url>] [--json]
  sapa create-agent --site <siteId> --name <name> --email <e-mail>
                    [--role agent|supervisor|admin] [--password <password>] [--json]
  sapa help

A password that is not given is generated (20 random characters) and printed once.
Environment: NATS_URL (default nats://127.0.0.1:4222), SAPA_GATEWAY_URL, LOG_LEVEL.
Exit codes: 0 done, 1 the request failed (conflict, not found, NATS unreachable), 2 usage error.`;

const Name = z.string().trim().min(1).max(120);
const Email = z.email().max(254);

function check<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues.map((issue) => issue.message).join('; ');
  throw new UsageError(`${flag}: ${reason}`);
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function parse<T extends ParseArgsOptionsConfig>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util reports unknown flags and missing values as TypeErrors with a readable message.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseCreateSite(argv: string[]): CreateSiteCommand {
  const values = parse(argv, {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    'time-zone': { type: 'string' },
    'admin-name': { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-password': { type: 'string' },
    'gateway-url': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const origins = values.origin ?? [];
  if (origins.length === 0) throw new UsageError('--origin is required (repeat it for more)');
  const site = check(
    CreateSite,
    {
      name: check(Name, required(values.name, '--name'), '--name'),
      allowedOrigins: origins,
      ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
    },
    '--name/--origin/--time-zone',
  );
  try {
    // The service checks these too; checking here turns a typo into a usage error at once.
    normalizeOrigins(site.allowedOrigins);
    normalizeTimeZone(site.timeZone);
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.message);
    throw error;
  }
  const password = values['admin-password'];
  return {
    kind: 'create-site',
    site,
    admin: {
      name: check(Name, required(values['admin-name'], '--admin-name'), '--admin-name'),
      email: check(Email, required(values['admin-email'], '--admin-email'), '--admin-email'),
      ...(password === undefined
        ? {}
        : { password: check(Password, password, '--admin-password') }),
    },
    ...(values['gateway-url'] === undefined ? {} : { gatewayUrl: values['gateway-url'] }),
    json: values.json,
  };
}

function parseCreateAgent(argv: string[]): CreateAgentCommand {
  const values = parse(argv, {
    site: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', default: 'agent' },
    password: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const password = values.password;
  return {
    kind: 'create-agent',
    agent: {
      siteId: check(Id, required(values.site, '--site'), '--site'),
      name: check(Name, required(values.name, '--name'), '--name'),
      email: check(Email, required(values.email, '--email'), '--email'),
      role: check(AgentRole, values.role, '--role'),
      ...(password === undefined ? {} : { password: check(Password, password, '--password') }),
    },
    json: values.json,
  };
}

/** Parses the arguments after `sapa` (i.e. `process.argv.slice(2)`). Throws UsageError. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help' };
  switch (command) {
    case 'create-site':
      return parseCreateSite(rest);
    case 'create-agent':
      return parseCreateAgent(rest);
    case undefined:
      throw new UsageError('a command is required');
    case 'help':
    case '--help':
    case '-h':
      return { kind: 'help' };
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}
