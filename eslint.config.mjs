// ESLint flat config: typescript-eslint's strictTypeChecked on the TypeScript of src/, test/,
// bench/ and scripts/ (typed through tsconfig.json); `npm run lint` and .ci/run enforce it.
// https://typescript-eslint.io/getting-started/typed-linting
// @ts-check
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

const nodeGlobals = {
  require: "readonly",
  module: "writable",
  exports: "writable",
  __dirname: "readonly",
  __filename: "readonly",
  process: "readonly",
  console: "readonly",
  fetch: "readonly",
  setTimeout: "readonly",
};

export default defineConfig(
  {
    ignores: [
      "src/generated/",
      "dist/",
      "packages/*/dist/",
      "node_modules/",
      "test-artifacts/",
      "coverage/",
      "data/",
      "hubspot-project/",
      // Browser asset served as-is, outside the TypeScript project.
      "public/",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["prisma.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // House style interpolates counts, ports and durations into messages and paths.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowNumber: true, allowRegExp: false }],
      // House style: `() => resolve()` callbacks and `return next(err)` early exits in void functions.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Relaying a caught error as it came, as only-throw-error allows for `throw err`.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
      // House style: a leading underscore marks a parameter or binding kept on purpose (Express's 4-argument error handler, omitting keys).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // Tests state what a fixture holds (`rows[0]!`); a wrong guess fails the test loudly.
      "@typescript-eslint/no-non-null-assertion": "off",
      // Teardown guards (`afterAll(() => world?.close())`) cover a beforeAll that failed before assigning.
      "@typescript-eslint/no-unnecessary-condition": "off",
      // Async callbacks fulfil Promise-returning contracts (job handlers, eventually() checks); a sync body must still reject, not throw.
      "@typescript-eslint/require-await": "off",
      // Tests and their harnesses probe untyped JSON (res.body, parsed files, fixtures broken on purpose); the expect() is the check.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["packages/fakes/src/**/*.ts"],
    rules: {
      // The fakes check untrusted JSON bodies as HubSpot and Zoom do: their casts name the valid shape, and the
      // optional chains and String() calls that these rules call needless handle the invalid input tests send on purpose.
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/no-unnecessary-condition": "off",
      "@typescript-eslint/no-unnecessary-type-conversion": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowAny: true, allowBoolean: false, allowNever: false, allowNullish: false, allowNumber: true, allowRegExp: false }],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module", globals: { process: "readonly", console: "readonly" } },
  },
);
