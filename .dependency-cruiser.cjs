/**
 * `npm run depcheck` (also run by .ci/run): the shape of src/.
 *
 * - No cycle between the top-level folders of src/ (src/sync, src/webinars, …): a folder
 *   may use another, or be used by it, not both. Type-only imports count: a cycle of types
 *   is still two folders that cannot change apart. Within one folder (src/zoom and
 *   src/zoom/endpoints) cycles are the folder's own business.
 * - src/ never imports test/ or bench/.
 *
 * dependency-cruiser's folder rules (`scope: "folder"`) see a folder's dependencies as
 * those of every module below it, towards the folder of each module it imports.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycle",
      severity: "error",
      comment: "Two top-level folders of src/ depend on each other: move the shared piece to the folder that owns the concept, or pass a function in.",
      scope: "folder",
      from: { path: "^src/([^/]+)" },
      to: { path: "^src/", pathNot: "^src/$1(/|$)", circular: true },
    },
    {
      name: "src-not-to-test-or-bench",
      severity: "error",
      comment: "The app's code must not depend on its tests or benchmarks.",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    includeOnly: "^(src|test|bench)/",
  },
};
