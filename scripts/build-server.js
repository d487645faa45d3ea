#!/usr/bin/env node
// Bundles the TypeScript server (server/main.ts) into build/server.js with esbuild (the one Remix
// ships): our code is bundled, npm packages stay external and load from node_modules at run time.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
await build({
  entryPoints: [path.join(root, "server/main.ts")],
  outfile: path.join(root, "build/server.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
