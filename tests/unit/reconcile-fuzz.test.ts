import "../setup/guard";
// Property-based: thousands of generated bad bill files through the whole parse + classify path (the
// code the upload runs). Each one either reads to its end, every line well formed, or is refused with a
// BillRefused whose message is Chinese and whose line, if any, is a line of the file. Nothing else may
// be thrown, and nothing may hang (each file is small; uvu's run would time out).
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import { Classifier } from "~/features/reconciliation/classify";
import { BILL_CLASSES } from "~/features/reconciliation/constants";
import { referenceFinder } from "~/features/reconciliation/expert-reference";
import { BillReader } from "~/features/reconciliation/parse/bill.server";
import { bufferSource } from "~/features/reconciliation/parse/source.server";
import { BillRefused } from "~/features/reconciliation/parse/types.server";
import { badBill } from "../fixtures/bills/bad-bills";

const RUNS = 2_400;
// Every generated file is damaged or hostile; some damage lands where no reader looks (a 商品名称, a
// preamble line) and the file is still a valid bill, whose lines are then checked. At least this many
// must be refused (in practice about 60 %).
const MIN_REFUSED = 1_200;
const CHINESE = /[\u4e00-\u9fa5]/;

test(`${RUNS} generated bad bill files: read to the end with well-formed lines, or refused in Chinese`, async () => {
  const find = referenceFinder(["XJ{year}{seq:4}"]);
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(badBill, async (bytes) => {
      const reader = new BillReader(bufferSource(bytes), { findReference: find });
      const classifier = new Classifier();
      try {
        for await (const l of reader.read()) {
          assert.ok(Number.isSafeInteger(l.amountFen) && l.amountFen >= 0, `amount ${l.amountFen}`);
          assert.ok(Number.isFinite(l.paidAt), "time");
          assert.ok(l.txnId.length >= 1 && l.txnId.length <= 64 && !/\s/.test(l.txnId), `txn ${l.txnId}`);
          assert.ok(l.lineNo >= 1 && typeof l.raw === "string");
          assert.ok(l.reference === null || l.reference.length <= 64);
          const c = classifier.classify(l, { payable: null, recorded: false });
          assert.ok(BILL_CLASSES.includes(c.class));
        }
      } catch (e) {
        if (!(e instanceof BillRefused)) throw e;
        assert.match(e.message, CHINESE);
        assert.ok(e.lineNo === null || (Number.isInteger(e.lineNo) && e.lineNo >= 1), `line ${e.lineNo}`);
        refused += 1;
      }
    }),
    { numRuns: RUNS },
  );
  assert.ok(refused >= MIN_REFUSED, `only ${refused} of ${RUNS} generated files were bad enough to be refused`);
});

test.run();
