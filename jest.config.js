// One Jest run for the whole workspace, in three tiers (see README "Tests").
const { readFileSync } = require('node:fs');

const swc = { ...JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8')), swcrc: false };
delete swc.$schema;

const base = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@latchkey/api-routes/table$': '<rootDir>/libs/api-routes/src/table.ts',
    '^@latchkey/(contracts|api-routes|auth-core|messaging|runtime|testing|sdk)$':
      '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // .latchkey/ holds local state, among it bench/gateway-ab.mjs's checkout of a previous release.
  modulePathIgnorePatterns: [
    '<rootDir>/apps/[^/]+/dist/',
    '<rootDir>/libs/[^/]+/dist/',
    '<rootDir>/.latchkey/',
  ],
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/src/**/*.int-spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      // Every answer from a test stack's gateway is checked against docs/openapi.json.
      setupFilesAfterEnv: ['<rootDir>/e2e/contract/validate-answers.ts'],
    },
  ],
};
