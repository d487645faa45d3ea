// One workflow's editor: its YAML beside the state diagram and the table of states and transitions drawn
// from it as it is typed, drafts,
// publishing a new version (fully checked on the server), the versions and a diff of two.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import Tabs from "antd/es/tabs/index.js";
import { StateDiagram } from "~/components/definition-editor/state-diagram";
import { WorkflowTable } from "~/components/definition-editor/workflow-table";
import { DefinitionWorkbench } from "~/components/definition-editor/workbench";
import { DEFINITION_KIND } from "~/models/constants";
import { editorAction, loadEditor, registryTitles } from "~/features/definitions/editor-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "流程"} - 流程管理 - 评标专家管理系统` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ ...(await loadEditor(DEFINITION_KIND.workflow, request, params.key)), names: registryTitles() });
}

export const action = ({ request, params, context }: ActionFunctionArgs) => editorAction(DEFINITION_KIND.workflow, request, params.key, context);

export default function WorkflowEditor() {
  const d = useLoaderData<typeof loader>();
  return (
    <DefinitionWorkbench key={d.key} noun="流程" language="yaml" definitionKey={d.key} title={d.title} latest={d.latest} source={d.source}
      draft={d.draft} versions={d.versions} diff={d.diff} asideTitle="状态图与转换"
      aside={(text) => (
        <Tabs items={[
          { key: "diagram", label: "状态图", children: <StateDiagram yaml={text} /> },
          { key: "table", label: "状态与转换表", children: <WorkflowTable yaml={text} names={d.names} /> },
        ]} />
      )} />
  );
}
