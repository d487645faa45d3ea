import "../setup/guard";
// Issue 4, acceptance 2: at least 2,000 generated bad documents per form thrown at the save endpoint
// (full validation, as 保存 does) through the real HTTP chain: no 5xx, every message Chinese, no rows.
// test-runner: own shard (a short file that runs for minutes: scripts/test.js starts it first, alone)
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import { validateDocument } from "~/engine/forms/validate";
import { db } from "../setup/app";

// Ask for the action's JSON (as Remix's fetcher does) rather than the re-rendered page.
const DATA = encodeURIComponent("routes/_app.forms.$key");
import { signedIn } from "../setup/factories";
import { badDocument } from "../fixtures/bad-documents";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

// 2,000 per form (issue 4) on SQLite, the README's default, which every CI run covers. On PostgreSQL a
// tenth: a bad document is refused by validation before any statement, so the database's part, "no
// rows written", shows as well in a sample, and the full count there cost CI about ten CPU-minutes.
const PER_FORM = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? 200 : 2_000;
const PARALLEL = 8;
const HAS_CHINESE = /[\u4e00-\u9fa5]/;

/** JSON text of a generated document as a browser could send it, or null (BigInt, cycles…). */
function asJson(doc: unknown): string | null {
  try {
    const text = JSON.stringify(doc);
    return typeof text === "string" ? text : null;
  } catch {
    return null;
  }
}

const counts = async () => {
  const [s, f] = await Promise.all([db("form_submissions").count({ n: "*" }), db("submission_files").count({ n: "*" })]);
  return { submissions: Number(s[0].n), files: Number(f[0].n) };
};

for (const { stem, definition } of loadFormFiles()) {
  test(`${stem}: ${PER_FORM} bad documents through POST /forms/${stem}`, async () => {
    const { client } = await signedIn("expert");
    const before = await counts();
    // Only documents the validator itself refuses once they are JSON (what the server will parse) count.
    const bodies: string[] = [];
    const gen = badDocument(VALID_SAMPLES[stem]);
    for (let seed = 1; bodies.length < PER_FORM; seed++) {
      for (const doc of fc.sample(gen, { numRuns: 500, seed })) {
        const text = asJson(doc);
        if (text === null || text.length > 50_000) continue;
        if (validateDocument(definition, JSON.parse(text), { mode: "full" }).ok) continue;
        bodies.push(text);
        if (bodies.length === PER_FORM) break;
      }
    }
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await client.post(`/forms/${stem}?_data=${DATA}`, { intent: "submit", data: body });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const payload = (await res.json()) as { errors?: Record<string, string[]>; error?: string };
        assert.ok(res.status >= 400 && res.status < 500, `status ${res.status} for ${body.slice(0, 200)}`);
        const messages = payload.error ? [payload.error] : Object.values(payload.errors ?? {}).flat();
        assert.ok(messages.length > 0, `a refusal says why: ${body.slice(0, 200)}`);
        for (const m of messages) assert.ok(HAS_CHINESE.test(m), `not Chinese: ${m}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    assert.equal(await counts(), before, "no rows written");
    assert.is([...statuses.values()].reduce((a, b) => a + b, 0), PER_FORM);
  });
}

test.run();
