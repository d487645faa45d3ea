// The PaymentPort over the training feature (app/features/training/payments.server.ts): enrolments by
// 专家编号, recorded transactions, settlement. Look-ups come in batches from the classifier: a chunk's
// distinct references one by one (few: most bill lines carry none), its transaction ids in one query
// on the `payments` ledger (whose unique txn_id is what paymentRecorded reads too).
import { db } from "~/utils/db.server";
import { payableByExpertNumber, settlePayment } from "~/features/training/payments.server";
import type { PaymentPort } from "./port";

/** Ids per IN (…) list: well under both databases' parameter limits. */
const IN_CHUNK = 500;

export const trainingPaymentPort: PaymentPort = {
  async payables(numbers) {
    const out = new Map();
    for (const n of numbers) {
      const p = await payableByExpertNumber(n);
      if (p) out.set(n, p);
    }
    return out;
  },
  async recorded(txnIds) {
    const found = new Set<string>();
    for (let i = 0; i < txnIds.length; i += IN_CHUNK) {
      const ids: string[] = await db("payments").whereIn("txn_id", txnIds.slice(i, i + IN_CHUNK)).pluck("txn_id");
      for (const id of ids) found.add(id);
    }
    return found;
  },
  async settledByImport(importId, txnIds) {
    const ids: string[] = await db("payments").where({ import_id: importId }).whereIn("txn_id", [...txnIds]).pluck("txn_id");
    return new Set(ids);
  },
  settle: (instanceId, payment, actor, ip) => settlePayment(instanceId, payment, actor, ip),
};
