// 我的培训 (manual 三): the expert's training courses in the manual's ten columns, searchable by
// 课程名称, paged 共 N 条 · 10 条/页 · 前往, with the 专家编号 and each enrolment's payment status.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/features/accounts/auth.server";
import { myTrainingPage } from "~/features/training/my-training.server";
import { onExistingPage, parsePaging } from "~/utils/paging";
import { MyTrainingPage } from "./my-training-page";

export const meta: MetaFunction = () => [{ title: "我的培训 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 50);
  const { paging: _shown, ...page } = await onExistingPage(parsePaging(url), (p) => myTrainingPage(auth, { ...p, q }));
  return json(page);
}

export default function MyTrainingRoute() {
  return <MyTrainingPage {...useLoaderData<typeof loader>()} />;
}
