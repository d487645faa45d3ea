// 缴费对账, the service: a bill file → preview (every line classified and stored with its original
// text, nothing settled) → commit (the 已匹配 lines settled through the training feature, a hundred to a
// transaction, re-runnable after a crash) → history; and 手工确认缴费. Every administrator action is
// audited.
//
// Preview reads the file once, streaming, and never holds more than a chunk of it: lines are classified
// in chunks (facts looked up per chunk, never per line) and written to the database chunk by chunk,
// under an import in the hidden status "staging" (no page lists it, nothing can commit it). Only a file
// read to its end without refusal becomes a preview (status, counts and audit in one transaction); a
// refused one is deleted again, so it leaves nothing behind; one a crash left half-read is deleted by
// the next preview after STAGING_STALE_MS.
import type { Knex } from "knex";
import { invisibleCharProblem } from "~/engine/forms/invisible-chars";
import { AUDIT_ACTION } from "~/models/constants";
import { audit } from "~/models/audit.server";
import { deliverPendingNotifications } from "~/models/notifications.server";
import { now } from "~/utils/clock.server";
import { db, dialect, paginate } from "~/utils/db.server";
import { fenToYuan, yuanToFen } from "./amount";
import { Classifier, type Payable } from "./classify";
import { BILL_CLASS, IMPORT_STATUS, LINE_OUTCOME_SETTLED, type BillClass, type BillFormat, type ImportStatus } from "./constants";
import { referenceFinder } from "./expert-reference";
import { BillReader } from "./parse/bill.server";
import type { BillSource } from "./parse/source.server";
import { BillRefused, type BillLine } from "./parse/types.server";
import type { Actor, PaymentPort } from "./port";
import type { Paging } from "~/utils/paging";

/** Matched lines settled per round: one transaction (one disk sync) for them all, their outcomes in one more. */
const SETTLE_BATCH = 100;

let delivering: Promise<void> = Promise.resolve();

/**
 * Sends the queued notifications after the answer (a commit of a thousand lines must not wait for a
 * thousand SMS); one delivery at a time. Whatever is not sent stays pending in `notifications` and goes
 * out with the next delivery. deliverPendingNotifications sends up to 100 per call.
 */
function deliverInBackground(count: number): void {
  delivering = delivering.then(async () => {
    for (let sent = 0; sent <= count; sent += 100) await deliverPendingNotifications();
  }).catch((e) => console.error("notification delivery after a payment import failed", e));
}

/** Lines classified per round of look-ups and written per transaction. */
const CHUNK = 2000;
/** Rows per INSERT: 11 parameters each stays under SQLite's 32,766 and PostgreSQL's 65,535 per statement. */
const INSERT_ROWS = 500;
/** How long a commit in progress holds its import before another may take over (a crashed one). */
export const COMMIT_LEASE_MS = 2 * 60_000;
/** A preview still reading after this long was cut off by a crash: the next preview deletes what it wrote. */
export const STAGING_STALE_MS = 60 * 60_000;
/** payment_imports.status while a preview is reading the file (not an ImportStatus: nobody sees it). */
const STAGING = "staging";
const MAX_RAW = 4000;

export type Answer<T> = ({ ok: true } & T) | { ok: false; status: number; message: string };

const COUNT_COLUMN: Record<BillClass, string> = {
  [BILL_CLASS.matched]: "matched_count",
  [BILL_CLASS.mismatch]: "mismatch_count",
  [BILL_CLASS.unknown]: "unknown_count",
  [BILL_CLASS.duplicate]: "duplicate_count",
  [BILL_CLASS.refund]: "refund_count",
  [BILL_CLASS.processed]: "processed_count",
};

/** Every 专家编号 format in use: the batches' (see app/features/pool/expert-number.server.ts). */
export async function expertNumberFormats(): Promise<string[]> {
  return (await db("batches").distinct("number_format").pluck("number_format")) as string[];
}

