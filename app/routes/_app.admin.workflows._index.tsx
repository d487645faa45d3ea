// 流程管理: every workflow key with its latest version, title, publish time and whether a draft is waiting; 新建 a key.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DefinitionList } from "~/components/definition-editor/definition-list";
import { DEFINITION_KIND } from "~/models/constants";
import { createAction, requireDefinitionAdmin } from "~/features/definitions/editor-pages.server";
import { listDefinitionKeys } from "~/models/definitions.server";

export const meta: MetaFunction = () => [{ title: "流程管理 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDefinitionAdmin(request);
  return json({ rows: await listDefinitionKeys(DEFINITION_KIND.workflow) });
}

export const action = ({ request, context }: ActionFunctionArgs) => createAction(DEFINITION_KIND.workflow, request, context, "/admin/workflows");

export default function WorkflowsAdmin() {
  const { rows } = useLoaderData<typeof loader>();
  return <DefinitionList heading="流程管理" noun="流程" base="/admin/workflows" rows={rows} />;
}
