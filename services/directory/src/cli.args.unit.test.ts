import { describe, expect, it } from '@jest/globals';
import { UsageError, parseCliArgs } from './cli.args.js';

const SITE_ARGS = [
  'create-site',
  '--name',
  'SMP Negeri 1',
  '--origin',
  'http://localhost:8080',
  '--origin',
  'https://smpn1.sch.id',
  '--admin-name',
  'Admin',
  '--admin-email',
  'admin@example.org',
];

describe('parseCliArgs: create-site', () => {
  it('reads every flag, repeated origins included, and applies the UTC default', () => {
    expect(parseCliArgs(SITE_ARGS)).toEqual({
      kind: 'create-site',
      site: {
        name: 'SMP Negeri 1',
        allowedOrigins: ['http://localhost:8080', 'https://smpn1.sch.id'],
        timeZone: 'UTC',
      },
      admin: { name: 'Admin', email: 'admin@example.org' },
      json: false,
    });
  });

  it('takes the optional flags', () => {
    const command = parseCliArgs([
      ...SITE_ARGS,
      '--time-zone',
      'Asia/Makassar',
      '--admin-password',
      'a-long-enough-password',
      '--gateway-url',
      'https://chat.example.org',
      '--json',
    ]);
    expect(command).toMatchObject({
      kind: 'create-site',
      site: { timeZone: 'Asia/Makassar' },
      admin: { password: 'a-long-enough-password' },
      gatewayUrl: 'https://chat.example.org',
      json: true,
    });
  });

  it.each([
    [['create-site'], /--origin is required/],
    [SITE_ARGS.filter((arg, i) => i < 1 || i > 2), /--name is required/],
    [SITE_ARGS.slice(0, -2), /--admin-email is required/],
    [[...SITE_ARGS.slice(0, -1), 'not-an-email'], /--admin-email/],
    [[...SITE_ARGS, '--origin', 'smpn1.sch.id'], /origin/],
    [[...SITE_ARGS, '--time-zone', 'Asia/Nowhere'], /unknown time zone/],
    [[...SITE_ARGS, '--admin-password', 'short'], /--admin-password/],
    [[...SITE_ARGS, '--colour', 'blue'], /Unknown option '--colour'/],
    [[...SITE_ARGS, '--name'], /argument missing/],
    [[...SITE_ARGS, 'stray'], /Unexpected argument 'stray'/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('parseCliArgs: create-agent', () => {
  const AGENT_ARGS = [
    'create-agent',
    '--site',
    'site_1',
    '--name',
    'Budi',
    '--email',
    'budi@example.org',
  ];

  it('defaults the role to agent and leaves the password to be generated', () => {
    expect(parseCliArgs(AGENT_ARGS)).toEqual({
      kind: 'create-agent',
      agent: { siteId: 'site_1', name: 'Budi', email: 'budi@example.org', role: 'agent' },
      json: false,
    });
  });

  it('takes a role and a password', () => {
    expect(
      parseCliArgs([
        ...AGENT_ARGS,
        '--role',
        'supervisor',
        '--password',
        'budi-password-1',
        '--json',
      ]),
    ).toMatchObject({ agent: { role: 'supervisor', password: 'budi-password-1' }, json: true });
  });

  it.each([
    [[...AGENT_ARGS, '--role', 'owner'], /--role/],
    [['create-agent', '--site', 'a.b', '--name', 'x', '--email', 'x@example.org'], /--site/],
    [AGENT_ARGS.slice(0, 3), /--name is required/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('parseCliArgs: commands', () => {
  it('answers help in its usual spellings', () => {
    for (const argv of [['help'], ['--help'], ['-h'], ['create-site', '--help']]) {
      expect(parseCliArgs(argv)).toEqual({ kind: 'help' });
    }
  });

  it('refuses a missing or unknown command', () => {
    expect(() => parseCliArgs([])).toThrow(/a command is required/);
    expect(() => parseCliArgs(['delete-site'])).toThrow(/unknown command "delete-site"/);
  });
});
