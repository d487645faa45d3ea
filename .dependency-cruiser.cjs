// The architecture check (DESIGN.md "Layout"): arrows point down — routes → features → engine, models,
// services → utils — and nothing imports in a circle. tests/unit/architecture.test.ts cruises app/ with
// these rules and fails on any violation; `npx depcruise app` prints the same list from the command line.
// Paths are relative to the cruised root (the repo, or a fixture tree laid out like it).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import circle makes load order matter and hides which side owns the code: move what both sides need into a module both import.",
      from: { path: "^app/" },
      to: { circular: true },
    },
    {
      name: "engine-is-generic",
      severity: "error",
      comment: "The engine knows definitions and registries, never the domain: it imports no feature, route, model, service, component or worker entry (features register into it instead; the app tells it where the worker entry is).",
      from: { path: "^app/engine/" },
      to: { path: "^app/(features|routes|models|services|components|workers)/" },
    },
    {
      name: "utils-are-leaves",
      severity: "error",
      comment: "app/utils holds leaves (db, env, session, csrf, clock, format): nothing of app/ outside app/utils. db/migrations and npm packages are fine.",
      from: { path: "^app/utils/" },
      to: { path: "^app/", pathNot: "^app/utils/" },
    },
    {
      name: "models-below-features",
      severity: "error",
      comment: "Models are queries: they import no route, feature or component.",
      from: { path: "^app/models/" },
      to: { path: "^app/(routes|features|components)/" },
    },
    {
      name: "features-below-routes",
      severity: "error",
      comment: "Features serve routes; a feature never imports a route.",
      from: { path: "^app/features/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "routes-run-no-queries",
      severity: "error",
      comment: "Routes are thin (authorize, parse, call, respond): queries live in app/models, so no route module (nor the server code beside it) opens the database.",
      from: { path: "^app/routes/" },
      to: { path: "^app/utils/db\\.server\\.ts$" },
    },
    {
      name: "components-below-routes",
      severity: "error",
      comment: "Shared components import no route: what a route and its components share lives in a module both import.",
      from: { path: "^app/components/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "services-only-utils",
      severity: "error",
      comment: "Services are outside-world adapters behind interfaces: they import only utils (and each other).",
      from: { path: "^app/services/" },
      to: { path: "^app/", pathNot: "^app/(services|utils)/" },
    },
    {
      name: "worker-entries-are-loaded-by-path",
      severity: "error",
      comment: "app/workers holds the entries of worker threads (piscina loads them by path, the app configures where): like a route, nothing imports one.",
      from: { path: "^app/" },
      to: { path: "^app/workers/" },
    },
    {
      name: "workers-below-routes",
      severity: "error",
      comment: "A worker entry lists tasks of the engine and the features; it never imports a route or a component.",
      from: { path: "^app/workers/" },
      to: { path: "^app/(routes|components)/" },
    },
    {
      name: "app-never-imports-tests",
      severity: "error",
      comment: "Test code never ships: nothing in app/ imports tests/.",
      from: { path: "^app/" },
      to: { path: "^tests/" },
    },
    {
      name: "antd-per-component",
      severity: "error",
      comment: "antd and its icons are imported per component (antd/es/<name>/index.js, @ant-design/icons/es/icons/<Name>), never as values from a barrel: esbuild hands every page that reaches a barrel every component any page uses (app/components/antd-barrels/antd.ts says more). Types may come from \"antd\".",
      from: { path: "^app/", pathNot: "^app/components/antd-barrels/" },
      to: {
        path: ["^app/components/antd-barrels/", "node_modules/antd/(es|lib)/index\\.js$", "node_modules/@ant-design/icons/(es/index\\.js|lib/index\\.js|index\\.mjs)$"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "app-imports-resolve",
      severity: "error",
      comment: "An import the cruiser cannot resolve would escape every rule above (e.g. a broken ~/ alias): it must resolve.",
      from: { path: "^app/" },
      // Remix's virtual modules and CSS `?url` imports have no file behind them.
      to: { couldNotResolve: true, pathNot: ["^@remix-run/", "\\.css\\?url$"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|build|public/build)/" },
    // `~/…` resolves through tsconfig.json's paths.
    tsConfig: { fileName: "tsconfig.json" },
    // Type-only imports are kept (not erased before cruising). They count for layering: a utils module
    // that names a model's type still depends on that model's shape. They also count for cycles: a
    // type-only circle costs nothing at run time, but it is the same tangle of ownership (the shared type
    // belongs in a module both sides import), and exempting them would let a circle hide behind
    // `import type`.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".json", ".d.ts"],
    },
  },
};
