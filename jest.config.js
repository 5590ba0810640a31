// Three test levels, told apart by file name (see docs/development.md):
//   *.unit.test.ts  pure logic, no I/O
//   *.int.test.ts   real servers (NATS, Redis, FerretDB/MongoDB)
//   *.e2e.test.ts   whole services over HTTP/WebSocket
// TypeScript is compiled by swc to ESM; jest runs with --experimental-vm-modules.

/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    },
  ],
};

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@sapa/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  roots: [
    '<rootDir>/libs',
    '<rootDir>/services',
    '<rootDir>/load-tests',
    '<rootDir>/apps',
    '<rootDir>/deploy',
  ],
};

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.test.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['**/*.int.test.ts'],
      globalSetup: '<rootDir>/libs/testkit/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testkit/src/jest-global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/libs/testkit/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testkit/src/jest-global-teardown.ts',
    },
  ],
  testTimeout: 60_000,
};
