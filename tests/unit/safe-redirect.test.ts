import "../setup/guard";
// Redirect targets from users (issue 14 §2): whatever is typed, the answer is a path on the app's own
// origin. Generated targets mix control characters, backslashes, encoded slashes, schemes, whitespace
// and unicode with the pieces real attacks use.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { safeRedirect } from "~/utils/safe-redirect";

const SELF = "https://experts.example.cn:8443";

/** What a browser does with the Location header: it must stay on SELF, and say the same thing again. */
function assertSamePath(r: string, input: unknown) {
  const label = `${JSON.stringify(input)} → ${JSON.stringify(r)}`;
  assert.ok(r.startsWith("/") && !r.startsWith("//") && !r.startsWith("/\\"), label);
  assert.ok(/^[\x21-\x7e]+$/.test(r), `printable ASCII only: ${label}`);
  assert.is(new URL(r, SELF).origin, SELF, label);
  assert.is(new URL(r, "http://elsewhere.test").host, "elsewhere.test", `a relative path: ${label}`);
  assert.is(safeRedirect(r, SELF), r, `stable: ${label}`);
}

test("the reported attacks and their relatives go home", () => {
  for (const to of [
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example", "//evil.example",
    "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "https://evil.example/x", "HTTPS://evil.example", "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "/.//evil.example", "/..//evil.example", "//evil.example@experts.example.cn",
    "https://experts.example.cn:8443@evil.example/", "https://user:pw@experts.example.cn:8443/", "\u0000//evil.example",
    "ftp://evil.example", "//\u3002evil.example", "", null, undefined, 42, ["/apply"],
  ]) {
    assert.is(safeRedirect(to, SELF), "/", JSON.stringify(to));
  }
});

test("same-origin targets are kept (as serialised paths)", () => {
  assert.is(safeRedirect("/apply/3?step=2#top", SELF), "/apply/3?step=2#top");
  assert.is(safeRedirect("/review?q=张三", SELF), "/review?q=%E5%BC%A0%E4%B8%89");
  assert.is(safeRedirect("/%2F%2Fevil.example", SELF), "/%2F%2Fevil.example", "an encoded slash is part of a path here");
  assert.is(safeRedirect(`${SELF}/admin/users`, SELF), "/admin/users", "an absolute URL of this very origin");
  assert.is(safeRedirect("/x\ny", SELF), "/xy", "the parser drops a newline; nothing reaches the header raw");
  assert.is(safeRedirect("https://evil.example", SELF, "/apply"), "/apply", "the fallback is the caller's");
});

const PIECES = ["/", "//", "\\", "/\\", "\t", "\n", "\r", "\u0000", "\u001f", " ", "\u00a0", "\u3000", "\u202e", "\ufeff", "%2f", "%2F", "%5c", "%09", "%0a",
  "%00", ".", "..", "@", ":", "?", "#", "evil.example", "experts.example.cn:8443", "javascript:", "http:", "https:", "data:", "file:", "HTTP://",
  "\u3002", "\uff0f", "\u2215", "\u2044", "ｅｖｉｌ", "😀", "張"];

test("generated targets: the result is always a path on the app's own origin (fast-check)", () => {
  const target = fc.oneof(
    fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((p) => p.join("")),
    fc.tuple(fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }), fc.string({ unit: "binary", maxLength: 20 })).map(([p, s]) => p.join("") + s),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
  );
  fc.assert(fc.property(target, (to) => assertSamePath(safeRedirect(to, SELF), to)), { numRuns: 3000 });
});

test.run();
