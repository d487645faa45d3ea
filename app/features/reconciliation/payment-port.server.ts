// The PaymentPort over the training feature (app/features/training/payments.server.ts): enrolments by
// 专家编号, recorded transactions, settlement. Look-ups come in batches from the classifier: a chunk's
// distinct references in one query, its transaction ids in one query per IN_CHUNK on the `payments`
// ledger (whose unique txn_id is what paymentRecorded reads too). A batch of settlements shares one
// transaction (one disk sync), each settlement in a savepoint of its own.
import { db } from "~/utils/db.server";
import { payablesByExpertNumbers, settlePayment } from "~/features/training/payments.server";
import type { PaymentPort } from "./port";

/** Ids per IN (…) list: well under both databases' parameter limits. */
const IN_CHUNK = 2000;

export const trainingPaymentPort: PaymentPort = {
  payables: (numbers) => payablesByExpertNumbers(numbers),
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
  settleBatch: (items, actor, ip) => db.transaction(async (trx) => {
    const out = [];
    for (const { instanceId, payment } of items) out.push(await settlePayment(instanceId, payment, actor, ip, trx));
    return out;
  }),
};
