// The exam's rules as pure functions, shared by the server and the page: drawing and shuffling a paper
// (seeded, so a test can replay it), grading, the order of answer saves, the deadline's grace, and the
// limits of a definition. Browser-safe: no answer key ever passes through here to the page.

/** 单选 / 多选 / 判断. */
export const QUESTION_KIND = { single: "single", multiple: "multiple", judge: "judge" } as const;
export type QuestionKind = (typeof QUESTION_KIND)[keyof typeof QUESTION_KIND];
export const KIND_TITLE: Record<QuestionKind, string> = { single: "单选题", multiple: "多选题", judge: "判断题" };
/** A 判断题's two options, never shuffled. */
export const JUDGE_OPTIONS = ["正确", "错误"];

export const ATTEMPT_STATUS = { open: "open", submitted: "submitted" } as const;

/**
 * Answers given before the deadline and arriving up to this long after it are still taken (issue 16:
 * "a 60 s grace for answers already in flight"); the server submits an expired attempt only after it.
 */
export const GRACE_MS = 60_000;

/** Budgets of the question bank and the definition. */
export const LIMITS = {
  questionsPerBatch: 5000,
  importRows: 2000,
  importBytes: 1024 * 1024,
  stem: 1000,
  option: 300,
  options: 8,
  explanation: 2000,
  category: 50,
  categories: 20,
  minutes: 600,
  attempts: 10,
  paper: 300,
} as const;

/**
 * An exam definition per batch. The anchor for the defaults: Qinghai's 2025 评审专家 exam — 100
 * questions in 90 minutes, pass mark 80, two attempts (issue 16).
 */
export type ExamDefinition = {
  draws: { category: string; count: number }[];
  minutes: number;
  passMark: number;
  attempts: number;
  retakeNeedsStudy: boolean;
};
export const ANCHOR_DEFINITION: Omit<ExamDefinition, "draws"> = { minutes: 90, passMark: 80, attempts: 2, retakeNeedsStudy: true };

/** A question as stored (the answer key included: server side only). */
export type Question = { id: number; category: string; kind: QuestionKind; stem: string; options: string[]; answer: number[]; explanation: string };
/** One paper entry: the question and the order its options are shown in (original indexes). */
export type PaperItem = { q: number; o: number[] };

/** A small seeded PRNG (mulberry32): the same seed, the same paper. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], rnd: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Draws a paper: `count` distinct questions of each category (categories in the definition's order,
 * questions shuffled within), each choice question's options shuffled; 判断题 keep 正确/错误. Returns a
 * Chinese reason instead when a category has fewer questions than the definition draws.
 */
export function drawPaper(bank: readonly Pick<Question, "id" | "category" | "kind" | "options">[], draws: ExamDefinition["draws"], rnd: () => number): PaperItem[] | string {
  const paper: PaperItem[] = [];
  for (const d of draws) {
    const pool = bank.filter((q) => q.category === d.category);
    if (pool.length < d.count) return `题库中「${d.category}」只有 ${pool.length} 题，不足抽取的 ${d.count} 题`;
    for (const q of shuffle(pool, rnd).slice(0, d.count)) {
      const order = q.options.map((_, i) => i);
      paper.push({ q: q.id, o: q.kind === QUESTION_KIND.judge ? order : shuffle(order, rnd) });
    }
  }
  return paper;
}

/** Whether `choice` (option indexes) is a well-formed answer to a question of this kind with n options. */
export function validChoice(kind: QuestionKind, optionCount: number, choice: readonly number[]): boolean {
  if (choice.some((c) => !Number.isInteger(c) || c < 0 || c >= optionCount)) return false;
  if (new Set(choice).size !== choice.length) return false;
  return kind === QUESTION_KIND.multiple ? true : choice.length <= 1;
}

/** The same set, ascending (how answers and keys are stored and compared). */
export const normalChoice = (choice: readonly number[]) => [...new Set(choice)].sort((a, b) => a - b);

/**
 * Grades: a question counts when the chosen set equals the key exactly (多选: all and only the right
 * options, no partial credit). Score = ⌊100 × correct / total⌋; passed when correct × 100 ≥ passMark ×
 * total (so 80 of 100 passes at 80, rounding never decides).
 */
