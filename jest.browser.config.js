/** Browser tests (Debian's chromium + playwright-core): `npm run test:browser`. */
const base = require("./jest.config");
module.exports = { ...base, testMatch: ["**/*.browser.test.ts"], testPathIgnorePatterns: ["/node_modules/"], maxWorkers: 1, testTimeout: 120000 };
