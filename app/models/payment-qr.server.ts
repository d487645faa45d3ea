// A batch's 收款二维码: an image the administrator uploaded (through /uploads, so checked by content),
// attached by its hash; who may see it (administrators, and experts with an approved application in a
// batch that shows it); and the 缴费 card an approved applicant reads.
import { APPROVED_STATE, AUDIT_ACTION } from "./constants";
import type { AppAbility } from "~/engine/permissions/ability";
import { now } from "~/utils/clock.server";
import { formatYuan } from "~/utils/money";
import { db } from "~/utils/db.server";
import { audit } from "./audit.server";
import { fileStorage } from "~/services/file-storage.server";
import { loadSharp, PIXEL_BUDGET } from "~/utils/file-types.server";

type Actor = { id: number; name: string };
export type QrResult = { ok: true; message: string } | { ok: false; status: number; message: string };
const QR_TYPES = ["image/png", "image/jpeg"];
/**
 * The smallest 收款二维码 accepted, in pixels on each side. The QR codes WeChat Pay and Alipay hand out
 * are 430 px and more; a picture below 200 px is a thumbnail or a mistake (a 1 × 1 image was accepted
 * and shown to every expert as the code to scan), which phones scanning a screen fail to read.
 */
export const QR_MIN_SIDE = 200;

/** Attaches an image the administrator uploaded as the batch's QR (replacing any), or removes it (ref null). */
export async function setPaymentQr(actor: Actor, batchId: number, ref: string | null, ip: string): Promise<QrResult> {
  const batch = await db("batches").where({ id: batchId }).first("id", "name", "payment_qr_sha");
  if (!batch) return { ok: false, status: 404, message: "批次不存在" };
  let sha: string | null = null;
  if (ref !== null) {
    const m = /^file:([0-9a-f]{64})$/.exec(ref);
    // Only the administrator's own upload: a hash alone must not let anyone publish someone else's file.
    const upload = m ? await db("uploads").where({ owner_id: actor.id, sha256: m[1] }).first("mime") : null;
    if (!upload) return { ok: false, status: 400, message: "请先上传收款二维码图片" };
    if (!QR_TYPES.includes(upload.mime)) return { ok: false, status: 415, message: "收款二维码须为 PNG 或 JPEG 图片" };
    const side = await imageSides(m![1]);
    if (!side || Math.min(side.width, side.height) < QR_MIN_SIDE) {
      const seen = side ? `（所选图片 ${side.width} × ${side.height} 像素）` : "";
      return { ok: false, status: 422, message: `收款二维码图片太小${seen}，请上传至少 ${QR_MIN_SIDE} × ${QR_MIN_SIDE} 像素的收款码原图` };
    }
    sha = m![1];
  } else if (!batch.payment_qr_sha) {
    return { ok: false, status: 409, message: "该批次还没有收款二维码" };
  }
  await db.transaction(async (trx) => {
    await trx("batches").where({ id: batchId }).update({ payment_qr_sha: sha, updated_at: now() });
    await audit({ actor, action: AUDIT_ACTION.batchPaymentQr, target: { type: "Batch", id: batchId }, ip, detail: { before: batch.payment_qr_sha ?? null, after: sha } }, trx);
  });
  return { ok: true, message: sha ? "收款二维码已保存" : "收款二维码已删除" };
}

/**
 * Width and height (pixels) of a stored image; null when it cannot be read. The file is read whole (sharp
 * reads the size from a buffer): small, since uploads are stored at most STORED_IMAGE_SIDE px a side.
 */
async function imageSides(sha256: string): Promise<{ width: number; height: number } | null> {
  try {
    const chunks: Buffer[] = [];
    for await (const c of fileStorage().open(sha256)) chunks.push(c as Buffer);
    const sharp = await loadSharp();
    const { width, height } = await sharp(Buffer.concat(chunks), { limitInputPixels: PIXEL_BUDGET }).metadata();
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

/** Whether this user may see `sha256` as some batch's QR. */
export async function paymentQrReadable(sha256: string, userId: number, ability: AppAbility): Promise<boolean> {
  const batches = () => db("batches").where({ payment_qr_sha: sha256 });
  if (ability.can("manage", "Batch")) return !!(await batches().first("id"));
  return !!(await db("workflow_instances").where({ owner_id: userId, state: APPROVED_STATE }).whereIn("batch_id", batches().select("id")).first("id"));
}

/** `free`: nothing is due (the enrolment's fee is 0 分); the expert only confirms on the 缴费 page. */
export type PaymentInfo = { due: string; free: boolean; workingDays: number; expertNumber: string; enrolmentId: number | null };

/**
 * The 缴费 pointer an approved applicant reads on their application: the fee (元, from 分: the training
 * enrolment's, which keeps the fee it was made with; the batch's for an application without one), the window
 * and where to pay (their training enrolment's 缴费 page; null for an application approved before
 * approvals enrolled in training). Null before approval or outside a batch.
 */
export async function paymentInfo(instance: { state: string; batchId: number | null; number: string | null; ownerId: number }): Promise<PaymentInfo | null> {
  if (instance.state !== APPROVED_STATE || !instance.batchId || !instance.number) return null;
  const b = await db("batches").where({ id: instance.batchId }).first("fee_fen", "payment_working_days");
  if (!b) return null;
  const enrolment = await db("workflow_instances").where({ workflow_key: "training", owner_id: instance.ownerId, batch_id: instance.batchId }).first("id", "data");
  // The fee the enrolment was made with (it keeps it when the batch's fee changes later); the batch's own without one.
  const terms = enrolment ? (JSON.parse(enrolment.data) as { payment?: { dueFen?: unknown; kind?: unknown } }).payment : undefined;
  const kept = terms?.kind === "fee" ? terms.dueFen : undefined;
  const fen = typeof kept === "number" ? kept : Number(b.fee_fen);
  return {
    due: formatYuan(fen), free: fen === 0, workingDays: Number(b.payment_working_days),
    expertNumber: instance.number, enrolmentId: enrolment ? Number(enrolment.id) : null,
  };
}
