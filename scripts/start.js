#!/usr/bin/env node
// `npm start`: build, then serve on SQLite with demo data (catalogs + demo accounts printed once).
import { spawnSync, spawn } from "node:child_process";

const b = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
if (b.status !== 0) process.exit(b.status ?? 1);
const child = spawn("node", ["build/server.js"], { stdio: "inherit", env: { DEMO: "1", ...process.env } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