export function grade(paper: readonly PaperItem[], keys: ReadonlyMap<number, readonly number[]>, answers: ReadonlyMap<number, readonly number[]>, passMark: number) {
  let correct = 0;
  const perQuestion = paper.map(({ q }) => {
    const key = keys.get(q);
    const given = answers.get(q);
    const ok = !!key && !!given && given.length > 0 && sameSet(key, given);
    if (ok) correct++;
    return { q, correct: ok };
  });
  const total = paper.length;
  return { correct, total, score: total ? Math.floor((correct * 100) / total) : 0, passed: total > 0 && correct * 100 >= passMark * total, perQuestion };
}

const sameSet = (a: readonly number[], b: readonly number[]) => {
  const x = normalChoice(a);
  const y = normalChoice(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * Whether an answer save is taken, by the clock rule: before the deadline, yes; within the grace after
 * it, only an answer the page says it gave by the deadline (`clientAt`, the page's estimate of server
 * time); later, never. A client that lies about `clientAt` gains at most the grace (60 s), which is
 * the bound the issue accepts for answers in flight.
 */
export function saveTimely(now: number, deadline: number, clientAt: number): true | string {
  if (now <= deadline) return true;
  if (now > deadline + GRACE_MS) return "考试时间已到，答案未能保存";
  return clientAt <= deadline ? true : "考试时间已到，之后作答的答案不予保存";
}

/**
 * The ordering rule of saves: a save replaces the stored answer of its question only with a higher
 * sequence number; a lower or equal one changes nothing and is still acknowledged (it was superseded,
 * or it is a duplicate).
 */
export const supersedes = (incomingSeq: number, storedSeq: number | undefined) => storedSeq === undefined || incomingSeq > storedSeq;

/**
 * 考试设置's number fields with their titles, units and allowed ranges: the page shows each range beside
 * its input, and definitionProblems refuses a value outside it with rangeMessage.
 */
export const DEFINITION_NUMBERS = {
  minutes: { title: "考试时长", unit: "分钟", min: 1, max: LIMITS.minutes },
  passMark: { title: "合格分数", unit: "分", min: 1, max: 100 },
  attempts: { title: "考试次数", unit: "次", min: 1, max: LIMITS.attempts },
} as const;
export type DefinitionNumber = keyof typeof DEFINITION_NUMBERS;

/** "合格分数应为 1–100 之间的整数": the refusal of any value of the field outside its range (or not a whole number). */
export function rangeMessage(field: DefinitionNumber): string {
  const { title, min, max } = DEFINITION_NUMBERS[field];
  return `${title}应为 ${min}–${max} 之间的整数`;
}

/** The most questions a paper may draw from a category that has `available`; the form takes 0 to leave it out. */
export const drawMax = (available: number) => Math.min(available, LIMITS.paper);

/** A problem of a definition: `field` is the form field it belongs to (a number or a drawField), if any. */
export type DefinitionProblem = { field?: string; message: string };

/**
 * Problems of a definition against the bank's category counts (Chinese, each with its form field where
 * there is one), or [] when it is usable. A value that is not a whole number (NaN from the form) is
 * refused as out of range.
 */
export function definitionProblems(d: ExamDefinition, bank: ReadonlyMap<string, number>): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const int = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  for (const field of Object.keys(DEFINITION_NUMBERS) as DefinitionNumber[]) {
    if (!int(d[field], DEFINITION_NUMBERS[field].min, DEFINITION_NUMBERS[field].max)) out.push({ field, message: rangeMessage(field) });
  }
  if (!d.draws.length) out.push({ message: "请至少为一个题目分类设置抽题数量" });
  if (d.draws.length > LIMITS.categories) out.push({ message: `最多 ${LIMITS.categories} 个分类` });
  const seen = new Set<string>();
  let total = 0;
  for (const { category, count } of d.draws) {
    const field = drawField(category);
    if (seen.has(category)) out.push({ field, message: `分类「${category}」重复` });
    seen.add(category);
    const have = bank.get(category) ?? 0;
    if (Number.isInteger(count) && count > have) out.push({ field, message: `题库中「${category}」只有 ${have} 题，不足抽取的 ${count} 题` });
    else if (!int(count, 1, drawMax(have))) out.push({ field, message: `「${category}」的抽题数量应为 0–${drawMax(have)} 之间的整数` });
    total += count;
  }
  if (total > LIMITS.paper) out.push({ message: `一份试卷最多 ${LIMITS.paper} 题` });
  return out;
}

/** Remaining whole seconds from the server's now to the deadline (never negative). */
export const remainingSeconds = (serverNow: number, deadline: number) => Math.max(0, Math.ceil((deadline - serverNow) / 1000));

/** 考试设置's form field for the number of questions drawn from `category` (named, not numbered: see parseDefinitionForm). */
export const drawField = (category: string) => `draw:${category}`;
