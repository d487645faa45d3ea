// An administration list: a GET filter form (查询 / 重置, so a filtered list is a link), the table in a
// scrollable labelled region, and the manual's pagination under it. The pages differ only in their
// filters and columns (证书管理, 培训报名).
import { Form, useNavigate } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import { useId } from "react";
import { TableRegion } from "./table-region";
import { UrlPagination } from "./url-pagination";

/**
 * A select that submits with the GET form: antd's Select holds no form value, so a hidden input under
 * `name` carries the choice. `width` in pixels.
 */
export function FilterSelect<V extends string | number>({ name, label, placeholder, options, defaultValue, width }: {
  name: string; label: string; placeholder: string; options: { value: V; label: string }[]; defaultValue?: V; width: number;
}) {
  const id = useId();
  return (
    <>
      <Select<V> aria-label={label} placeholder={placeholder} allowClear defaultValue={defaultValue} options={options} style={{ width }}
        onChange={(v) => { (document.getElementById(id) as HTMLInputElement).value = v == null ? "" : String(v); }} />
      <input type="hidden" id={id} name={name} defaultValue={defaultValue ?? ""} />
    </>
  );
}

/**
 * The card of a filtered list: `filters` (inputs named as the loader reads them) with 查询 and 重置 (back
 * to `path` without filters), then `children` (the table) in a region labelled `tableLabel`, its last
 * column (操作) kept on screen while the rest scrolls sideways (TableRegion stickyLastColumn).
 */
export function FilteredList({ path, searchLabel, tableLabel, filters, total, page, pageSize, children }: {
  path: string; searchLabel: string; tableLabel: string; filters: React.ReactNode; total: number; page: number; pageSize: number; children: React.ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <Card>
      <Form method="get" className="list-filters" role="search" aria-label={searchLabel}>
        <Space wrap>
          {filters}
          <Button type="primary" htmlType="submit">查询</Button>
          <Button onClick={() => navigate(path)}>重置</Button>
        </Space>
      </Form>
      <TableRegion label={tableLabel} stickyLastColumn>{children}</TableRegion>
      <UrlPagination total={total} page={page} pageSize={pageSize} />
    </Card>
  );
}
