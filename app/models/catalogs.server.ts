// The two catalogs (regions, specialty tree), seeded from db/seeds/*.json when empty.
import { db } from "~/utils/db.server";
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

/** Specialty code → name, for lists and exports that store codes. */
export function specialtyNames(tree: CatalogNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: CatalogNode[]) => nodes.forEach((n) => (out.set(n.code, n.name), n.children && walk(n.children)));
  walk(tree);
  return out;
}
