import "../setup/guard";
// The server writes antd's generated styles into each page from one cache shared by all requests
// (components/antd-server-styles.server.tsx). Each page must still get exactly what a cache of its own
// would give it: its components' styles, never those another page rendered before it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as React from "react";
import { renderToString } from "react-dom/server";
import { createCache, extractStyle, StyleProvider } from "@ant-design/cssinjs";
import { createRequire } from "node:module";
import { collectAntdStyles } from "~/components/antd-server-styles.server";

// antd's CommonJS build, which shares @ant-design/cssinjs with the module under test (plain "antd" in an
// import means this repo's barrel, tsconfig.json "paths", which has no Table).
const { Button, ConfigProvider, Table } = createRequire(import.meta.url)("antd/lib/index.js") as typeof import("antd");
const theme = { zeroRuntime: true, token: { colorPrimary: "#0d4c8b" } };
const buttonPage = () => (
  <ConfigProvider theme={theme}>
    <Button type="primary">提交审核</Button>
  </ConfigProvider>
);
const tablePage = () => (
  <ConfigProvider theme={theme}>
    <Table rowKey="id" columns={[{ title: "姓名", dataIndex: "name" }]} dataSource={[{ id: 1, name: "张三" }]} />
  </ConfigProvider>
);

/** What a cache of the page's own gives (the per-request way this replaced). */
function alone(page: () => React.ReactElement): string {
  const cache = createCache();
  renderToString(<StyleProvider cache={cache}>{page()}</StyleProvider>);
  return extractStyle(cache);
}

function shared(page: () => React.ReactElement): string {
  const styles = collectAntdStyles();
  renderToString(styles.wrap(page()));
  return styles.styleTags();
}

test("each page gets its own styles, whatever rendered before it", () => {
  const button = alone(buttonPage);
  const table = alone(tablePage);
  assert.ok(table.length > button.length, "the table page has more styles than the button page");
  assert.is(shared(buttonPage), button, "first render");
  assert.is(shared(tablePage), table, "a second page");
  assert.is(shared(buttonPage), button, "the button page after the table page: no table styles");
  assert.is(shared(tablePage), table, "again (memoised)");
});

test("a render without antd gets no style markup", () => {
  const styles = collectAntdStyles();
  renderToString(styles.wrap(<p>登录</p>));
  assert.is(styles.styleTags(), "");
});

test.run();
