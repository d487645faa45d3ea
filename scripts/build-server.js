#!/usr/bin/env node
// Bundles what runs outside Remix's build with esbuild (the one Remix ships): the TypeScript server
// (server/main.ts → build/server.js) and the document render worker (piscina loads
// build/render-worker.js by path). Our code is bundled, npm packages stay external.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const common = { bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning", alias: { "~": path.join(root, "app") } };
await build({ ...common, entryPoints: [path.join(root, "server/main.ts")], outfile: path.join(root, "build/server.js") });
await build({ ...common, entryPoints: [path.join(root, "app/engine/documents/render-worker.server.ts")], outfile: path.join(root, "build/render-worker.js") });
