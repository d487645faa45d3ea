// The 审核 inbox's server side, beside its route: reading the list query (tab, filters, page), the
// page's data (tasks, tabs with counts, filter options, the selected workflow's own attribute columns)
// and bulk actions — each task taken through the same checks as on its own page. Tabs and bulk actions
// come from the workflow definitions (features/review/inbox-tabs.ts), not from any one workflow.
import { subject } from "@casl/ability";
import type { Auth } from "~/features/accounts/auth.server";
import { readableInstance } from "~/features/admission/access.server";
import { extraAttributes } from "~/engine/workflows/attributes";
import type { WorkflowDefinition } from "~/engine/workflows/definition-schema";
import { stateTitle } from "~/engine/workflows/transition";
import { getWorkflowVersion, latestWorkflowVersion } from "~/engine/workflows/registry.server";
import { batchChoices } from "~/models/batches.server";
import { formCatalogs, specialtyNames } from "~/models/catalogs.server";
import { workflowTitles } from "~/models/definitions.server";
import { followedCount, inboxCounts, listedAttributes, listInbox, workflowsByFirstPublication } from "~/models/inbox.server";
import { definitionTabs, isTaskTransition, mergeTabs, stateKind } from "~/features/review/inbox-tabs";
import type { BulkAction } from "~/features/review/inbox-tabs";
import { reviewRefusal, reviewTransition } from "~/features/review/review.server";
import { formatTime } from "~/utils/format";
import { onExistingPage, parsePaging } from "~/utils/paging";

/** At most this many tasks per bulk post. */
export const MAX_BULK = 100;

const NAME = /^[a-z][a-z0-9-]{0,79}$/;

/**
 * The tab of what the reviewer routed away from their region (地州转移 after 同意调出: now with the
 * receiving region), read-only. Listed after the workflows' own tabs while it holds anything.
 */
export const FORWARDED_TAB = { key: "forwarded-elsewhere", title: "已转出" } as const;

/**
 * The list query of an inbox URL: tab (`status`, any workflow's state; absent: see inboxPage), `type`,
 * `batch`, `region`, `q` (申请人/专家编号) and the page. Control characters are dropped and lengths
 * capped; a value that cannot be a state, workflow key or batch id is ignored.
 */
export function inboxQuery(url: URL) {
  const paging = parsePaging(url);
  const text = (k: string, max: number) => (url.searchParams.get(k) ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, max);
  const state = text("status", 40); // a workflow state, or FORWARDED_TAB.key
  const batchId = Number(text("batch", 12));
  const filters = {
    state: NAME.test(state) ? state : undefined,
    workflow: NAME.test(text("type", 80)) ? text("type", 80) : undefined,
    batchId: Number.isSafeInteger(batchId) && batchId > 0 ? batchId : undefined,
    region: text("region", 50) || undefined,
    keyword: text("q", 50) || undefined,
  };
  return { ...paging, filters };
}

/**
 * The latest definitions an inbox presents: the selected workflow's, or else those of every workflow
 * with a review task for this user's role, in the order they were first published.
 */
async function inboxDefinitions(auth: Auth, workflow: string | undefined): Promise<WorkflowDefinition[]> {
  const acting = new Set(auth.taskStates.filter((t) => t.by.includes(auth.user.role)).map((t) => t.workflowKey));
  const keys = workflow ? [workflow] : (await workflowsByFirstPublication()).filter((k) => acting.has(k));
  const defs = await Promise.all(keys.map(async (k) => (await latestWorkflowVersion(k))?.definition));
  return defs.filter((d): d is WorkflowDefinition => !!d);
}

/** The inbox's tabs for this user (and the selected workflow, if any). */
export async function inboxTabs(auth: Auth, workflow?: string) {
  return mergeTabs((await inboxDefinitions(auth, workflow)).map(definitionTabs));
}

