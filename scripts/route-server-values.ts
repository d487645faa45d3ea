// Finds values from `*.server` modules that would reach the browser through a route. Remix's compiler
// gives the browser an empty module for every `.server` file and drops a route's server exports
// (loader, action, headers) with what only they use; a server value used by anything else (the page
// component, meta, a helper the component calls) is `undefined` in the browser, and the page breaks
// after hydration only (it happened to /pool: the server render was right, the browser's was not).
// Used by tests/unit/architecture.test.ts.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/** A server value used where the browser runs it: the file, the imported name, and the declaration using it. */
export type ServerValueFinding = { file: string; name: string; usedBy: string };

/** Exports Remix keeps out of the browser bundle (with whatever only they reach). */
const SERVER_EXPORTS = new Set(["loader", "action", "headers"]);

const isServerModule = (specifier: string) => /\.server(\/|$)/.test(specifier);

/**
 * The findings of one module. `isRoute`: a route module (server exports allowed to use server values);
 * any other module under app/routes is a browser module throughout. Pure: parses `source` only.
 */
export function serverValuesReachingBrowser(file: string, source: string, isRoute: boolean): ServerValueFinding[] {
  if (isServerModule(file.replace(/\.[tj]sx?$/, ""))) return [];
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const serverNames = new Set<string>();
  const decls = new Map<string, ts.Node[]>(); // top-level name → its declaration(s)
  const exported = new Set<string>();
  const sideEffects: ts.Node[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly || !ts.isStringLiteral(st.moduleSpecifier) || !isServerModule(st.moduleSpecifier.text)) continue;
      if (clause.name) serverNames.add(clause.name.text);
      const b = clause.namedBindings;
      if (b && ts.isNamespaceImport(b)) serverNames.add(b.name.text);
      if (b && ts.isNamedImports(b)) for (const el of b.elements) if (!el.isTypeOnly) serverNames.add(el.name.text);
      continue;
    }
    const isExported = ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    const add = (name: string, node: ts.Node) => {
      decls.set(name, [...(decls.get(name) ?? []), node]);
      if (isExported) exported.add(isDefault ? "default" : name);
    };
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && (st.name || isDefault)) {
      add(st.name?.text ?? "default", st);
      if (isDefault && st.name) decls.set("default", [st]);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, d);
    } else if (ts.isExportAssignment(st)) {
      decls.set("default", [st]);
      exported.add("default");
    } else if (!ts.isTypeAliasDeclaration(st) && !ts.isInterfaceDeclaration(st) && !ts.isExportDeclaration(st)) {
      sideEffects.push(st);
    }
  }
  if (serverNames.size === 0) return [];

  /** Names (server imports and top-level declarations) a node refers to, outside type positions. */
  const refsOf = (node: ts.Node): Set<string> => {
    const found = new Set<string>();
    const visit = (n: ts.Node) => {
      if (ts.isTypeNode(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return;
      if (ts.isIdentifier(n) && !isNameSlot(n) && (serverNames.has(n.text) || decls.has(n.text))) found.add(n.text);
      ts.forEachChild(n, visit);
    };
    // A declaration's own name is not a use of it.
    if (ts.isVariableDeclaration(node)) node.initializer && visit(node.initializer);
    else ts.forEachChild(node, (c) => (c === (node as ts.NamedDeclaration).name ? undefined : visit(c)));
    return found;
  };

  const findings: ServerValueFinding[] = [];
  const seen = new Set<string>();
  const queue: { name: string; nodes: ts.Node[] }[] = [];
  const roots = isRoute ? [...exported].filter((n) => !SERVER_EXPORTS.has(n)) : [...decls.keys()];
  for (const r of roots) queue.push({ name: r, nodes: decls.get(r) ?? [] });
  queue.push({ name: "(top level)", nodes: sideEffects });
  while (queue.length) {
    const { name, nodes } = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const node of nodes) {
      for (const ref of refsOf(node)) {
        if (serverNames.has(ref) && !decls.has(ref)) findings.push({ file, name: ref, usedBy: name });
        else if (!SERVER_EXPORTS.has(ref) || !isRoute) queue.push({ name: ref, nodes: decls.get(ref) ?? [] });
      }
    }
  }
  return findings.filter((f, i) => findings.findIndex((g) => g.name === f.name && g.usedBy === f.usedBy) === i);
}

/** An identifier that names something rather than refers to it: `a.name`, `{ name: … }`, `<X name=…>`, a declaration. */
function isNameSlot(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return true;
  if (ts.isJsxAttribute(p) && p.name === id) return true;
  if ((ts.isParameter(p) || ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === id) return true;
  if (ts.isBindingElement(p) && p.propertyName === id) return true;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  return false;
}

/** Every route module (app/routes/*.tsx and app/routes/<dir>/route.tsx) and the other modules of route folders under `root`. */
export function checkRoutes(root: string): ServerValueFinding[] {
  const dir = path.join(root, "app/routes");
  const out: ServerValueFinding[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const files = entry.isDirectory() ? fs.readdirSync(full).map((f) => path.join(full, f)) : [full];
    for (const f of files.filter((x) => /\.[tj]sx?$/.test(x) && !/\.test\./.test(x))) {
      const isRoute = !entry.isDirectory() || /^route\.[tj]sx?$/.test(path.basename(f));
      out.push(...serverValuesReachingBrowser(path.relative(root, f), fs.readFileSync(f, "utf8"), isRoute));
    }
  }
  return out;
}
