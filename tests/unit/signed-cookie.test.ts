// Remembered signed-cookie reads (app/utils/signed-cookie.server.ts) answer exactly as Remix's parse:
// a good signature gives the value, a tampered or foreign one gives null, every time.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createCookie } from "@remix-run/node";
import { rememberingParse } from "~/utils/signed-cookie.server";

const cookie = createCookie("sid", { secrets: ["s3cret-for-tests"] });
const other = createCookie("sid", { secrets: ["another-secret"] });

test("same answers as cookie.parse for good, tampered, foreign, long and missing headers", async () => {
  const read = rememberingParse(cookie);
  const good = (await cookie.serialize("token-1")).split(";")[0];
  const foreign = (await other.serialize("token-1")).split(";")[0];
  const tampered = good.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
  const long = `${good}; pad=${"x".repeat(2000)}`;
  for (const header of [good, foreign, tampered, long, `a=b; ${good}`, "", "sid=", "garbage"]) {
    for (let i = 0; i < 3; i++) assert.equal(await read(header), await cookie.parse(header), `${header.slice(0, 40)} (read ${i + 1})`);
  }
  assert.is(await read(good), "token-1");
  assert.is(await read(tampered), null);
  assert.is(await read(null), await cookie.parse(null));
});

test("many different headers: answers stay right once the oldest are forgotten", async () => {
  const read = rememberingParse(cookie);
  const headers = await Promise.all(Array.from({ length: 2500 }, async (_, i) => (await cookie.serialize(`t${i}`)).split(";")[0]));
  for (const [i, h] of headers.entries()) assert.is(await read(h), `t${i}`);
  assert.is(await read(headers[0]), "t0", "forgotten, then read again");
});

test.run();