/** The inbox page's data for this user (their abilities scope every row and count). */
export async function inboxPage(auth: Auth, { filters: query, ...asked }: ReturnType<typeof inboxQuery>) {
  const defs = await inboxDefinitions(auth, query.workflow);
  const tabList = mergeTabs(defs.map(definitionTabs));
  const forwardedTab = query.state === FORWARDED_TAB.key;
  // No tab asked for: the first with work waiting (a reviewer whose only task is a 转出地州审核 lands on
  // it, not on an empty 待审核), else the first. The counts read for that are not read again. On 已转出
  // the list is of the followed instances, and the other tabs' counts are read on their own.
  let known: Record<string, number> | undefined;
  let state = query.state;
  if (!state || forwardedTab) known = await inboxCounts(auth.ability, query);
  if (!state) {
    const waiting = (key: string) => (known![key] ?? 0) > 0 && defs.some((d) => stateKind(d, key) === "task");
    state = (tabList.find((t) => waiting(t.key)) ?? tabList[0])?.key;
  }
  const filters = { ...query, state };
  const listed = forwardedTab ? { ...query, state: undefined, followed: true } : filters;
  const [{ rows, total, counts: listedCounts, paging }, forwarded, catalogs, batches, titles] = await Promise.all([
    onExistingPage(asked, (p) => listInbox(auth.ability, listed, { offset: p.offset, limit: p.pageSize }, forwardedTab ? undefined : known)),
    followedCount(auth.ability, query),
    formCatalogs(),
    batchChoices(),
    workflowTitles(),
  ]);
  const counts = forwardedTab ? known! : listedCounts;
  const specialtyName = specialtyNames(catalogs.specialties);
  // A selected workflow's own attributes (beyond 申请人/地州/专业) are columns of their own.
  const attributeColumns = query.workflow && defs[0] ? extraAttributes(defs[0]) : [];
  const values = await listedAttributes(rows.map((r) => r.id), attributeColumns.map((c) => c.key));
  const items = await Promise.all(
    rows.map(async (r, i) => {
      const def = (await getWorkflowVersion(r.workflow_key, r.workflow_version))?.definition;
      return {
        seq: paging.offset + i + 1, id: r.id, applicant: r.applicant_name ?? "", type: titles.get(r.workflow_key) ?? r.workflow_key, batch: r.batch_name ?? "",
        region: r.region ?? "", specialty: r.specialty ? specialtyName.get(r.specialty) ?? r.specialty : "",
        attributes: values.get(r.id) ?? {},
        submittedAt: r.submitted_at ? formatTime(r.submitted_at) : "", state: r.state, stateTitle: def ? stateTitle(def, r.state) : r.state,
        // The tag's colour follows what the state is (a task, final, back with the applicant), not its name.
        kind: def ? stateKind(def, r.state) : "other",
        // Still to be handled when its state is a review task of the version it runs on (a configured
        // second level, e.g. 自治区复审, is one too) and the task is this reviewer's (a transfer they
        // forwarded to another region is only followed), decided otherwise.
        open: !!def?.states[r.state]?.task && auth.ability.can("review", subject("Application", { ...r } as Record<string, unknown>)),
        rowVersion: r.row_version, number: r.number,
      };
    }),
  );
  return {
    items, total, page: paging.page, pageSize: paging.pageSize, counts, filters, attributeColumns,
    tabs: [
      ...tabList.map((t) => ({ ...t, count: counts[t.key] ?? 0 })),
      ...(forwarded || forwardedTab ? [{ ...FORWARDED_TAB, bulk: [] as BulkAction[], count: forwarded }] : []),
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

/** A bulk action's answer: how many were done, and each task that was not with its reason. */
export type BulkAnswer = { ok: boolean; message: string; done?: number; failed?: { id: number; message: string }[] };

/** The bulk action `event` as this user's inbox offers it on some tab, if it does. */
export async function offeredBulkAction(auth: Auth, event: string): Promise<BulkAction | undefined> {
  for (const tab of await inboxTabs(auth)) {
    const action = tab.bulk.find((b) => b.event === event);
    if (action) return action;
  }
  return undefined;
}

/**
 * Takes the bulk action on each task in turn, through the same checks as its own page (a task outside
 * the reviewer's scope answers like a missing one), and only where the task's own version has that
 * transition from its current review task. Status 200 when any was done, 409 when none was.
 */
export async function bulkTransition(auth: Auth, action: BulkAction, ids: number[], ip: string): Promise<{ status: number; body: BulkAnswer }> {
  const { user, ability } = auth;
  const { event, verb } = action;
  const failed: { id: number; message: string }[] = [];
  let done = 0;
  for (const id of ids) {
    const app = await readableInstance(ability, id, "review");
    if (!app) {
      failed.push({ id, message: "申请不存在或无权审核" });
      continue;
    }
    const refused = reviewRefusal(ability, app, event);
    if (refused) {
      failed.push({ id, message: refused.message });
      continue;
    }
    // The action is the inbox's (the latest definitions declare it); a task pinned to an older version
    // (e.g. expert-admission v1, which had no `inbox:` section) takes it where its own version has
    // that transition from this review task.
    if (!isTaskTransition(app.def, app.instance.state, event)) {
      failed.push({ id, message: `「${stateTitle(app.def, app.instance.state)}」的申请不能批量${verb}` });
      continue;
    }
    const r = await reviewTransition(app, event, { id: user.id, role: user.role, name: user.name }, {}, ip);
    if (r.ok) done++;
    else failed.push({ id, message: r.message });
  }
  const message = failed.length ? `已${verb} ${done} 条，${failed.length} 条未${verb}` : `已${verb} ${done} 条`;
  return { status: done ? 200 : 409, body: { ok: failed.length === 0, message, done, failed } };
}
