// Admission applications over HTTP, shared by the admission and review tests: start one in a batch,
// fill step 1 (with the applicant's own uploads), download, sign and attach the documents, submit.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as assert from "uvu/assert";
import { db } from "./app";
import type { Client } from "./app";
import { signedIn } from "./factories";
import { pdf, png, upload } from "./uploads";
import { uniqueIdCard, VALID_SAMPLES } from "../fixtures/form-samples";

export const DATA = (route: string) => `_data=${encodeURIComponent(route)}`;
export const STEP1 = ["expert-basic-info", "expert-education", "expert-titles", "expert-qualifications", "expert-work-history", "expert-avoidance"];

/** The seeded batch (2025年第一批). */
export async function batchId(): Promise<number> {
  return (await db("batches").where({ name: "2025年第一批" }).first("id")).id;
}

export async function start(client: Client, batch?: number): Promise<number> {
  const res = await client.post("/apply?index", { intent: "start", batchId: String(batch ?? (await batchId())) });
  assert.is(res.status, 302, await res.clone().text());
  return Number(/\/apply\/(\d+)$/.exec(res.headers.get("location") ?? "")![1]);
}

export type ActBody = { ok: boolean; message: string; errors?: Record<string, Record<string, string[]>> };

export const act = async (client: Client, id: number, fields: Record<string, string>) => {
  const res = await client.post(`/apply/${id}?${DATA("routes/_app.apply.$id")}`, fields);
  return { status: res.status, body: (await res.json()) as ActBody };
};

export async function uploadRef(client: Client, name: string, data: Buffer): Promise<string> {
  const res = await upload(client, name, data);
  assert.is(res.status, 201, await res.clone().text());
  return ((await res.json()) as { ref: string }).ref;
}

// One person per account: the same client always fills in the same 身份证号.
const idCards = new WeakMap<Client, string>();
/** The 身份证号 this client's applicant fills in (unique per client: one person, one pool record). */
export function idCardOf(client: Client): string {
  if (!idCards.has(client)) idCards.set(client, uniqueIdCard());
  return idCards.get(client)!;
}

/** Step 1 data: the valid samples with the applicant's own uploads in every file field. */
export async function step1(client: Client, name = "王建国", region?: string) {
  const photo = await uploadRef(client, "照片.png", png());
  const scan = await uploadRef(client, "证书.pdf", await pdf("certificate"));
  const fill = (v: unknown): unknown =>
    typeof v === "string" && v.startsWith("file:") ? (v === VALID_SAMPLES["expert-basic-info"].photo ? photo : scan)
    : Array.isArray(v) ? v.map(fill)
    : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
    : v;
  const docs = Object.fromEntries(STEP1.map((k) => [k, fill(VALID_SAMPLES[k])])) as Record<string, Record<string, unknown>>;
  docs["expert-basic-info"] = { ...docs["expert-basic-info"], name, idCard: idCardOf(client), photo, idCardFront: photo, ...(region ? { region } : {}) };
  return docs;
}

export const pdfText = (bytes: ArrayBuffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pdf-")), "x.pdf");
  fs.writeFileSync(file, Buffer.from(bytes));
  return spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
};

export async function download(client: Client, id: number, doc: string): Promise<string> {
  const res = await client.get(`/apply/${id}/documents/${doc}`);
  assert.is(res.status, 200);
  assert.is(res.headers.get("content-type"), "application/pdf");
  assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename=/);
  return pdfText(await res.arrayBuffer());
}

export async function signAndAttach(client: Client, id: number, step: string, doc: string) {
  await download(client, id, doc);
  const ref = await uploadRef(client, `${doc}-signed.pdf`, await pdf(`signed ${doc}`));
  const r = await act(client, id, { intent: "attach", step, ref });
  assert.is(r.status, 200, r.body.message);
}

export type ReadyOptions = { name?: string; region?: string; batch?: number };

/** A started application with every step done, ready to submit. */
export async function readyApplication(opts: ReadyOptions = {}) {
  const { client, user } = await signedIn("expert");
  const id = await start(client, opts.batch);
  const docs = await step1(client, opts.name, opts.region);
  assert.is((await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) })).status, 200);
  await signAndAttach(client, id, "pledge", "pledge");
  await signAndAttach(client, id, "application-form", "application-form");
  return { client, user, id, photo: docs["expert-basic-info"].photo as string };
}

export const rowVersion = async (id: number) => String((await db("workflow_instances").where({ id }).first()).row_version);

/** A submitted application (state submitted), applicant in `region`. */
export async function submittedApplication(opts: ReadyOptions = {}) {
  const ready = await readyApplication(opts);
  const r = await act(ready.client, ready.id, { intent: "transition", event: "submit", rowVersion: await rowVersion(ready.id) });
  assert.is(r.status, 200, r.body.message);
  return ready;
}

/**
 * An admission application written straight into the database in `state` (for tests about what
 * reviewers may do with it, where filling it in over HTTP would only cost time).
 */
export async function instanceInState(o: { ownerId: number; state: string; region: string; applicant: string; batch?: number; workflow?: { key: string; version: number } }): Promise<number> {
  const wf = o.workflow ?? { key: "expert-admission", version: 1 };
  const { hash } = await db("workflow_versions").where(wf).first("hash");
  const t = Date.now();
  const [row] = await db("workflow_instances").insert({
    workflow_key: wf.key, workflow_version: wf.version, workflow_hash: hash, owner_id: o.ownerId, batch_id: o.batch ?? (await batchId()),
    state: o.state, row_version: 1, data: "{}", created_at: t, updated_at: t, submitted_at: t, region: o.region, applicant_name: o.applicant,
  }).returning("id");
  return typeof row === "object" ? (row as { id: number }).id : (row as number);
}
