// Fields a form fills in itself from another field, declared by the definition's own consistency rules:
// a rule that says `target == op(source)` (e.g. 出生日期 == id_card_birth(身份证号)) both refuses an
// inconsistent pair on the server and, in the browser, fills the target as soon as the source yields a
// value. Nothing per form: any definition with such a rule gets it. Browser-safe.
import type { Rule } from "./rules";
import { RULE_OPERATIONS } from "./rules";

/**
 * The rule operations that compute one field's value from another's (one argument each). Other
 * operations (ages, sums, date checks) test values; only these say what the value must be.
 */
export const DERIVING_OPERATIONS: ReadonlySet<string> = new Set(["id_card_birth", "id_card_sex"]);

/** `target` (dotted, as in `var`) is `op` of `source`. */
export type Derivation = { target: string; source: string; op: string };

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
/** The field a `{"var": "a.b"}` reads, or null for anything else. */
const varOf = (v: unknown): string | null => (isNode(v) && Object.keys(v).length === 1 && typeof v.var === "string" && v.var ? v.var : null);

/** `{op: {var: source}}` or `{op: [{var: source}]}` with a deriving op: [op, source]. */
function derivingCall(v: unknown): [string, string] | null {
  if (!isNode(v) || Object.keys(v).length !== 1) return null;
  const [op, arg] = Object.entries(v)[0];
  if (!DERIVING_OPERATIONS.has(op)) return null;
  const source = varOf(Array.isArray(arg) && arg.length === 1 ? arg[0] : arg);
  return source ? [op, source] : null;
}

/** An `==` between a deriving call and a plain field: the derivation it states. */
function equality(v: unknown): Derivation | null {
  if (!isNode(v) || !Array.isArray(v["=="]) || v["=="].length !== 2) return null;
  const [a, b] = v["=="] as unknown[];
  for (const [call, field] of [[a, b], [b, a]]) {
    const c = derivingCall(call);
    const target = varOf(field);
    if (c && target && target !== c[1]) return { op: c[0], source: c[1], target };
  }
  return null;
}

/**
 * The derivations a definition's rules state: a rule (not per list item) whose logic is the equality
 * `{"==": [{op: {"var": source}}, {"var": target}]}`, alone or as one branch of a top-level `or` (whose
 * other branches excuse an empty field). At most one per target.
 */
export function derivations(rules: readonly Rule[] | undefined): Derivation[] {
  const out: Derivation[] = [];
  for (const rule of rules ?? []) {
    if (rule.each || !isNode(rule.logic)) continue;
    const branches = Array.isArray(rule.logic.or) ? (rule.logic.or as unknown[]) : [rule.logic];
    for (const b of branches) {
      const d = equality(b);
      if (d && !out.some((x) => x.target === d.target)) out.push(d);
    }
  }
  return out;
}

const read = (doc: unknown, dotted: string): unknown =>
  dotted.split(".").reduce<unknown>((node, key) => (isNode(node) ? node[key] : undefined), doc);

function write(doc: Node, dotted: string, value: unknown): Node {
  const [head, ...rest] = dotted.split(".");
  if (!rest.length) return { ...doc, [head]: value };
  return { ...doc, [head]: write(isNode(doc[head]) ? (doc[head] as Node) : {}, rest.join("."), value) };
}

/**
 * `after` with each derivation's target set from its source, where the source changed since `before`
 * and now yields a value (a complete, valid 身份证号); an incomplete or invalid source leaves the target
 * as it is, so typing does not wipe a value. The target stays editable: the rule itself refuses a value
 * that disagrees with the source. Returns `after` itself when nothing changes.
 */
export function applyDerivations(list: readonly Derivation[], before: unknown, after: Node): Node {
  let doc = after;
  for (const d of list) {
    const src = read(after, d.source);
    if (src === read(before, d.source)) continue;
    const value = RULE_OPERATIONS[d.op](src);
    if (value === null || value === undefined || read(doc, d.target) === value) continue;
    doc = write(doc, d.target, value);
  }
  return doc;
}
