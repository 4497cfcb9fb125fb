/** Browser tests (Debian's chromium + playwright-core): `npm run test:browser`. */
const base = require("./jest.config");
module.exports = { ...base, testMatch: ["**/*.browser.test.ts"], maxWorkers: 1, testTimeout: 120000 };
