/** Tests run against real servers and databases; type errors are caught by `npm run typecheck`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/console/src'],
  testMatch: ['**/*.test.ts'],
  // The console's unit tests (pure functions) compile with their own transformer (see it); the first
  // pattern that matches a file wins.
  transform: {
    '/console/src/.+\\.ts$': '<rootDir>/console/jest.transform.cjs',
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  // An upper bound for slow, shared machines; no test asserts on time.
  testTimeout: 120000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
};
