// CASL rules pushed down into SQL agree with row-by-row ability.can() on this dialect (DESIGN rule 4).
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { AbilityBuilder, createMongoAbility, subject } from "@casl/ability";
import { db } from "../setup/app";
import { whereAccessible } from "~/engine/permissions/sql.server";
import { defineAbilityFor, type AppAbility } from "~/engine/permissions/ability";

const t = suite("whereAccessible");
const TABLE = "casl_probe";

t.before(async () => {
  await db.schema.dropTableIfExists(TABLE);
  await db.schema.createTable(TABLE, (x) => {
    x.increments("id");
    x.string("region");
    x.integer("batch");
    x.string("state");
  });
  const rows = [];
  for (const region of ["650100", "653200", "654000", null]) for (const batch of [1, 2, 3]) for (const state of ["draft", "submitted", "approved"]) rows.push({ region, batch, state });
  await db(TABLE).insert(rows);
});
t.after(async () => {
  await db.schema.dropTableIfExists(TABLE);
});

function ability(define: (b: AbilityBuilder<AppAbility>) => void): AppAbility {
  const b = new AbilityBuilder<AppAbility>(createMongoAbility);
  define(b);
  return b.build();
}

const CASES: [string, AppAbility][] = [
  ["no rules → no rows", ability(() => {})],
  ["unconditional", ability(({ can }) => can("read", "User"))],
  ["eq", ability(({ can }) => can("read", "User", { region: "653200" } as never))],
  ["in + gte", ability(({ can }) => can("read", "User", { region: { $in: ["650100", "654000"] }, batch: { $gte: 2 } } as never))],
  ["or of two rules", ability(({ can }) => { can("read", "User", { region: "650100" } as never); can("read", "User", { state: "approved" } as never); })],
  ["cannot inverts", ability(({ can, cannot }) => { can("read", "User", { batch: { $lte: 2 } } as never); cannot("read", "User", { state: "draft" } as never); })],
  ["ne / nin / null", ability(({ can }) => can("read", "User", { region: { $ne: null }, state: { $nin: ["draft"] } } as never))],
  ["unconditional plus a condition", ability(({ can }) => { can("read", "User"); can("read", "User", { region: "x" } as never); })],
  ["admin role from the app", defineAbilityFor({ id: 1, role: "admin" })],
  ["expert role from the app", defineAbilityFor({ id: 1, role: "expert" })],
];

t("SQL filtering equals row-by-row can() for every case", async () => {
  const rows = await db(TABLE).select("*");
  for (const [name, ab] of CASES) {
    const expected = rows.filter((r) => ab.can("read", subject("User", { ...r }) as never)).map((r) => r.id).sort((a, b) => a - b);
    const got = (await whereAccessible(db(TABLE).select("id"), ab, "read", "User")).map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b);
    assert.equal(got, expected, name);
  }
  assert.is((await whereAccessible(db(TABLE).select("id"), CASES[0][1], "read", "User")).length, 0, "empty rule set → no rows, never all");
});

t.run();
