import "../setup/guard";
// The client build's scripts and styles are answered from the copies `npm run build` compressed
// (scripts/precompress.js): brotli to a browser that accepts it, gzip to one that accepts only that, the
// file itself otherwise; each the same bytes once decoded, cached for a year as immutable, varying by
// Accept-Encoding (a shared cache must not hand brotli to a client that cannot read it).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { Client } from "../setup/app";

const BUILD = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../public/build");
/** The largest script of the shared chunks (the antd bundle, say) and the small client entry (< 1 KB: no copy). */
const shared = fs.readdirSync(path.join(BUILD, "_shared")).filter((f) => f.endsWith(".js")).sort((a, b) => fs.statSync(path.join(BUILD, "_shared", b)).size - fs.statSync(path.join(BUILD, "_shared", a)).size)[0];
const entry = fs.readdirSync(BUILD).find((f) => /^entry\.client-.*\.js$/.test(f))!;
const stylesheet = fs.readdirSync(path.join(BUILD, "_assets")).find((f) => f.endsWith(".css") && fs.statSync(path.join(BUILD, "_assets", f)).size > 1024)!;

/** A GET with exactly these headers (fetch would add and decode its own encodings). */
function get(url: string, acceptEncoding?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

const base = new Client().base;

for (const [file, type] of [[`_shared/${shared}`, /^application\/javascript; charset=utf-8$/i], [`_assets/${stylesheet}`, /^text\/css; charset=utf-8$/i]] as const) {
  test(`/build/${file}: brotli, gzip or the file, the same bytes, cached as immutable`, async () => {
    const original = fs.readFileSync(path.join(BUILD, file));
    const br = await get(`${base}/build/${file}`, "gzip, deflate, br");
    assert.is(br.status, 200);
    assert.is(br.headers["content-encoding"], "br");
    assert.ok(zlib.brotliDecompressSync(br.body).equals(original), "brotli decodes to the file");
    assert.ok(br.body.length < original.length * 0.5, `compressed: ${br.body.length} of ${original.length} bytes`);
    assert.match(String(br.headers["content-type"]), type);
    assert.match(String(br.headers.vary), /Accept-Encoding/i);
    assert.match(String(br.headers["cache-control"]), /max-age=31536000.*immutable|immutable.*max-age=31536000/);

    const gz = await get(`${base}/build/${file}`, "gzip, deflate");
    assert.is(gz.headers["content-encoding"], "gzip");
    assert.ok(zlib.gunzipSync(gz.body).equals(original), "gzip decodes to the file");
    assert.ok(br.body.length < gz.body.length, "brotli is the smaller of the two");

    const plain = await get(`${base}/build/${file}`);
    assert.is(plain.headers["content-encoding"], undefined);
    assert.ok(plain.body.equals(original));
    assert.match(String(plain.headers["content-type"]), type);
  });
}

test("a script below 1 KB has no compressed copy and is answered as it is", async () => {
  const original = fs.readFileSync(path.join(BUILD, entry));
  assert.ok(original.length < 1024 && !fs.existsSync(path.join(BUILD, `${entry}.br`)), "the client entry is small and has no copy");
  const res = await get(`${base}/build/${entry}`, "gzip, deflate, br");
  assert.is(res.status, 200);
  assert.is(res.headers["content-encoding"], undefined);
  assert.ok(res.body.equals(original));
});

test.run();
