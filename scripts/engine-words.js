#!/usr/bin/env node
// The engine holds no domain text (issue 13): the words of the expert pool's own processes — what it
// prints, who applies, the batches — belong to app/features, app/models and the definitions, never to
// app/engine, comments included. Messages the engine itself shows (STALE_MESSAGE, the definition
// checker's reasons) are generic and fine. `node scripts/engine-words.js` lists each hit (file:line: word)
// and exits 1 if there is any; `npm run architecture` runs it after dependency-cruiser, and
// tests/unit/architecture.test.ts calls domainWordsIn on the repo and on a planted tree.
import fs from "node:fs";
import path from "node:path";

/** The domain's words (manual and SPEC): 评标专家, 入库申请, 申请表, 承诺书, 专家编号, 专家库, 批次, 入库类型, 基本信息. */
export const DOMAIN_WORDS = ["评标", "专家", "入库", "申请表", "承诺书", "批次", "续聘", "转入", "基本信息"];

/** Every occurrence of a domain word in the files under `root`/app/engine: { file (relative to root), line, word }. */
export function domainWordsIn(root) {
  const hits = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|js|mjs|cjs|json|ya?ml)$/.test(entry.name)) {
        fs.readFileSync(full, "utf8").split("\n").forEach((text, i) => {
          for (const word of DOMAIN_WORDS) if (text.includes(word)) hits.push({ file: path.relative(root, full), line: i + 1, word });
        });
      }
    }
  };
  const engine = path.join(root, "app", "engine");
  if (fs.existsSync(engine)) walk(engine);
  return hits;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  const hits = domainWordsIn(root);
  for (const h of hits) console.log(`${h.file}:${h.line}: domain word 「${h.word}」 in the engine (move it to a feature, a model or a definition)`);
  if (hits.length) process.exit(1);
  console.log("✔ no domain words in app/engine");
}
