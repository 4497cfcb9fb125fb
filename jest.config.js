/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Browser tests need Chromium: `npm run test:browser` (jest.browser.config.js).
  testPathIgnorePatterns: ["/node_modules/", "\\.browser\\.test\\.ts$"],
  // The fakes' workspace package from its TypeScript source (no build needed for tests).
  moduleNameMapper: { "^@hzw/fakes$": "<rootDir>/packages/fakes/src/index.ts" },
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  globalSetup: "<rootDir>/test/helpers/global-setup.ts",
  // Checks every call the fakes received during the run (test/helpers/suite-calls.ts).
  globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
  // PGlite takes ~350 MB per open database; two workers fit any CI machine.
  maxWorkers: 2,
  testTimeout: 30000,
};
