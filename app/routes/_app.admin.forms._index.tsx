// 表单管理: every form key with its latest version, title, publish time and whether a draft is waiting; 新建 a key.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DefinitionList } from "~/components/definition-editor/definition-list";
import { DEFINITION_KIND } from "~/models/constants";
import { createAction, requireDefinitionAdmin } from "~/features/definitions/editor-pages.server";
import { listDefinitionKeys } from "~/models/definitions.server";

export const meta: MetaFunction = () => [{ title: "表单管理 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDefinitionAdmin(request);
  return json({ rows: await listDefinitionKeys(DEFINITION_KIND.form) });
}

export const action = ({ request, context }: ActionFunctionArgs) => createAction(DEFINITION_KIND.form, request, context, "/admin/forms");

export default function FormsAdmin() {
  const { rows } = useLoaderData<typeof loader>();
  return <DefinitionList heading="表单管理" noun="表单" base="/admin/forms" rows={rows} />;
}
