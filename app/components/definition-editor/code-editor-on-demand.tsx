// The code editor, loaded when it is first shown. CodeMirror and its languages are about 125 KB gzip of
// the form editor's first load (bench/weight.ts, issue 19: the admin's form editor ≤ 600 KB), and the form
// editor opens on the 设计器 tab: an administrator who never opens the JSON tab never downloads them.
// Until the editor has loaded (and on the server, where CodeMirror cannot measure the page) the text
// shows as it is, read-only, in the same place. A failed load (the network dropped, a new version was
// deployed meanwhile) is said inside the tab with 重试; the page and its unsaved edits stay.
// The editor module is `.client`: Remix leaves it out of the server build, where esbuild would otherwise
// inline this dynamic import and load CodeMirror and its languages (about 10 MB of RSS) at start-up.
import { forwardRef, useEffect, useState } from "react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import type { CodeEditor as Editor, CodeEditorHandle, CodeEditorProps } from "./code-editor.client";

/** Same props and handle as CodeEditor; `focusAt` does nothing until the editor has loaded (use `focusOnLoad`). */
export const CodeEditorOnDemand = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditorOnDemand(props, ref) {
  const [loaded, setLoaded] = useState<typeof Editor | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // Starts after hydration: the first render in the browser must match the server's HTML.
  useEffect(() => {
    let live = true;
    import("./code-editor.client").then(
      (m) => live && setLoaded(() => m.CodeEditor),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  if (loaded) {
    const CodeEditor = loaded;
    return <CodeEditor ref={ref} {...props} />;
  }
  return (
    <>
      {failed ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 8 }} title="代码编辑器加载失败，请检查网络后重试（设计器中的修改仍在本页）"
          action={<Button size="small" onClick={() => { setFailed(false); setAttempt((n) => n + 1); }}>重试</Button>} />
      ) : null}
      <pre className="code-editor code-editor-fallback" aria-label={props.label}>{props.value}</pre>
    </>
  );
});
