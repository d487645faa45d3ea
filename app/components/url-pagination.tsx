// Pagination in the manual's style (共 N 条, 10 条/页, 前往), kept in the URL so lists are linkable.
import { useSearchParams } from "@remix-run/react";
import Pagination from "antd/es/pagination/index.js";
import { PAGE_SIZES } from "~/utils/paging";

export function UrlPagination({ total, page, pageSize }: { total: number; page: number; pageSize: number }) {
  const [params, setParams] = useSearchParams();
  return (
    <Pagination
      style={{ marginTop: 16, justifyContent: "flex-end" }}
      total={total}
      current={page}
      pageSize={pageSize}
      pageSizeOptions={PAGE_SIZES.map(String)}
      showSizeChanger
      showQuickJumper
      showTotal={(t) => `共 ${t} 条`}
      onChange={(p, size) => {
        const next = new URLSearchParams(params);
        next.set("page", String(size !== pageSize ? 1 : p));
        next.set("size", String(size));
        setParams(next);
      }}
    />
  );
}
