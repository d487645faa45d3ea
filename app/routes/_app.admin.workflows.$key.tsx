// One workflow's editor: its YAML beside the state diagram drawn from it as it is typed, drafts,
// publishing a new version (fully checked on the server), the versions and a diff of two.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StateDiagram } from "~/components/definition-editor/state-diagram";
import { DefinitionWorkbench } from "~/components/definition-editor/workbench";
import { DEFINITION_KIND } from "~/models/constants";
import { editorAction, loadEditor } from "~/features/definitions/editor-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "流程"} - 流程管理 - 评标专家管理系统` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json(await loadEditor(DEFINITION_KIND.workflow, request, params.key));
}

export const action = ({ request, params, context }: ActionFunctionArgs) => editorAction(DEFINITION_KIND.workflow, request, params.key, context);

export default function WorkflowEditor() {
  const d = useLoaderData<typeof loader>();
  return (
    <DefinitionWorkbench key={d.key} noun="流程" language="yaml" definitionKey={d.key} title={d.title} latest={d.latest} source={d.source}
      draft={d.draft} versions={d.versions} diff={d.diff} asideTitle="状态图" aside={(text) => <StateDiagram yaml={text} />} />
  );
}