/** A classified line as inserted, in LINE_COLUMNS order after import_id. */
type ClassifiedLine = [lineNo: number, cls: BillClass, kind: string, reference: string | null, amountFen: number, txnId: string, paidAt: number, instanceId: number | null, note: string, raw: string];
const LINE_COLUMNS = ["import_id", "line_no", "class", "kind", "reference", "amount_fen", "txn_id", "paid_at", "instance_id", "note", "raw"];

/**
 * Inserts classified lines: on PostgreSQL one statement of JSON, on SQLite multi-row VALUES statements of INSERT_ROWS (knex's multi-row insert is
 * a compound SELECT on SQLite, capped at 500 rows, and compiling it costs more than the insert).
 */
async function insertLines(trx: Knex.Transaction, importId: number, rows: ClassifiedLine[]): Promise<void> {
  if (dialect() === "pg") {
    // PostgreSQL: the chunk as one JSON parameter. With 11 bindings a row, knex's placeholder rewriting and
    // the driver's per-value work were most of the preview's extra CPU there (bench: reconcile.preview_ms_pg).
    const objects = rows.map((r) => Object.fromEntries(LINE_COLUMNS.slice(1).map((c, i) => [c, r[i]])));
    await trx.raw(
      `insert into payment_import_lines (${LINE_COLUMNS.join(",")}) select ?, x.* from json_to_recordset(?::json) as ` +
      "x(line_no integer, class text, kind text, reference text, amount_fen bigint, txn_id text, paid_at bigint, instance_id integer, note text, raw text)",
      [importId, JSON.stringify(objects)],
    );
    return;
  }
  const tuple = `(${LINE_COLUMNS.map(() => "?").join(",")})`;
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const part = rows.slice(i, i + INSERT_ROWS);
    const bindings: Knex.RawBinding[] = [];
    for (const r of part) bindings.push(importId, ...r);
    await trx.raw(`insert into payment_import_lines (${LINE_COLUMNS.join(",")}) values ${part.map(() => tuple).join(",")}`, bindings);
  }
}

/** Deletes a staging import and its lines (a refused file, or one a crash cut off). */
async function dropStaged(ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db.transaction(async (trx) => {
    await trx("payment_import_lines").whereIn("import_id", ids).delete();
    await trx("payment_imports").whereIn("id", ids).where({ status: STAGING }).delete();
  });
}

/** A line's stored original text: NUL-free (PostgreSQL refuses it), and bounded. */
const storedRaw = (raw: string) => {
  // eslint-disable-next-line no-control-regex
  const clean = raw.includes("\u0000") ? raw.replace(/\u0000/g, "") : raw;
  return clean.length > MAX_RAW ? `${clean.slice(0, MAX_RAW)}…` : clean;
};

/** Classifies a chunk: one look-up of enrolments for its new references, one of its recorded txn ids. */
async function classifyChunk(lines: BillLine[], classifier: Classifier, payables: Map<string, Payable | null>, port: PaymentPort): Promise<ClassifiedLine[]> {
  const refs = [...new Set(lines.map((l) => l.reference).filter((r): r is string => !!r && !payables.has(r)))];
  if (refs.length) {
    const found = await port.payables(refs);
    for (const r of refs) payables.set(r, found.get(r) ?? null);
  }
  const recorded = await port.recorded([...new Set(lines.filter((l) => l.kind === "payment").map((l) => l.txnId))]);
  return lines.map((l) => {
    const c = classifier.classify(l, { payable: l.reference ? payables.get(l.reference) ?? null : null, recorded: recorded.has(l.txnId) });
    return [l.lineNo, c.class, l.kind, l.reference, l.amountFen, l.txnId, l.paidAt, c.instanceId, c.note.slice(0, 200), storedRaw(l.raw)];
  });
}

export type BillUpload = { source: BillSource; fileName: string; sha256: string; size: number };
export type PreviewAnswer = Answer<{ importId: number }>;

