/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  globalSetup: "<rootDir>/test/helpers/global-setup.ts",
  // PGlite takes ~350 MB per open database; two workers fit any CI machine.
  maxWorkers: 2,
  testTimeout: 30000,
};
