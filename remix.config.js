/** Remix classic compiler. ESM server build; only *.server.ts files are excluded from the browser. */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  // Pages import antd per component (antd/es/<name>), never its barrel: esbuild gives every page that
  // imports the barrel the union of what all such pages use (one 360 KB chunk on every signed-in page).
  // Node cannot load antd's es/ files (ES syntax, no "type": "module"), so the server build bundles antd
  // and the packages that import it, the same es/ modules the browser runs (one ConfigProvider context).
  // (Their barrels "antd" and "@ant-design/icons" are ours: tsconfig.json "paths", app/components/antd-barrels.)
  // @rjsf/core is bundled so that its Markdown import takes the same alias on both sides
  // (app/components/form/markdown-on-demand.tsx).
  serverDependenciesToBundle: [/^antd(\/|$)/, /^@ant-design\//, /^@rc-component\//, /^rc-/, /^@rjsf\/(antd|core)(\/|$)/, /^@babel\/runtime\//, /^dayjs(\/|$)/],
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
