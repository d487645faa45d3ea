// The 审核 inbox's server side, beside its route: reading the list query (tab, filters, page), the
// page's data (tasks, tabs with counts, filter options), and 批量通过 — each task approved through the
// same checks as on its own page.
import type { Auth } from "~/features/accounts/auth.server";
import { readableInstance } from "~/features/admission/access.server";
import { stateTitle } from "~/engine/workflows/transition";
import { getWorkflowVersion, latestWorkflowVersion } from "~/engine/workflows/registry.server";
import { batchChoices } from "~/models/batches.server";
import { formCatalogs, specialtyNames } from "~/models/catalogs.server";
import { workflowTitles } from "~/models/definitions.server";
import { listInbox } from "~/models/inbox.server";
import { reviewRefusal, reviewTransition } from "~/features/review/review.server";
import { formatTime } from "~/utils/format";
import { parsePaging } from "~/utils/paging";

/** The default tabs, one per state of the built-in admission review. */
const TABS = ["submitted", "reviewing", "approved", "returned"] as const;
const TAB_TITLE: Record<(typeof TABS)[number], string> = { submitted: "待审核", reviewing: "审核中", approved: "已通过", returned: "已退回" };

/** At most this many tasks per 批量通过 post. */
export const MAX_BULK = 100;

/**
 * The list query of an inbox URL: tab (`status`, any workflow's state), `type`, `batch`, `region`,
 * `q` (申请人/专家编号) and the page. Control characters are dropped and lengths capped; a value that
 * cannot be a state, workflow key or batch id is ignored (the default tab is 待审核).
 */
export function inboxQuery(url: URL) {
  const paging = parsePaging(url);
  const text = (k: string, max: number) => (url.searchParams.get(k) ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, max);
  const state = text("status", 20);
  const batchId = Number(text("batch", 12));
  const filters = {
    // Any workflow's state (a two-level review has states of its own); the four tabs are the default set.
    state: /^[a-z][a-z0-9-]{0,39}$/.test(state) ? state : TABS[0],
    workflow: /^[a-z][a-z0-9-]{0,79}$/.test(text("type", 80)) ? text("type", 80) : undefined,
    batchId: Number.isSafeInteger(batchId) && batchId > 0 ? batchId : undefined,
    region: text("region", 50) || undefined,
    keyword: text("q", 50) || undefined,
  };
  return { ...paging, filters };
}

/** The inbox page's data for this user (their abilities scope every row and count). */
export async function inboxPage(auth: Auth, { page, pageSize, offset, filters }: ReturnType<typeof inboxQuery>) {
  const [{ rows, total, counts }, catalogs, batches, titles] = await Promise.all([
    listInbox(auth.ability, filters, { offset, limit: pageSize }),
    formCatalogs(),
    batchChoices(),
    workflowTitles(),
  ]);
  const specialtyName = specialtyNames(catalogs.specialties);
  // Review-task states of other workflows (e.g. 地州初审, 自治区复审) get tabs of their own.
  const extraTabs: { key: string; title: string }[] = [];
  for (const t of auth.taskStates) {
    if ((TABS as readonly string[]).includes(t.state) || extraTabs.some((x) => x.key === t.state)) continue;
    const def = (await latestWorkflowVersion(t.workflowKey))?.definition;
    extraTabs.push({ key: t.state, title: def ? stateTitle(def, t.state) : t.state });
  }
  const items = await Promise.all(
    rows.map(async (r, i) => {
      const def = (await getWorkflowVersion(r.workflow_key, r.workflow_version))?.definition;
      return {
        seq: offset + i + 1, id: r.id, applicant: r.applicant_name ?? "", type: titles.get(r.workflow_key) ?? r.workflow_key, batch: r.batch_name ?? "",
        region: r.region ?? "", specialty: r.specialty ? specialtyName.get(r.specialty) ?? r.specialty : "",
        submittedAt: r.submitted_at ? formatTime(r.submitted_at) : "", state: r.state, stateTitle: def ? stateTitle(def, r.state) : r.state,
        // Still to be handled when its state is a review task of the version it runs on (a configured
        // second level, e.g. 自治区复审, is one too), decided otherwise.
        open: !!def?.states[r.state]?.task,
        rowVersion: r.row_version, number: r.number,
      };
    }),
  );
  return {
    items, total, page, pageSize, counts, filters,
    tabs: [
      ...TABS.map((s) => ({ key: s, title: TAB_TITLE[s], count: counts[s] ?? 0 })),
      ...extraTabs.map((t) => ({ ...t, count: counts[t.key] ?? 0 })),
    ],
    options: {
      types: [...titles].map(([key, title]) => ({ value: key, label: title })),
      batches: batches.map((b) => ({ value: b.id, label: b.name })),
      regions: catalogs.regions.map((r) => ({ value: r.name, label: r.name })),
    },
  };
}

/** The page's props (as the browser receives them, after JSON). */
export type InboxData = Awaited<ReturnType<typeof inboxPage>>;

/** 批量通过's answer: how many passed, and each task that did not with its reason. */
export type BulkAnswer = { ok: boolean; message: string; failed?: { id: number; message: string }[] };

/**
 * Approves each task in turn, through the same checks as its own page (a task outside the reviewer's
 * scope answers like a missing one). Status 200 when any passed, 409 when none did.
 */
export async function bulkApprove(auth: Auth, ids: number[], ip: string): Promise<{ status: number; body: BulkAnswer }> {
  const { user, ability } = auth;
  const failed: { id: number; message: string }[] = [];
  let approved = 0;
  for (const id of ids) {
    const app = await readableInstance(ability, id, "review");
    if (!app) {
      failed.push({ id, message: "申请不存在或无权审核" });
      continue;
    }
    const refused = reviewRefusal(ability, app, "approve");
    if (refused) {
      failed.push({ id, message: refused.message });
      continue;
    }
    const r = await reviewTransition(app, "approve", { id: user.id, role: user.role, name: user.name }, {}, ip);
    if (r.ok) approved++;
    else failed.push({ id, message: r.message });
  }
  const message = failed.length ? `已通过 ${approved} 条，${failed.length} 条未通过` : `已通过 ${approved} 条`;
  return { status: approved ? 200 : 409, body: { ok: failed.length === 0, message, failed } };
}
