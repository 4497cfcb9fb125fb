/** Browser tests (Debian's chromium + playwright-core): `npm run test:browser`. */
const base = require("./jest.config");
// globalSetup and globalTeardown (the suite-wide check of the calls to the fakes) come from the base config.
module.exports = { ...base, globalSetup: base.globalSetup, globalTeardown: base.globalTeardown, testMatch: ["**/*.browser.test.ts"], testPathIgnorePatterns: ["/node_modules/"], maxWorkers: 1, testTimeout: 120000 };
