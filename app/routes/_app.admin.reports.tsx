// 统计报表: counts by batch × state × region × specialty, and the expert roster export (XLSX / CSV).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Checkbox from "antd/es/checkbox/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Typography from "antd/es/typography/index.js";
import { useState } from "react";
import { TableRegion } from "~/components/table-region";
import { latestWorkflowVersion } from "~/engine/workflows/registry.server";
import { stateTitle } from "~/engine/workflows/transition";
import { formCatalogs, specialtyNames } from "~/models/catalogs.server";
import { countsByDimension } from "~/models/reports.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";

export const meta: MetaFunction = () => [{ title: "统计报表 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "read", "Report");
  const [rows, catalogs] = await Promise.all([countsByDimension(), formCatalogs()]);
  const names = specialtyNames(catalogs.specialties);
  const defs = new Map<string, Awaited<ReturnType<typeof latestWorkflowVersion>>>();
  for (const r of rows) if (!defs.has(r.workflow)) defs.set(r.workflow, await latestWorkflowVersion(r.workflow));
  return json({
    rows: rows.map((r, i) => ({
      key: i, batch: r.batch ?? "—", state: defs.get(r.workflow) ? stateTitle(defs.get(r.workflow)!.definition, r.state) : r.state,
      region: r.region ?? "—", specialty: r.specialty ? names.get(r.specialty) ?? r.specialty : "—", n: r.n,
    })),
    total: rows.reduce((a, r) => a + r.n, 0),
  });
}

export default function Reports() {
  const { rows, total } = useLoaderData<typeof loader>();
  const [full, setFull] = useState(false);
  const q = full ? "&full=1" : "";
  return (
    <>
      <Typography.Title level={3} className="page-title">统计报表</Typography.Title>
      <Card title="专家名册导出" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Button href={`/admin/reports/roster?format=xlsx${q}`} type="primary">导出 XLSX</Button>
          <Button href={`/admin/reports/roster?format=csv${q}`}>导出 CSV</Button>
          <Checkbox checked={full} onChange={(e) => setFull(e.target.checked)}>导出完整身份证号（将记入审计日志）</Checkbox>
        </Space>
      </Card>
      <Card title={`申请统计（共 ${total} 份）`}>
        <TableRegion label="申请统计">
          <Table rowKey="key" dataSource={rows} pagination={{ pageSize: 50, showTotal: (t) => `共 ${t} 条` }}
            columns={[
              { title: "批次", dataIndex: "batch" }, { title: "状态", dataIndex: "state" }, { title: "地州", dataIndex: "region" },
              { title: "专业", dataIndex: "specialty" }, { title: "数量", dataIndex: "n", width: 90 },
            ]} />
        </TableRegion>
      </Card>
    </>
  );
}
