// The baseline for the verify benchmark: a bare node:http handler doing the verify page's work without
// the framework — check the token's signature, read the certificate by its number, answer the same HTML.
import http from "node:http";
import { verifyHtml, verifyOutcome } from "~/features/certificates/verify.server";

http
  .createServer((req, res) => {
    const token = decodeURIComponent((req.url ?? "").replace(/^\/verify\//, "").split("?")[0]);
    verifyOutcome(token)
      .then((o) => {
        const { status, html } = verifyHtml(o, Date.now());
        res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=30" }).end(html);
      })
      .catch(() => res.writeHead(500).end());
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
