// 学习: an enrolment's courses and their study windows, open once the payment is confirmed (已缴费).
// Lessons, progress and the exam are added by the courses-and-exam feature.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, Card, Tag, Typography } from "antd";
import { requireAuth } from "~/features/accounts/auth.server";
import { ownEnrolment, studyPage } from "~/features/training/my-training.server";

export const meta: MetaFunction = () => [{ title: "学习 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  return json(await studyPage(auth, await ownEnrolment(auth, params.id)));
}

export default function StudyRoute() {
  const p = useLoaderData<typeof loader>();
  return (
    <>
      <Typography.Title level={3} className="page-title">学习</Typography.Title>
      <Card title={<>岗前培训 <Tag>{p.stateTitle}</Tag></>}>
        {!p.open ? (
          <Alert type="warning" showIcon title="缴费成功后即可进入培训学习。" action={<Link to={`/training/${p.id}/pay`}>去缴费</Link>} />
        ) : (
          p.courses.length === 0 ? <p className="muted">主管部门尚未发布本批次的课程，请留意通知。</p> : (
            <ol className="course-list">
              {p.courses.map((c) => <li key={c.name}><strong>{c.name}</strong><div className="muted">学习时间：{c.start} 至 {c.end}</div></li>)}
            </ol>
          )
        )}
        <p style={{ marginTop: 12 }}><Link to="/training">返回我的培训</Link></p>
      </Card>
    </>
  );
}
