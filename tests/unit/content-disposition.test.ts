import "../setup/guard";
// The file name a served file carries (utils/content-disposition): written by contentDisposition with an
// ASCII fallback and the exact UTF-8 name, read back by dispositionFileName for FilePreview's caption.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { contentDisposition, dispositionFileName } from "~/utils/content-disposition";

test("a Chinese name survives the round trip; the ASCII fallback only without filename*", () => {
  for (const name of ["调动证明.pdf", "𠮷野家（发票）.png", "a'b (1)*.pdf", "report.pdf"]) {
    assert.is(dispositionFileName(contentDisposition("inline", name)), name, name);
  }
  assert.is(dispositionFileName('inline; filename="plain.pdf"'), "plain.pdf");
  assert.is(dispositionFileName("inline; filename=\"x_.pdf\"; filename*=UTF-8''%E4%B8%AD.pdf"), "中.pdf");
});

test("nothing to read: no header, no name, a malformed escape falls back to the plain name", () => {
  assert.is(dispositionFileName(null), null);
  assert.is(dispositionFileName("inline"), null);
  assert.is(dispositionFileName("inline; filename=\"fallback.pdf\"; filename*=UTF-8''%E4%ZZ"), "fallback.pdf");
  // Control characters and quotes are dropped when written, so they never come back.
  assert.is(dispositionFileName(contentDisposition("attachment", 'a"b\u0007c.pdf')), "abc.pdf");
});

test.run();
