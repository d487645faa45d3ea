// File uploads end to end (issue "Form engine", files; issue 14 §1 and §4): PDFs served back
// byte-identical and images as normalised when stored, to those allowed; every refusal in Chinese with
// nothing stored; size caps on both body framings; orphan cleanup. Content checks: upload-content.test.ts.
import "../setup/guard";
import crypto from "node:crypto";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { build, clock, Client, db } from "../setup/app";
import { signedIn } from "../setup/factories";
import sharp from "sharp";
import { JPEG, chunked, pdf, png, storedFiles, upload, uploadedSha, type UploadOpts } from "../setup/uploads";

type Cleanup = (olderThanMs?: number) => Promise<{ rows: number; blobs: number; temps: number }>;
const cleanup = (build.entry.module as unknown as { cleanupOrphanUploads: Cleanup }).cleanupOrphanUploads;

const MAX = 10 * 1024 * 1024;
const CJK = /[\u4e00-\u9fff]/;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

async function uploadsCount() {
  const [{ n }] = await db("uploads").count<{ n: number | string }[]>({ n: "*" });
  return Number(n);
}

const t = suite("uploads");
let owner: Client;
let ownerId: number;
let other: Client;
let reviewer: Client;

t.before(async () => {
  ({ client: owner, user: { id: ownerId } } = await signedIn("expert"));
  ({ client: other } = await signedIn("expert"));
  ({ client: reviewer } = await signedIn("reviewer"));
});

t.after(() => clock.reset());

/** Uploads and expects a refusal with `status`, a Chinese message, and no new row, blob or temp file. */
async function refused(status: number, name: string, data: Buffer, opts: UploadOpts = {}, client = owner) {
  const rows = await uploadsCount();
  const files = storedFiles();
  const res = await upload(client, name, data, opts);
  const body = (await res.json()) as { error?: string };
  assert.is(res.status, status, `${name}: ${body.error}`);
  assert.ok(CJK.test(body.error ?? ""), `Chinese message for ${name}: ${body.error}`);
  assert.is(await uploadsCount(), rows, `no uploads row after refusing ${name}`);
  assert.equal(storedFiles(), files, `no file left after refusing ${name}`);
  return body.error!;
}