/**
 * Reads and classifies a bill and stores it as an import awaiting 提交 (nothing is settled). A file
 * that is not a bill we read, or is malformed, is refused (422, "第 N 行：reason") and nothing is
 * left written; so is one without any bill line.
 */
export async function previewBill(upload: BillUpload, actor: Actor, ip: string, port: PaymentPort): Promise<PreviewAnswer> {
  const stale: number[] = (await db("payment_imports").where({ status: STAGING }).where("uploaded_at", "<", now() - STAGING_STALE_MS).pluck("id")).map(Number);
  await dropStaged(stale);
  const reader = new BillReader(upload.source, { findReference: referenceFinder(await expertNumberFormats()), fileName: upload.fileName });
  const classifier = new Classifier();
  const payables = new Map<string, Payable | null>();
  const counts = Object.fromEntries(Object.values(COUNT_COLUMN).map((c) => [c, 0])) as Record<string, number>;
  const fileName = upload.fileName.slice(0, 200);
  let importId: number | null = null;
  let done = false;
  try {
    let chunk: BillLine[] = [];
    const write = (rows: ClassifiedLine[]) => db.transaction(async (trx) => {
      if (importId === null) {
        const [row] = await trx("payment_imports").insert({
          file_name: fileName, format: reader.format as BillFormat, sha256: upload.sha256, size_bytes: upload.size,
          status: STAGING, uploaded_by: actor.id, uploaded_at: now(), line_count: 0, other_count: 0, ...counts,
        }).returning("id");
        importId = Number(typeof row === "object" ? row.id : row);
      }
      await insertLines(trx, importId, rows);
    });
    // On PostgreSQL a chunk's insert runs while the next chunk is parsed and classified (the database works
    // in another process meanwhile); at most one is in flight, so at most two chunks are held. SQLite works
    // on this process's threads: overlapping there cost more CPU and memory than it saved (bench: reconcile).
    const overlap = dialect() === "pg";
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!chunk.length) return;
      const rows = await classifyChunk(chunk, classifier, payables, port);
      chunk = [];
      for (const r of rows) counts[COUNT_COLUMN[r[1]]] += 1;
      await writing;
      writing = write(rows);
      if (!overlap) await writing;
      writing.catch(() => undefined); // awaited at the next flush or the end; not unhandled meanwhile
    };
    try {
      for await (const line of reader.read()) {
        chunk.push(line);
        if (chunk.length >= CHUNK) await flush();
      }
      await flush();
    } catch (e) {
      if (e instanceof BillRefused) return { ok: false, status: 422, message: e.message };
      throw e;
    } finally {
      await writing.catch(() => undefined); // settled before anything is dropped or answered
    }
    await writing;
    if (importId === null) return { ok: false, status: 422, message: "文件中没有缴费记录（只有表头或全部是其他收支），请检查是否选错了文件" };
    const id: number = importId;
    await db.transaction(async (trx) => {
      await trx("payment_imports").where({ id }).update({ status: IMPORT_STATUS.preview, uploaded_at: now(), line_count: reader.lines, other_count: reader.skipped, ...counts });
      const before = await trx("payment_imports").where({ sha256: upload.sha256 }).whereNot({ id }).whereNot({ status: STAGING }).count<{ n: number | string }[]>({ n: "*" });
      await audit({
        actor, action: AUDIT_ACTION.paymentImport, target: { type: "PaymentImport", id }, ip,
        detail: { file: fileName, format: reader.format, sha256: upload.sha256, lines: reader.lines, other: reader.skipped, ...counts, importedBefore: Number(before[0].n) },
      }, trx);
    });
    done = true;
    return { ok: true, importId: id };
  } finally {
    if (!done && importId !== null) await dropStaged([importId]);
  }
}

export type CommitAnswer = Answer<{ settled: number; refused: number }>;

