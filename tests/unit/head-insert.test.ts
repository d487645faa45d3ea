import "../setup/guard";
// insertBeforeHeadEnd splices markup into a streamed HTML document just before its first </head>, once,
// wherever React's chunks happen to cut the tag, and leaves every other byte as it came.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Readable } from "node:stream";
import { insertBeforeHeadEnd } from "~/utils/head-insert.server";

async function through(chunks: string[], markup: () => string): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks.map((c) => Buffer.from(c, "utf8"))).pipe(insertBeforeHeadEnd(markup))) out.push(c as Buffer);
  return Buffer.concat(out).toString("utf8");
}

const DOC = "<!DOCTYPE html><html><head><title>首页</title></head><body><p>您好</p></body></html>";
const STYLE = "<style>.a{}</style>";
const EXPECTED = DOC.replace("</head>", `${STYLE}</head>`);

test("the markup goes right before </head>, in one chunk or with the tag cut anywhere", async () => {
  assert.is(await through([DOC], () => STYLE), EXPECTED);
  const at = DOC.indexOf("</head>");
  for (let cut = at - 1; cut <= at + 7; cut++) {
    assert.is(await through([DOC.slice(0, cut), DOC.slice(cut)], () => STYLE), EXPECTED, `cut at ${cut}`);
  }
  assert.is(await through([...DOC], () => STYLE), EXPECTED, "one character per chunk");
});

test("once: a later </head> (in the page's text) is left alone, and markup is asked for once", async () => {
  let calls = 0;
  const doc = `${DOC}<pre>&lt;/head&gt;</pre></head>`;
  assert.is(await through([doc], () => {
    calls++;
    return STYLE;
  }), doc.replace("</head>", `${STYLE}</head>`));
  assert.is(calls, 1);
});

test("empty markup or a document without </head> passes unchanged", async () => {
  assert.is(await through([DOC], () => ""), DOC);
  assert.is(await through(["<p>片段</p>", "<p>没有头</p>"], () => STYLE), "<p>片段</p><p>没有头</p>");
});

test.run();
