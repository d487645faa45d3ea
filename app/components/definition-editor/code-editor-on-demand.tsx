// The code editor, loaded when it is first shown. CodeMirror and its languages are about 125 KB gzip of
// the form editor's first load (bench/weight.ts, issue 19: the admin's form editor ≤ 600 KB), and the form
// editor opens on the 设计器 tab: an administrator who never opens the JSON tab never downloads them.
// Until the editor has loaded (and on the server, where CodeMirror cannot measure the page) the text
// shows as it is, read-only, in the same place.
import { forwardRef, lazy, Suspense, useEffect, useState } from "react";
import type { CodeEditorHandle, CodeEditorProps } from "./code-editor";

const CodeEditor = lazy(() => import("./code-editor").then((m) => ({ default: m.CodeEditor })));

/** Same props and handle as CodeEditor; `focusAt` does nothing until the editor has loaded (use `focusOnLoad`). */
export const CodeEditorOnDemand = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditorOnDemand(props, ref) {
  // The first render in the browser must match the server's HTML, so the import starts after hydration.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const text = <pre className="code-editor code-editor-fallback" aria-label={props.label}>{props.value}</pre>;
  if (!mounted) return text;
  return (
    <Suspense fallback={text}>
      <CodeEditor ref={ref} {...props} />
    </Suspense>
  );
});