/**
 * 提交: settles every 已匹配 line of the import that has no outcome yet, in line order, through
 * `port.settle` (idempotent by transaction id), and records each line's outcome (已入账, or the reason the
 * settlement was refused). The import is held by a lease while this runs: a second 提交 meanwhile is
 * refused (409); one after a crash (lease expired) takes over and goes on with the lines left, so a
 * crash half-way is repaired by committing again. 404 for an unknown import, 409 for a committed one.
 * The experts' notifications (queued by each settlement) are delivered after the answer. Outcomes are
 * written per batch; a line a crash left settled but without its outcome is recognised by its payment
 * (recorded for this import) and marked 已入账 without settling again.
 */
export async function commitImport(importId: number, actor: Actor, ip: string, port: PaymentPort): Promise<CommitAnswer> {
  const t = now();
  const claimed = await db("payment_imports").where({ id: importId })
    .where((q) => q.where({ status: IMPORT_STATUS.preview }).orWhere((w) => w.where({ status: IMPORT_STATUS.committing }).where("lease_until", "<", t)))
    .update({ status: IMPORT_STATUS.committing, lease_until: t + COMMIT_LEASE_MS });
  if (!claimed) {
    const row = await db("payment_imports").where({ id: importId }).first("status");
    if (!row || row.status === STAGING) return { ok: false, status: 404, message: "导入记录不存在" };
    if (row.status === IMPORT_STATUS.committed) return { ok: false, status: 409, message: "该账单已提交，不能重复提交" };
    return { ok: false, status: 409, message: "该账单正在提交中，请稍后刷新页面查看结果" };
  }
  for (;;) {
    const pending: { id: number; line_no: number; instance_id: number; amount_fen: number; txn_id: string; paid_at: number }[] = await db("payment_import_lines")
      .where({ import_id: importId, class: BILL_CLASS.matched }).whereNull("outcome").orderBy("line_no").limit(SETTLE_BATCH)
      .select("id", "line_no", "instance_id", "amount_fen", "txn_id", "paid_at");
    if (!pending.length) break;
    // Lines this import settled before a crash, whose outcome was not written yet.
    const mine = await port.settledByImport(importId, pending.map((l) => l.txn_id));
    const toSettle = pending.filter((l) => !mine.has(l.txn_id));
    const results = await port.settleBatch(toSettle.map((l) => ({
      instanceId: Number(l.instance_id),
      payment: { amountFen: Number(l.amount_fen), txnId: l.txn_id, paidAt: Number(l.paid_at), source: "import" as const, importId, note: `缴费对账导入 #${importId} 第 ${l.line_no} 行` },
    })), actor, ip);
    const refused = new Map(toSettle.flatMap((l, i) => {
      const r = results[i];
      return r.ok ? [] : [[l.id, r.message.slice(0, 200)] as const];
    }));
    // One write per batch: the settled lines in one statement, each refused one (rare) with its reason.
    await db.transaction(async (trx) => {
      const settledIds = pending.filter((l) => !refused.has(l.id)).map((l) => l.id);
      if (settledIds.length) await trx("payment_import_lines").whereIn("id", settledIds).update({ outcome: LINE_OUTCOME_SETTLED });
      for (const [id, outcome] of refused) await trx("payment_import_lines").where({ id }).update({ outcome });
      await trx("payment_imports").where({ id: importId }).update({ lease_until: now() + COMMIT_LEASE_MS });
    });
  }
  const [{ settled }] = await db("payment_import_lines").where({ import_id: importId, class: BILL_CLASS.matched, outcome: LINE_OUTCOME_SETTLED }).count<{ settled: number | string }[]>({ settled: "*" });
  const [{ matched }] = await db("payment_imports").where({ id: importId }).select("matched_count as matched");
  const counts = { settled: Number(settled), refused: Number(matched) - Number(settled) };
  await db.transaction(async (trx) => {
    await trx("payment_imports").where({ id: importId }).update({
      status: IMPORT_STATUS.committed, committed_by: actor.id, committed_at: now(), lease_until: null, settled_count: counts.settled, refused_count: counts.refused,
    });
    await audit({ actor, action: AUDIT_ACTION.paymentImportCommit, target: { type: "PaymentImport", id: importId }, ip, detail: counts }, trx);
  });
  // Settling queued an SMS per enrolment (您的培训费已缴费成功…), kept in `notifications` until sent.
  if (counts.settled) deliverInBackground(counts.settled);
  return { ok: true, ...counts };
}

