// 目录管理: the regions (地州) and the specialty tree as data — add regions, add and rename specialties.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Col, Row, Select, Typography } from "antd";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { addRegion, addSpecialty, renameSpecialty } from "~/models/catalog-admin.server";
import { formCatalogs } from "~/models/catalogs.server";
import type { CatalogNode } from "~/models/catalogs.server";
import { requireAbility, requireAuth } from "~/utils/auth.server";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "目录管理 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Catalog");
  return json(await formCatalogs());
}

type ActionData = { intent: string; ok: boolean; message?: string; errors?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Catalog");
  const form = await readForm(request);
  const intent = field(form, "intent", 20);
  const actor = { id: user.id, name: user.name };
  const ip = clientIp(context);
  const r =
    intent === "add-region" ? await addRegion(actor, { code: field(form, "code", 6), name: field(form, "name", 50) }, ip)
    : intent === "add-specialty" ? await addSpecialty(actor, { parent: field(form, "parent", 32), code: field(form, "code", 32), name: field(form, "name", 50) }, ip)
    : intent === "rename-specialty" ? await renameSpecialty(actor, { code: field(form, "code", 32), name: field(form, "name", 50) }, ip)
    : null;
  if (!r) throw httpError(400, "未知的操作");
  return json<ActionData>({ intent, ...r }, { status: r.ok ? 200 : 400 });
}

/** The tree as nested lists (server-rendered; antd's Tree needs layout effects). */
function SpecialtyList({ nodes }: { nodes: CatalogNode[] }) {
  return (
    <ul className="catalog-tree">
      {nodes.map((n) => (
        <li key={n.code}>
          {n.name}<span className="muted">（{n.code}）</span>
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
  const [renaming, setRenaming] = useState("");
  const e = (intent: string) => (answer?.intent === intent ? answer.errors ?? {} : {});
  const notice = answer?.ok ? <Alert type="success" showIcon role="status" title={answer.message} style={{ marginBottom: 16 }} /> : null;
  const options = flatten(specialties);
  return (
    <>
      <Typography.Title level={3} className="page-title">目录管理</Typography.Title>
      {notice}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card title={`地州（${regions.length}）`}>
            <ul className="plain-list">
              {regions.map((r) => <li key={r.code} className="plain-list-item"><span>{r.name}</span><span className="muted">{r.code}</span></li>)}
            </ul>
            <Form method="post" noValidate style={{ marginTop: 16 }}>
              <CsrfInput />
              <input type="hidden" name="intent" value="add-region" />
              <Field name="code" id="region-code" label="地州代码" required maxLength={6} inputMode="numeric" error={e("add-region").code} />
              <Field name="name" id="region-name" label="地州名称" required maxLength={50} error={e("add-region").name} />
              <Button htmlType="submit" loading={busy}>添加地州</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card title="专业目录">
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
              <Field name="code" id="sp-code" label="专业代码" required maxLength={32} error={e("add-specialty").code} />
              <Field name="name" id="sp-name" label="专业名称" required maxLength={50} error={e("add-specialty").name} />
              <Button htmlType="submit" loading={busy}>添加专业</Button>
            </Form>
            <Form method="post" noValidate style={{ marginTop: 16 }}>
              <CsrfInput />
              <input type="hidden" name="intent" value="rename-specialty" />
              <div className="field">
                <label htmlFor="sp-rename">要改名的专业</label>
                <Select id="sp-rename" value={renaming} onChange={setRenaming} style={{ width: "100%" }} aria-label="要改名的专业" options={options} />
                <input type="hidden" name="code" value={renaming} />
                {e("rename-specialty").code ? <div className="err" role="alert">{e("rename-specialty").code}</div> : null}
              </div>
              <Field name="name" id="sp-newname" label="新名称" required maxLength={50} error={e("rename-specialty").name} />
              <Button htmlType="submit" loading={busy}>改名</Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
