import "../setup/guard";
// scripts/patches/@remix-run+router+1.23.3.patch (applied by `npm install`'s postinstall): the server's
// route matching keeps each routes array's ranked branches and each compiled pattern instead of
// rebuilding them per request. Matching must answer exactly as before, including for a tree changed in
// place (a client router patching in routes), and the install must have applied the patch.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import { createRequire } from "node:module";
import { matchPath, matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";

const require = createRequire(import.meta.url);

test("the installed router carries the patch (npm install ran patch-package)", () => {
  const source = fs.readFileSync(require.resolve("@remix-run/router"), "utf8");
  assert.match(source, "function rankedBranchesOf(routes)");
  assert.match(source, "function compilePathUncached(path, caseSensitive, end)");
});

const ids = (routes: RouteObject[], path: string) => matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

test("matching the same array again gives the same answers; ranking still prefers static segments", () => {
  const routes: RouteObject[] = [
    { id: "root", path: "/", children: [{ id: "item", path: "forms/:key" }, { id: "new", path: "forms/new" }, { id: "splat", path: "*" }] },
  ];
  for (let round = 0; round < 3; round++) {
    assert.equal(ids(routes, "/forms/new"), ["root", "new"]);
    assert.equal(ids(routes, "/forms/expert-avoidance"), ["root", "item"]);
    assert.equal(ids(routes, "/nowhere/at/all"), ["root", "splat"]);
    assert.equal(matchRoutes(routes, "/forms/%E5%9B%9E%E9%81%BF")?.[1].params, { key: "回避" });
  }
});

test("a tree changed in place is ranked again", () => {
  const children: RouteObject[] = [{ id: "a", path: "a" }];
  const routes: RouteObject[] = [{ id: "root", path: "/", children }];
  assert.is(ids(routes, "/b"), null);
  children.push({ id: "b", path: "b" });
  assert.equal(ids(routes, "/b"), ["root", "b"]);
});

test("compiled patterns are shared only between identical (path, caseSensitive, end)", () => {
  assert.ok(matchPath({ path: "/Forms/:key", caseSensitive: false }, "/forms/x"));
  assert.is(matchPath({ path: "/Forms/:key", caseSensitive: true }, "/forms/x"), null);
  assert.ok(matchPath({ path: "/forms", end: false }, "/forms/x"));
  assert.is(matchPath({ path: "/forms", end: true }, "/forms/x"), null);
  assert.is(matchPath("/forms", "/forms/x"), null, "end defaults to true");
});

test.run();
