import "../setup/guard";
// React 18's streamed HTML may end a 2 KB chunk with the 1–3 unwritten bytes of a multi-byte character
// (NULs); withoutTrailingNuls drops them and nothing else.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Readable } from "node:stream";
import { withoutTrailingNuls } from "~/utils/react18-nul-fix.server";

async function through(chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(withoutTrailingNuls())) out.push(c as Buffer);
  return Buffer.concat(out);
}

test("the unwritten tail of a chunk is dropped; the character follows whole in the next chunk", async () => {
  const du = Buffer.from("读", "utf8"); // 3 bytes
  const first = Buffer.concat([Buffer.from("（1 条未", "utf8"), Buffer.alloc(2)]); // 2 bytes left unwritten
  const second = Buffer.concat([du, Buffer.from("）", "utf8")]);
  assert.is((await through([first, second])).toString("utf8"), "（1 条未读）");
});

test("text without NULs passes unchanged, and at most three trailing NULs are taken", async () => {
  assert.is((await through([Buffer.from("<p>评标专家</p>", "utf8")])).toString("utf8"), "<p>评标专家</p>");
  const four = Buffer.concat([Buffer.from("a"), Buffer.alloc(4)]);
  assert.is((await through([four])).length, 2, "a fourth NUL is not React's tail: kept");
});

test.run();
