// 审核: one inbox for every workflow's review tasks the reviewer may see, with filters, per-state tabs,
// paging in the manual's style, and 批量通过.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { InboxPage } from "~/components/review/inbox-page";
import { stateTitle } from "~/engine/workflows/transition";
import { currentTaskStates } from "~/engine/permissions/ability";
import { getWorkflowVersion, latestWorkflowVersion } from "~/engine/workflows/registry.server";
import { loadApplication } from "~/models/applications.server";
import { formCatalogs, specialtyNames } from "~/models/catalogs.server";
import { listInbox } from "~/models/inbox.server";
import { canRead, reviewRefusal, reviewTransition } from "~/models/review.server";
import { requireAbility, requireAuth } from "~/utils/auth.server";
import { formatTime } from "~/utils/format";
import { parsePaging } from "~/utils/paging";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";
import { db } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "审核 - 评标专家管理系统" }];

const TABS = ["submitted", "reviewing", "approved", "returned"] as const;
const MAX_BULK = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "read", "Inbox");
  const url = new URL(request.url);
  const { page, pageSize, offset } = parsePaging(url);
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
  const [{ rows, total, counts }, catalogs, batches, workflows] = await Promise.all([
    listInbox(ability, filters, { offset, limit: pageSize }),
    formCatalogs(),
    db("batches").orderBy("opens_at", "desc").select("id", "name"),
    db("workflow_versions").select("key", "title").orderBy("version", "desc"),
  ]);
  const specialtyName = specialtyNames(catalogs.specialties);
  const titles = new Map<string, string>();
  for (const w of workflows as { key: string; title: string }[]) if (!titles.has(w.key)) titles.set(w.key, w.title);
  // Review-task states of other workflows (e.g. 地州初审, 自治区复审) get tabs of their own.
  const extraTabs: { key: string; title: string }[] = [];
  for (const t of currentTaskStates()) {
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
  return json({
    items, total, page, pageSize, counts, filters,
    tabs: [
      ...TABS.map((s) => ({ key: s, title: { submitted: "待审核", reviewing: "审核中", approved: "已通过", returned: "已退回" }[s], count: counts[s] ?? 0 })),
      ...extraTabs.map((t) => ({ ...t, count: counts[t.key] ?? 0 })),
    ],
    options: {
      types: [...titles].map(([key, title]) => ({ value: key, label: title })),
      batches: (batches as { id: number; name: string }[]).map((b) => ({ value: b.id, label: b.name })),
      regions: catalogs.regions.map((r) => ({ value: r.name, label: r.name })),
    },
  });
}

export type BulkAnswer = { ok: boolean; message: string; failed?: { id: number; message: string }[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "read", "Inbox");
  const form = await readForm(request);
  if (field(form, "intent", 20) !== "bulk-approve") throw httpError(400, "未知的操作");
  const ids = [...new Set(form.getAll("id").map((v) => Number(v)).filter((n) => Number.isSafeInteger(n) && n > 0))];
  if (ids.length === 0) return json<BulkAnswer>({ ok: false, message: "请先勾选要通过的申请" }, { status: 400 });
  if (ids.length > MAX_BULK) return json<BulkAnswer>({ ok: false, message: `一次最多通过${MAX_BULK}条` }, { status: 400 });
  const failed: { id: number; message: string }[] = [];
  let approved = 0;
  for (const id of ids) {
    const app = await loadApplication(id);
    // Outside the reviewer's scope answers like a missing one.
    if (!app || !canRead(ability, app)) {
      failed.push({ id, message: "申请不存在或无权审核" });
      continue;
    }
    const refused = reviewRefusal(ability, app, "approve");
    if (refused) {
      failed.push({ id, message: refused.message });
      continue;
    }
    const r = await reviewTransition(app, "approve", { id: user.id, role: user.role, name: user.name }, {}, clientIp(context));
    if (r.ok) approved++;
    else failed.push({ id, message: r.message });
  }
  const message = failed.length ? `已通过 ${approved} 条，${failed.length} 条未通过` : `已通过 ${approved} 条`;
  return json<BulkAnswer>({ ok: failed.length === 0, message, failed }, { status: approved ? 200 : 409 });
}

export default function InboxRoute() {
  return <InboxPage {...useLoaderData<typeof loader>()} />;
}
