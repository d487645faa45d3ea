// One form's editor: its JSON definition (or the designer, a tab editing the same text) beside a live
// preview rendered by the same SchemaForm, drafts,
// publishing a new version (fully checked on the server), the versions and a diff of two.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FormDesigner } from "~/components/definition-editor/form-designer";
import { FormPreview } from "~/components/definition-editor/form-preview";
import { DefinitionWorkbench } from "~/components/definition-editor/workbench";
import { widgetPalette } from "~/engine/forms/widget-palette";
import { DEFINITION_KIND } from "~/models/constants";
import { formCatalogs } from "~/models/catalogs.server";
import { editorAction, loadEditor } from "~/features/definitions/editor-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "表单"} - 表单管理 - 评标专家管理系统` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadEditor(DEFINITION_KIND.form, request, params.key);
  // The designer's palette entries of the widgets features registered at start-up (plain data).
  return json({ ...page, catalogs: await formCatalogs(), palette: widgetPalette() });
}

export const action = ({ request, params, context }: ActionFunctionArgs) => editorAction(DEFINITION_KIND.form, request, params.key, context);

export default function FormEditor() {
  const d = useLoaderData<typeof loader>();
  return (
    <DefinitionWorkbench key={d.key} noun="表单" language="json" definitionKey={d.key} title={d.title} latest={d.latest} source={d.source}
      draft={d.draft} versions={d.versions} diff={d.diff} asideTitle="实时预览"
      aside={(text) => <FormPreview text={text} version={d.latest + 1} catalogs={d.catalogs} />}
      designer={(text, setText, problems) => <FormDesigner text={text} onChange={setText} problems={problems} palette={d.palette} />} />
  );
}
