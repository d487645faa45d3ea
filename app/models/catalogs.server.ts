// The two catalogs (regions, specialty tree), seeded from db/seeds/*.json when empty.
import { db } from "~/utils/db.server";
import { collectCatalogRefs } from "~/engine/forms/catalog-refs";
import type { CatalogKind } from "~/engine/forms/catalog-refs";
import { schemasAlong } from "~/engine/forms/schema-walk";
import type { FieldErrors } from "~/engine/forms/messages";
import type { FormDefinition } from "~/engine/forms/validate";
import regions from "../../db/seeds/regions.json";
import specialties from "../../db/seeds/specialties.json";

export type Region = { code: string; name: string; sort: number; disabled_at: number | null };
export type Specialty = { code: string; name: string; parent_code: string | null; sort: number; disabled_at: number | null };
type SeedNode = { code: string; name: string; children?: SeedNode[] };

export async function seedCatalogs(): Promise<void> {
  await db.transaction(async (trx) => {
    const [{ n }] = await trx("regions").count<{ n: number | string }[]>({ n: "*" });
    if (Number(n) === 0) await trx("regions").insert(regions.map((r, i) => ({ ...r, sort: i })));
    const [{ n: s }] = await trx("specialties").count<{ n: number | string }[]>({ n: "*" });
    if (Number(s) > 0) return;
    let sort = 0;
    const walk = async (nodes: SeedNode[], parent: string | null) => {
      for (const node of nodes) {
        await trx("specialties").insert({ code: node.code, name: node.name, parent_code: parent, sort: sort++ });
        if (node.children) await walk(node.children, node.code);
      }
    };
    await walk(specialties as SeedNode[], null);
  });
}

export const listRegions = () => db<Region>("regions").orderBy("sort");
export const listSpecialties = () => db<Specialty>("specialties").orderBy("sort");

/** `disabled`: 停用 — not offered in pickers, still used to name what was stored before. */
export type CatalogNode = { code: string; name: string; disabled?: true; children?: CatalogNode[] };
export type FormCatalogs = { regions: { code: string; name: string; disabled?: true }[]; specialties: CatalogNode[] };
const flag = (r: { disabled_at: number | null }) => (r.disabled_at ? { disabled: true as const } : {});

/** What the region and specialty widgets choose from (and name stored values with), shaped for the browser. */
export async function formCatalogs(): Promise<FormCatalogs> {
  const [regionRows, specialtyRows] = await Promise.all([listRegions(), listSpecialties()]);
  const byCode = new Map<string, CatalogNode>();
  const roots: CatalogNode[] = [];
  for (const s of specialtyRows) byCode.set(s.code, { code: s.code, name: s.name, ...flag(s) });
  for (const s of specialtyRows) {
    const node = byCode.get(s.code)!;
    const parent = s.parent_code ? byCode.get(s.parent_code) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return { regions: regionRows.map((r) => ({ code: r.code, name: r.name, ...flag(r) })), specialties: roots };
}

/** Every specialty's code → name (停用 ones too: stored documents may hold them), for printouts. */
export async function specialtyNameRecord(): Promise<Record<string, string>> {
  return Object.fromEntries((await listSpecialties()).map((s) => [s.code, s.name]));
}

/** Specialty code → name, for lists and exports that store codes. */
export function specialtyNames(tree: CatalogNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: CatalogNode[]) => nodes.forEach((n) => (out.set(n.code, n.name), n.children && walk(n.children)));
  walk(tree);
  return out;
}

/** What the pickers offer: enabled regions, and enabled leaf specialties with no 停用 group above them. */
export function offeredEntries(catalogs: FormCatalogs): Record<CatalogKind, Set<string>> {
  const specialties = new Set<string>();
  const walk = (nodes: CatalogNode[]) => {
    for (const n of nodes) {
      if (n.disabled) continue;
      if (n.children?.length) walk(n.children);
      else specialties.add(n.code);
    }
  };
  walk(catalogs.specialties);
  return { region: new Set(catalogs.regions.filter((r) => !r.disabled).map((r) => r.name)), specialty: specialties };
}

/**
 * Refuses catalog values a document adds that the pickers do not offer (unknown, 停用, or a specialty
 * group). Values the previous version of the document already held stay valid, so a 停用 region does not
 * block an expert who saved it earlier. The catalogs are read only when there is something new to check.
 */
export async function catalogRefErrors(definition: FormDefinition, data: unknown, before: unknown): Promise<FieldErrors | null> {
  const refs = collectCatalogRefs(definition.uiSchema, data);
  if (!refs.length) return null;
  const held = new Set(collectCatalogRefs(definition.uiSchema, before).map((r) => `${r.kind}:${r.value}`));
  const fresh = refs.filter((r) => !held.has(`${r.kind}:${r.value}`));
  if (!fresh.length) return null;
  const offered = offeredEntries(await formCatalogs());
  const errors: FieldErrors = {};
  for (const r of fresh) {
    if (offered[r.kind].has(r.value)) continue;
    const title = schemasAlong(definition.schema, r.pointer)?.at(-1)?.title;
    (errors[r.pointer] ??= []).push(`${typeof title === "string" ? title : "该项"} 中的「${r.value}」不在目录中或已停用，请重新选择`);
  }
  return Object.keys(errors).length ? errors : null;
}