t("PNG, JPEG and PDF are accepted and served back to the owner (PDF byte-identical, images as normalised), with safe headers", async () => {
  const doc = await pdf();
  const cases = [
    { name: "照片.png", data: png(), mime: "image/png", accept: "image/jpeg,image/png" },
    { name: "证件.JPG", data: JPEG, mime: "image/jpeg", accept: "image/*" },
    { name: "申请表 (终稿).pdf", data: doc, mime: "application/pdf", accept: "application/pdf" },
  ];
  for (const c of cases) {
    const res = await upload(owner, c.name, c.data, { accept: c.accept });
    const body = (await res.json()) as { ref: string; size: number };
    assert.is(res.status, 201, JSON.stringify(body));
    const stored = body.ref.replace(/^file:/, "");
    assert.equal(body, { ref: `file:${stored}`, name: c.name, size: body.size, mime: c.mime });

    const got = await owner.get(`/uploads/${stored}`);
    assert.is(got.status, 200);
    const served = Buffer.from(await got.arrayBuffer());
    assert.is(sha(served), stored, `${c.name}: the ref is the hash of what is served`);
    assert.is(served.length, body.size);
    if (c.mime === "application/pdf") assert.ok(served.equals(c.data), `${c.name} byte-identical`);
    else {
      // Normalised by sharp: same kind, same size in pixels, same picture.
      const [a, b] = await Promise.all([c.data, served].map((x) => sharp(x).metadata()));
      assert.equal([b.width, b.height, b.format], [a.width, a.height, a.format], `${c.name}: same kind and size`);
      if (c.mime === "image/png") {
        const [pa, pb] = await Promise.all([c.data, served].map((x) => sharp(x).removeAlpha().raw().toBuffer()));
        assert.ok(pa.equals(pb), `${c.name}: same pixels`);
      }
    }
    assert.is(got.headers.get("content-type"), c.mime);
    assert.ok(got.headers.get("x-content-type-options")?.includes("nosniff"));
    assert.is(got.headers.get("cache-control"), "no-store", "personal files are never cached (issue 14 §2)");
    const cd = got.headers.get("content-disposition") ?? "";
    assert.ok(cd.startsWith("inline; filename=\""), cd);
    assert.ok(cd.includes(`filename*=UTF-8''${encodeURIComponent(c.name).replace(/[()]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`)}`), cd);
    assert.not.ok(/[^\x20-\x7e]/.test(cd), "header is ASCII");
    assert.is(/sandbox/.test(got.headers.get("content-security-policy") ?? ""), c.mime === "application/pdf", `CSP sandbox for ${c.name}`);
  }
  const dl = await owner.get(`/uploads/${sha(doc)}?download=1`);
  assert.ok(dl.headers.get("content-disposition")?.startsWith('attachment; filename="___ (__).pdf"'), dl.headers.get("content-disposition") ?? "");
  await dl.arrayBuffer();
});

t("another expert gets 404 for someone else's file, as for a file that does not exist or a bad name", async () => {
  const stored = await uploadedSha(owner, "a.png", png());
  assert.is((await owner.get(`/uploads/${stored}`)).status, 200);
  for (const url of [`/uploads/${stored}`, `/uploads/${"0".repeat(64)}`, "/uploads/not-a-hash", `/uploads/${stored.toUpperCase()}`]) {
    const res = await other.get(url);
    assert.is(res.status, 404, url);
    assert.ok(CJK.test(((await res.json()) as { error: string }).error));
  }
});

t("anonymous: POST is 401, GET is sent to the login page", async () => {
  const anon = await new Client().prime();
  const data = png();
  await refused(401, "a.png", data, {}, anon);
  const get = await anon.get(`/uploads/${sha(data)}`);
  assert.is(get.status, 302);
  assert.ok(get.headers.get("location")?.startsWith("/login"));
});

t("a missing or wrong CSRF header is refused with 403", async () => {
  await refused(403, "a.png", png(), { csrf: false });
  await refused(403, "a.png", png(), { csrf: "x".repeat(43) });
});

t("content decides: a PNG named .pdf, a truncated PDF, an empty file and a non-image are refused", async () => {
  await refused(422, "扫描件.pdf", png());
  await refused(422, "照片.png", JPEG);
  const doc = await pdf();
  await refused(422, "申请表.pdf", doc.subarray(0, Math.floor(doc.length / 2)));
  await refused(422, "申请表.pdf", doc.subarray(0, doc.length - 12));
  await refused(422, "图.png", png().subarray(0, 40));
  await refused(400, "空.pdf", Buffer.alloc(0));
  await refused(415, "说明.txt", Buffer.from("只是一段文字"));
  await refused(415, "x.exe", Buffer.from("MZ\x90\x00\x03\x00\x00\x00"));
});

t("a type outside `accept` is refused", async () => {
  const msg = await refused(415, "照片.png", png(), { accept: "application/pdf" });
  assert.ok(msg.includes("PDF"), msg);
  await refused(415, "申请表.pdf", await pdf(), { accept: "image/jpeg,image/png" });
});

t("bad file names are refused: path parts, control characters, overlong", async () => {
  for (const name of ["../a.png", "..\\a.png", "dir/a.png", "..", "a\u0001.png", "a\u0007b.png", "a\u202egnp.exe", `${"长".repeat(201)}.png`, ""]) {
    await refused(400, name, png());
  }
});

t("more than one file, no file, and a body that is not multipart are refused", async () => {
  const a = png();
  await refused(400, "a.png", a, { parts: [{ name: "file", filename: "a.png", data: a }, { name: "file", filename: "b.png", data: png() }] });
  await refused(400, "a.png", a, { parts: [{ name: "accept", data: "image/png" }] });
  await refused(400, "a.png", a, { parts: [{ name: "file", data: "no filename" }] });
  const rows = await uploadsCount();
  for (const [body, type] of [
    ["hello", "text/plain"], ["a=b", "application/x-www-form-urlencoded"], ["--x\r\ngarbage", "multipart/form-data; boundary=x"],
    ["--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG", "multipart/form-data; boundary=x"],
    ["", "multipart/form-data"],
  ] as const) {
    const res = await owner.fetch("/uploads", { method: "POST", body, headers: { "content-type": type, "x-csrf-token": owner.csrf } });
    assert.ok(res.status >= 400 && res.status < 500, `${type} → ${res.status}`);
    assert.ok(CJK.test(((await res.json()) as { error: string }).error));
  }
  assert.is(await uploadsCount(), rows);
});

t("oversized files get 413, with a Content-Length and chunked, and leave nothing behind", async () => {
  const head = png();
  const big = (n: number) => Buffer.concat([head, Buffer.alloc(n - head.length)]);
  await refused(413, "大.png", big(MAX + 1)); // past the file cap, within the body cap: the route stops it
  await refused(413, "大.png", big(MAX + 200 * 1024)); // a declared length over the body cap: answered at once
  await refused(413, "大.png", big(MAX + 1), { chunked: true });
  await refused(413, "大.png", big(MAX + 200 * 1024), { chunked: true });
  // Not multipart at all and chunked: the server's own byte cap cuts it off.
  const res = await owner.fetch("/uploads", {
    method: "POST", body: chunked(Buffer.alloc(MAX + 200 * 1024, 0x41)), duplex: "half",
    headers: { "content-type": "multipart/form-data; boundary=zzz", "x-csrf-token": owner.csrf },
  } as RequestInit);
  assert.is(res.status, 413);
  assert.ok(CJK.test(((await res.json()) as { error: string }).error));
  // The connection was closed after the refusal; the next request still works.
  assert.is((await upload(owner, "小.png", png())).status, 201);
});

t("a file of exactly the limit is accepted", async () => {
  // A PNG whose IEND still closes the file: padding goes into an ancillary chunk (the CRC is not checked).
  const p = png();
  const iend = p.subarray(p.length - 12);
  const pad = MAX - p.length - 12;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(pad);
  const data = Buffer.concat([p.subarray(0, p.length - 12), len, Buffer.from("zzZz"), Buffer.alloc(pad), Buffer.alloc(4), iend]);
  assert.is(data.length, MAX);
  const res = await upload(owner, "正好.png", data, { chunked: true });
  assert.is(res.status, 201, JSON.stringify(await res.clone().json()));
});

t("the same bytes uploaded twice make one blob and one row; another user's copy shares the blob", async () => {
  const data = png();
  const files = storedFiles();
  const stored = new Set<string>();
  for (const c of [owner, owner, other]) stored.add(await uploadedSha(c, "同一张.png", data));
  assert.is(stored.size, 1, "the same bytes normalise to the same bytes");
  const [s0] = stored;
  const added = storedFiles().filter((f) => !files.includes(f));
  assert.equal(added, [`${s0.slice(0, 2)}/${s0}`]);
  assert.is(Number((await db("uploads").where({ sha256: s0 }).count<{ n: number }[]>({ n: "*" }))[0].n), 2);
  assert.is((await other.get(`/uploads/${s0}`)).status, 200, "each uploader may read their own copy");
});

t("more than 60 uploads in 10 minutes are refused with 429", async () => {
  const { client, user } = await signedIn("expert");
  const t0 = Date.now();
  await db("uploads").insert(Array.from({ length: 60 }, (_, i) => ({
    owner_id: user.id, sha256: sha(Buffer.from(`rate ${user.id} ${i}`)), size: 1, mime: "image/png", original_name: `${i}.png`, created_at: t0,
  })));
  await refused(429, "a.png", png(), {}, client);
  await db("uploads").where({ owner_id: user.id }).delete();
});

t("a reader of a submission may fetch its files; others may not", async () => {
  const stored = await uploadedSha(owner, "附件.png", png());
  await linkToSubmission(stored, "attach-test");
  const { client: admin } = await signedIn("admin");
  assert.is((await admin.get(`/uploads/${stored}`)).status, 200, "an admin reads every submission");
  // Reviewers read the files of applications in their scope only (review-permissions.test.ts).
  assert.is((await reviewer.get(`/uploads/${stored}`)).status, 404, "a standalone form is not a reviewer's");
  assert.is((await other.get(`/uploads/${stored}`)).status, 404, "another expert does not");
});

async function linkToSubmission(sha256: string, key: string) {
  const t0 = Date.now();
  const [row] = await db("form_submissions")
    .insert({ owner_id: ownerId, form_key: key, form_version: 1, form_hash: "0".repeat(64), scope: "self", data: "{}", status: "draft", created_at: t0, updated_at: t0 })
    .returning("id");
  const id = typeof row === "object" ? (row as { id: number }).id : row;
  await db("submission_files").insert({ submission_id: id, sha256 });
}

t("orphan cleanup removes an unreferenced upload and its blob a day later, keeps a referenced one", async () => {
  const orphan = await uploadedSha(owner, "孤儿.png", png());
  const kept = await uploadedSha(owner, "保留.png", png());
  await linkToSubmission(kept, "cleanup-test");
  const blob = (s: string) => `${s.slice(0, 2)}/${s}`;

  const early = await cleanup();
  assert.is(early.rows, 0, "nothing is a day old yet");
  assert.ok(storedFiles().includes(blob(orphan)));

  clock.advance(25 * 60 * 60 * 1000);
  await cleanup();
  assert.not.ok(await db("uploads").where({ sha256: orphan }).first(), "orphan row gone");
  assert.not.ok(storedFiles().includes(blob(orphan)), "orphan blob gone");
  assert.ok(await db("uploads").where({ sha256: kept, owner_id: ownerId }).first(), "referenced row kept");
  assert.ok(storedFiles().includes(blob(kept)), "referenced blob kept");
  assert.equal(storedFiles().filter((f) => f.startsWith("tmp/")), [], "no temp files");
});

t.run();