export type ImportRow = {
  id: number; fileName: string; format: BillFormat; sha256: string; sizeBytes: number; status: ImportStatus;
  uploadedBy: string; uploadedAt: number; committedBy: string | null; committedAt: number | null;
  lineCount: number; otherCount: number; counts: Record<BillClass, number>; settledCount: number; refusedCount: number; importedBefore: number;
};

const importColumns = (q: ReturnType<typeof db>) => q
  .leftJoin("users as u", "u.id", "i.uploaded_by").leftJoin("users as c", "c.id", "i.committed_by")
  .select("i.*", "u.name as uploader_name", "c.name as committer_name");

function toImportRow(r: Record<string, unknown>, importedBefore = 0): ImportRow {
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    id: n("id"), fileName: String(r.file_name), format: r.format as BillFormat, sha256: String(r.sha256), sizeBytes: n("size_bytes"), status: r.status as ImportStatus,
    uploadedBy: String(r.uploader_name ?? ""), uploadedAt: n("uploaded_at"), committedBy: (r.committer_name as string | null) ?? null,
    committedAt: r.committed_at == null ? null : n("committed_at"), lineCount: n("line_count"), otherCount: n("other_count"),
    counts: Object.fromEntries(Object.entries(COUNT_COLUMN).map(([cls, col]) => [cls, n(col)])) as Record<BillClass, number>,
    settledCount: n("settled_count"), refusedCount: n("refused_count"), importedBefore,
  };
}

/** The import history, newest first (previews still reading their file are not part of it). */
export async function listImports(page: Paging): Promise<{ total: number; rows: ImportRow[]; paging: Paging }> {
  const { total, rows, paging } = await paginate<Record<string, unknown>>(importColumns(db("payment_imports as i")).whereNot("i.status", STAGING), { ...page, order: "i.id" });
  return { total, paging, rows: rows.map((r) => toImportRow(r)) };
}

/** One import, with how many earlier imports had the same file content; null when unknown. */
export async function getImport(id: number): Promise<ImportRow | null> {
  const r = await importColumns(db("payment_imports as i")).where("i.id", id).whereNot("i.status", STAGING).first();
  if (!r) return null;
  const [{ n }] = await db("payment_imports").where({ sha256: r.sha256 }).where("id", "<", id).whereNot({ status: STAGING }).count<{ n: number | string }[]>({ n: "*" });
  return toImportRow(r, Number(n));
}

export type LineRow = {
  id: number; lineNo: number; class: BillClass; kind: "payment" | "refund"; reference: string | null; amountFen: number;
  txnId: string; paidAt: number; note: string; raw: string; outcome: string | null;
};

/** A page of an import's lines in file order, optionally of one class. */
export async function listLines(importId: number, cls: BillClass | null, page: { offset: number; limit: number }): Promise<{ total: number; rows: LineRow[] }> {
  const q = db("payment_import_lines").where({ import_id: importId });
  if (cls) q.where({ class: cls });
  const [{ n }] = await q.clone().count<{ n: number | string }[]>({ n: "*" });
  const rows = await q.orderBy("line_no").offset(page.offset).limit(page.limit).select("*");
  return {
    total: Number(n),
    rows: rows.map((r: Record<string, unknown>) => ({
      id: Number(r.id), lineNo: Number(r.line_no), class: r.class as BillClass, kind: r.kind as "payment" | "refund", reference: (r.reference as string | null) ?? null,
      amountFen: Number(r.amount_fen), txnId: String(r.txn_id), paidAt: Number(r.paid_at), note: String(r.note ?? ""), raw: String(r.raw), outcome: (r.outcome as string | null) ?? null,
    })),
  };
}

