// CASL rules pushed down into SQL: lists are filtered by the database, never in memory.
// An empty rule set yields no rows (1 = 0), never all rows.
import type { Knex } from "knex";
import { rulesToAST } from "@casl/ability/extra";
import type { Condition } from "@ucast/mongo2js";
import type { Action, AppAbility, SubjectType } from "./ability";

type Node = Condition & { value: unknown; field?: string; operator: string };

function apply(q: Knex.QueryBuilder, node: Node, columnOf: (f: string) => string): void {
  const v = node.value as unknown;
  switch (node.operator) {
    case "and":
      if ((v as Node[]).length === 0) q.whereRaw("1 = 1"); // an unconditional rule
      (v as Node[]).forEach((c) => q.where((sub) => apply(sub, c, columnOf)));
      return;
    case "or":
      q.where((sub) => (v as Node[]).forEach((c) => sub.orWhere((s2) => apply(s2, c, columnOf))));
      return;
    case "not":
      q.whereNot((sub) => (Array.isArray(v) ? (v as Node[]) : [v as Node]).forEach((c) => sub.where((s2) => apply(s2, c, columnOf))));
      return;
  }
  const col = columnOf(node.field!);
  const ops: Record<string, () => void> = {
    eq: () => (v === null ? q.whereNull(col) : q.where(col, v as Knex.Value)),
    ne: () => (v === null ? q.whereNotNull(col) : q.whereNot(col, v as Knex.Value)),
    in: () => q.whereIn(col, v as Knex.Value[]),
    nin: () => q.whereNotIn(col, v as Knex.Value[]),
    lt: () => q.where(col, "<", v as Knex.Value),
    lte: () => q.where(col, "<=", v as Knex.Value),
    gt: () => q.where(col, ">", v as Knex.Value),
    gte: () => q.where(col, ">=", v as Knex.Value),
  };
  const op = ops[node.operator];
  if (!op) throw new Error(`whereAccessible: unsupported operator ${node.operator}`);
  op();
}

/** Restricts `query` to the rows `ability` allows for `action` on `subjectType`. */
export function whereAccessible<Q extends Knex.QueryBuilder>(
  query: Q, ability: AppAbility, action: Action, subjectType: SubjectType, columnOf: (field: string) => string = (f) => f,
): Q {
  const ast = rulesToAST(ability, action, subjectType) as Node | null;
  if (ast === null) return query.whereRaw("1 = 0") as Q;
  // An unconditional allow comes back as an empty `and`.
  if (ast.operator === "and" && (ast.value as Node[]).length === 0) return query;
  query.where((sub) => apply(sub, ast, columnOf));
  return query;
}
