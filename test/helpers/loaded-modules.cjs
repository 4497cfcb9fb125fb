// Preloaded into an app process (NODE_OPTIONS=--require) by test/sandbox/live-mode-modules.test.ts:
// when the process exits, the files it loaded (Node's module cache) are written to LOADED_MODULES_FILE.
const fs = require("node:fs");

process.on("exit", () => fs.writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache))));
