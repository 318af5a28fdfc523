import type { Config } from 'jest';

// Jest 30 on Node 20 cannot require() ESM (Nest 12, got 14, Octokit 22 are ESM-only), so SWC compiles our
// TypeScript *and* the ESM packages in node_modules to CommonJS (TECH-NOTES.md §1.3).
const swc = {
  isModule: 'unknown',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const common = {
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.(t|mj|cj|j)s$': ['@swc/jest', swc] },
  transformIgnorePatterns: [],
  moduleNameMapper: { '^@lib/(.*)$': '<rootDir>/libs/$1/src', '^@app/(.*)$': '<rootDir>/apps/$1/src' },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

const config: Config = {
  // Integration and e2e tests start real processes and services; unit tests finish far below this.
  testTimeout: 90_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,bench}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
    },
  ],
};

export default config;
