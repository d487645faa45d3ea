#!/usr/bin/env node
// Part of `npm run build`: writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every
// script and stylesheet of the client build (public/build), which server/app.ts serves as they are
// (express-static-gzip) to clients that accept them. Without this, the compression middleware compressed
// each asset again for every first visit (brotli at quality 4, gzip at 6): server CPU for every expert of a
// cohort opening the wizard, and a larger download for the slow phone. A copy that would not be smaller
// than the file is not written. Prints the totals (bytes).
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dir = path.join(root, "public/build");
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** What the browser loads as text; fonts and images are compressed formats already. */
const TEXT = /\.(js|css|json|svg|txt|map)$/;
/** Below this (bytes) a compressed copy saves less than its headers. */
const MIN_BYTES = 1024;

async function* filesUnder(d) {
  for (const e of await fs.readdir(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (TEXT.test(e.name)) yield p;
  }
}

const totals = { files: 0, raw: 0, br: 0, gz: 0 };
async function precompress(file) {
  const raw = await fs.readFile(file);
  // A copy left by an earlier build must never stand for other content: written anew or removed.
  if (raw.length < MIN_BYTES) return Promise.all([fs.rm(`${file}.br`, { force: true }), fs.rm(`${file}.gz`, { force: true })]);
  const [br, gz] = await Promise.all([
    brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } }),
    gzip(raw, { level: 9 }),
  ]);
  totals.files += 1;
  totals.raw += raw.length;
  await (br.length < raw.length ? fs.writeFile(`${file}.br`, br) : fs.rm(`${file}.br`, { force: true }));
  await (gz.length < raw.length ? fs.writeFile(`${file}.gz`, gz) : fs.rm(`${file}.gz`, { force: true }));
  totals.br += Math.min(br.length, raw.length);
  totals.gz += Math.min(gz.length, raw.length);
}

const started = Date.now();
const files = [];
for await (const f of filesUnder(dir)) files.push(f);
// zlib's async calls run on libuv's thread pool: a few at a time keeps every core busy.
let next = 0;
await Promise.all(Array.from({ length: 4 }, async () => {
  while (next < files.length) await precompress(files[next++]);
}));
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`precompressed ${totals.files} assets in ${Date.now() - started} ms: ${kb(totals.raw)} → brotli ${kb(totals.br)}, gzip ${kb(totals.gz)}`);
