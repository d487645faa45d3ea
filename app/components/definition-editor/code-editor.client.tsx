// The code editor of the definition pages: CodeMirror (bundled, nothing from a CDN) with JSON or YAML
// highlighting; problems found by the checks are shown as lint diagnostics, underlined in the text and
// marked in the gutter, while the editor still holds the text they were found in.
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from "react";
import CodeMirror, { EditorState, EditorView } from "@uiw/react-codemirror";
import type { ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import type { Diagnostic } from "@codemirror/lint";
import type { SourceProblem } from "~/engine/forms/check-definition";

// The editor's own words (search panel, folding, lint), in Chinese like the rest of the UI.
const PHRASES = EditorState.phrases.of({
  Find: "查找", Replace: "替换", next: "下一个", previous: "上一个", all: "全部", "match case": "区分大小写",
  regexp: "正则表达式", "by word": "全词匹配", replace: "替换", "replace all": "全部替换", close: "关闭",
  "current match": "当前匹配", "on line": "位于行", "replaced match on line $": "已替换第 $ 行的匹配",
  "replaced $ matches": "已替换 $ 处", "Go to line": "跳转到行", go: "跳转", "Folded lines": "已折叠的行",
  "Unfolded lines": "已展开的行", to: "至", "folded code": "已折叠的代码", unfold: "展开", "Fold line": "折叠该行",
  "Unfold line": "展开该行", "Control character": "控制字符", Diagnostics: "问题", "No diagnostics": "没有问题",
});

export type CodeEditorHandle = { focusAt(offset: number): void };

export type CodeEditorProps = {
  value: string;
  onChange(value: string): void;
  language: "json" | "yaml";
  label: string;
  /** Problems and the text they were found in. */
  problems: SourceProblem[];
  checked: string | null;
  /** A text offset to put the cursor at once the editor exists (a problem clicked before it had loaded). */
  focusOnLoad?: number | null;
};

// One object for the life of the page: a new one on each render makes CodeMirror reconfigure, which
// closes the 查找 panel (and its text) whenever a background check re-renders the editor.
const BASIC_SETUP = { foldGutter: true, highlightActiveLine: true, autocompletion: false, searchKeymap: true };

export const CodeEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor({ value, onChange, language, label, problems, checked, focusOnLoad }, ref) {
  const cm = useRef<ReactCodeMirrorRef>(null);
  // CodeMirror measures the DOM (useLayoutEffect): it renders in the browser only; the server sends the text.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const extensions = useMemo(
    () => [
      language === "json" ? json() : yaml(),
      lintGutter(),
      EditorView.lineWrapping,
      // tabindex: axe counts a contenteditable without it as no focusable content in the scroller.
      EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
      PHRASES,
    ],
    [language, label],
  );

  useImperativeHandle(ref, () => ({
    focusAt(offset: number) {
      const view = cm.current?.view;
      if (view) focusIn(view, offset);
    },
  }));

  useEffect(() => {
    const view = cm.current?.view;
    if (view) markProblems(view, problems, checked);
  }, [problems, checked, value, mounted]);

  if (!mounted) return <pre className="code-editor code-editor-fallback" aria-label={label}>{value}</pre>;
  return (
    <div className="code-editor">
      <CodeMirror
        ref={cm}
        value={value}
        onChange={onChange}
        extensions={extensions}
        basicSetup={BASIC_SETUP}
        onCreateEditor={(view) => {
          // The view is made after this component's effects ran (CodeMirror creates it in an effect of its
          // own), so problems already known are marked here, or they would wait for the next check.
          markProblems(view, problems, checked);
          if (focusOnLoad !== null && focusOnLoad !== undefined) focusIn(view, focusOnLoad);
        }}
        minHeight="420px"
        maxHeight="70vh"
      />
    </div>
  );
});

/** Marks `problems` in the gutter and the text, if they were found in the text the editor holds (else it waits for the next check). */
function markProblems(view: EditorView, problems: SourceProblem[], checked: string | null) {
  const doc = view.state.doc.toString();
  if (checked === null || doc !== checked) return;
  const end = doc.length;
  const diagnostics: Diagnostic[] = problems.map((p) => {
    const from = Math.max(0, Math.min(p.from, end));
    return { from, to: Math.max(from, Math.min(p.to, end)), severity: "error", message: p.message };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

/**
 * Puts the cursor at `offset` (clamped to the text), scrolls it to the middle and focuses the editor, once
 * the editor is on screen: a tab switched to in the same click shows its pane a render or two later (antd
 * Tabs' CSSMotion), and a hidden element takes no focus. Gives up after about a second of frames.
 */
function focusIn(view: EditorView, offset: number, frames = 60) {
  if (!view.dom.getClientRects().length) {
    if (frames > 0) requestAnimationFrame(() => focusIn(view, offset, frames - 1));
    return;
  }
  const at = Math.min(offset, view.state.doc.length);
  view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
  view.focus();
}
