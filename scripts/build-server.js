#!/usr/bin/env node
// Bundles what runs outside Remix's build with esbuild (the one Remix ships): the TypeScript server
// (server/main.ts → build/server.js) and the document worker entry (app/workers/documents.server.ts →
// build/document-worker.js, which piscina loads by the path the app configures at start-up). Our code is
// bundled, npm packages stay external.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const common = { bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning", alias: { "~": path.join(root, "app") } };
await build({ ...common, entryPoints: [path.join(root, "server/main.ts")], outfile: path.join(root, "build/server.js") });
await build({ ...common, entryPoints: [path.join(root, "app/workers/documents.server.ts")], outfile: path.join(root, "build/document-worker.js") });
