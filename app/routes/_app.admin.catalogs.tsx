// 目录管理: the regions (地州) and the specialty tree as data — add, rename, 停用/启用, delete (only what
// nothing refers to; the model says why not).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Col from "antd/es/col/index.js";
import Row from "antd/es/row/index.js";
import Select from "antd/es/select/index.js";
import Typography from "antd/es/typography/index.js";
import { useState } from "react";
import { EntryActions } from "~/components/catalogs/entry-actions";
import { RenameForm } from "~/components/catalogs/rename-form";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { addRegion, addSpecialty, deleteCatalogEntry, renameRegion, renameSpecialty, setCatalogEnabled } from "~/models/catalog-admin.server";
import type { CatalogKind } from "~/models/catalog-admin.server";
import { formCatalogs } from "~/models/catalogs.server";
import type { CatalogNode } from "~/models/catalogs.server";
import { adminForm } from "~/features/accounts/admin-action.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { field, httpError } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "目录管理 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Catalog");
  return json(await formCatalogs());
}

type ActionData = { intent: string; kind?: string; ok: boolean; message?: string; errors?: Record<string, string> };
const KINDS: CatalogKind[] = ["region", "specialty"];

export async function action({ request, context }: ActionFunctionArgs) {
  const { form, intent, actor, ip } = await adminForm(request, context, "Catalog");
  const code = field(form, "code", 32);
  const name = field(form, "name", 50);
  const kind = field(form, "kind", 12) as CatalogKind;
  const rowIntent = intent === "enable" || intent === "disable" || intent === "delete";
  if (rowIntent && !KINDS.includes(kind)) throw httpError(400, "未知的目录");
  const r =
    intent === "add-region" ? await addRegion(actor, { code, name }, ip)
    : intent === "rename-region" ? await renameRegion(actor, { code, name }, ip)
    : intent === "add-specialty" ? await addSpecialty(actor, { parent: field(form, "parent", 32), code, name }, ip)
    : intent === "rename-specialty" ? await renameSpecialty(actor, { code, name }, ip)
    : intent === "enable" || intent === "disable" ? await setCatalogEnabled(actor, kind, code, intent === "enable", ip)
    : intent === "delete" ? await deleteCatalogEntry(actor, kind, code, ip)
    : null;
  if (!r) throw httpError(400, "未知的操作");
  return json<ActionData>({ intent, kind: rowIntent ? kind : undefined, ...r }, { status: r.ok ? 200 : r.status });
}

/** The tree as nested lists (server-rendered; antd's Tree needs layout effects). */
function SpecialtyList({ nodes }: { nodes: CatalogNode[] }) {
  return (
    <ul className="catalog-tree">
      {nodes.map((n) => (
        <li key={n.code}>
          <span className={n.disabled ? "muted" : undefined}>{n.name}</span><span className="muted">（{n.code}）</span>
          <EntryActions kind="specialty" entry={n} />
          {n.children?.length ? <SpecialtyList nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}
const flatten = (nodes: CatalogNode[], depth = 0): { value: string; label: string }[] =>
  nodes.flatMap((n) => [{ value: n.code, label: `${"　".repeat(depth)}${n.name}` }, ...flatten(n.children ?? [], depth + 1)]);

export default function Catalogs() {
  const { regions, specialties } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state !== "idle";
  const [parent, setParent] = useState("");
  const e = (intent: string) => (answer?.intent === intent ? answer.errors ?? {} : {});
  // Row buttons (停用/启用/删除) have no field of their own: their outcome shows at the top of their card.
  const rowNotice = (kind: CatalogKind) =>
    answer?.kind === kind && !answer.ok ? <Alert type="error" showIcon role="alert" title={Object.values(answer.errors ?? {})[0]} style={{ marginBottom: 12 }} /> : null;
  const notice = answer?.ok ? <Alert type="success" showIcon role="status" title={answer.message} style={{ marginBottom: 16 }} /> : null;
  const options = flatten(specialties);
  return (
    <>
      <Typography.Title level={3} className="page-title">目录管理</Typography.Title>
      {notice}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card title={`地州（${regions.length}）`}>
            {rowNotice("region")}
            <ul className="plain-list">
              {regions.map((r) => (
                <li key={r.code} className="plain-list-item">
                  <span className={r.disabled ? "muted" : undefined}>{r.name}</span>
                  <span><span className="muted">{r.code}</span><EntryActions kind="region" entry={r} /></span>
                </li>
              ))}
            </ul>
            <Form method="post" noValidate style={{ marginTop: 16 }}>
              <CsrfInput />
              <input type="hidden" name="intent" value="add-region" />
              <Field name="code" id="region-code" label="地州代码" required maxLength={6} inputMode="numeric" error={e("add-region").code} />
              <Field name="name" id="region-name" label="地州名称" required max={50} error={e("add-region").name} />
              <Button htmlType="submit" loading={busy}>添加地州</Button>
            </Form>
            <RenameForm intent="rename-region" idPrefix="region-rename" pickLabel="要改名的地州" busy={busy} errors={e("rename-region")}
              options={regions.map((r) => ({ value: r.code, label: r.name }))} />
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card title="专业目录">
            {rowNotice("specialty")}
            <SpecialtyList nodes={specialties} />
            <Form method="post" noValidate style={{ marginTop: 16 }}>
              <CsrfInput />
              <input type="hidden" name="intent" value="add-specialty" />
              <div className="field">
                <label htmlFor="sp-parent">上级专业</label>
                <Select id="sp-parent" value={parent} onChange={setParent} style={{ width: "100%" }} aria-label="上级专业"
                  options={[{ value: "", label: "（顶级专业）" }, ...options]} />
                <input type="hidden" name="parent" value={parent} />
              </div>
              <Field name="code" id="sp-code" label="专业代码" required max={32} error={e("add-specialty").code} />
              <Field name="name" id="sp-name" label="专业名称" required max={50} error={e("add-specialty").name} />
              <Button htmlType="submit" loading={busy}>添加专业</Button>
            </Form>
            <RenameForm intent="rename-specialty" idPrefix="sp-rename" pickLabel="要改名的专业" busy={busy} errors={e("rename-specialty")} options={options} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