export type ManualInput = { expertNumber: string; amount: string; txnId: string; reason: string };
export type ManualAnswer = { ok: true; message: string } | { ok: false; status: number; errors: Partial<Record<keyof ManualInput, string>>; message: string };

/**
 * 手工确认缴费: an administrator confirms a payment the bills cannot show (paid another way, a note
 * without the 专家编号…), with a reason. The 专家编号 is read as the bills read it (either case, full-width
 * forms: expert-reference.ts) and must have an unpaid enrolment, the amount must be the
 * fee due (元, up to two decimals), the reason is required (≤ 200 characters), a 交易号 is optional (if
 * given, a later bill line with it is 已处理). Refusals: 400 (field messages), 404 (no enrolment),
 * 409 (already paid, transaction already recorded, or refused by the training feature). Audited.
 */
export async function confirmManually(input: ManualInput, actor: Actor, ip: string, port: PaymentPort): Promise<ManualAnswer> {
  const errors: Partial<Record<keyof ManualInput, string>> = {};
  // Typed as the expert reads it out: "xj20250001" or full-width digits are the batch format's number.
  const typed = input.expertNumber.normalize("NFKC").trim();
  const found = typed ? referenceFinder(await expertNumberFormats())([typed]) : null;
  const number = found && found.toUpperCase() === typed.toUpperCase() ? found : typed;
  if (!number) errors.expertNumber = "请填写专家编号";
  else if (number.length > 40) errors.expertNumber = "专家编号过长";
  const fen = yuanToFen(input.amount);
  if (!input.amount.trim()) errors.amount = "请填写实缴金额";
  else if (!fen.ok) errors.amount = fen.reason;
  else if (fen.fen <= 0) errors.amount = "实缴金额须大于 0";
  const txnId = input.txnId.normalize("NFKC").trim();
  if (txnId && (txnId.length > 64 || /\s/.test(txnId))) errors.txnId = "交易号不能超过 64 个字符，且不能含空格";
  const reason = input.reason.trim();
  const invisible = invisibleCharProblem(reason);
  if (!reason) errors.reason = "请填写手工确认的原因";
  else if ([...reason].length > 200) errors.reason = "原因不能超过 200 个字";
  else if (invisible) errors.reason = `原因${invisible}`;
  if (Object.keys(errors).length) return { ok: false, status: 400, errors, message: "请按提示修改后再提交" };
  const amountFen = (fen as { fen: number }).fen;
  const payable = (await port.payables([number])).get(number);
  if (!payable) return { ok: false, status: 404, errors: { expertNumber: `专家编号 ${number} 不存在或没有待缴费的培训` }, message: "未找到待缴费的培训" };
  if (payable.settled) return { ok: false, status: 409, errors: { expertNumber: "该专家的培训费已确认缴费" }, message: "该专家的培训费已确认缴费，无需再次确认" };
  if (amountFen !== payable.dueFen) return { ok: false, status: 400, errors: { amount: `实缴金额与应缴金额 ${fenToYuan(payable.dueFen)} 元不符，请核实` }, message: "请按提示修改后再提交" };
  if (txnId && (await port.recorded([txnId])).has(txnId)) return { ok: false, status: 409, errors: { txnId: "该交易号已入账" }, message: "该交易号已入账，无需手工确认" };
  const r = await port.settle(payable.instanceId, { amountFen, txnId: txnId || null, paidAt: now(), source: "manual", note: reason }, actor, ip);
  if (!r.ok) return { ok: false, status: 409, errors: {}, message: r.message };
  await audit({
    actor, action: AUDIT_ACTION.paymentManualConfirm, target: { type: "TrainingEnrolment", id: payable.instanceId }, ip,
    detail: { expertNumber: payable.expertNumber, amountFen, txnId: txnId || null, reason },
  });
  await deliverPendingNotifications();
  return { ok: true, message: `已确认 ${payable.expertNumber} 缴费 ${fenToYuan(amountFen)} 元` };
}
