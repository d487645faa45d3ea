// The code editor of the definition pages: CodeMirror (bundled, nothing from a CDN) with JSON or YAML
// highlighting; problems found by the checks are shown as lint diagnostics, underlined in the text and
// marked in the gutter, while the editor still holds the text they were found in.
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from "react";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import type { ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import type { Diagnostic } from "@codemirror/lint";
import type { SourceProblem } from "~/engine/forms/check-definition";

export type CodeEditorHandle = { focusAt(offset: number): void };

type Props = {
  value: string;
  onChange(value: string): void;
  language: "json" | "yaml";
  label: string;
  /** Problems and the text they were found in. */
  problems: SourceProblem[];
  checked: string | null;
};

export const CodeEditor = forwardRef<CodeEditorHandle, Props>(function CodeEditor({ value, onChange, language, label, problems, checked }, ref) {
  const cm = useRef<ReactCodeMirrorRef>(null);
  // CodeMirror measures the DOM (useLayoutEffect): it renders in the browser only; the server sends the text.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const extensions = useMemo(
    () => [
      language === "json" ? json() : yaml(),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": label }),
    ],
    [language, label],
  );

  useImperativeHandle(ref, () => ({
    focusAt(offset: number) {
      const view = cm.current?.view;
      if (!view) return;
      const at = Math.min(offset, view.state.doc.length);
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
      view.focus();
    },
  }));

  useEffect(() => {
    const view = cm.current?.view;
    if (!view) return;
    const doc = view.state.doc.toString();
    if (checked === null || doc !== checked) return; // stale: wait for the check of the current text
    const end = doc.length;
    const diagnostics: Diagnostic[] = problems.map((p) => {
      const from = Math.max(0, Math.min(p.from, end));
      return { from, to: Math.max(from, Math.min(p.to, end)), severity: "error", message: p.message };
    });
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [problems, checked, value, mounted]);

  if (!mounted) return <pre className="code-editor code-editor-fallback" aria-label={label}>{value}</pre>;
  return (
    <div className="code-editor">
      <CodeMirror
        ref={cm}
        value={value}
        onChange={onChange}
        extensions={extensions}
        basicSetup={{ foldGutter: true, highlightActiveLine: true, autocompletion: false, searchKeymap: true }}
        minHeight="420px"
        maxHeight="70vh"
      />
    </div>
  );
});
