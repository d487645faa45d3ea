// A file picker in the page's own words: a 【选择文件】 button and the chosen file's name (or 未选择文件)
// beside it. The browser's own <input type=file> says "Choose File / No file chosen" in the browser's
// language, and its look differs from every other control on the page. The input stays in the page,
// hidden, so a <label htmlFor={id}> still names it and opens it.
import { useRef } from "react";
import Button from "antd/es/button/index.js";

export type FileChooserProps = {
  /** The hidden input's id, for a <label htmlFor>. */
  id?: string;
  /** The input's accessible name when no <label> names it. */
  label?: string;
  /** The `accept` attribute: MIME types or extensions, comma-separated. */
  accept: string;
  /** The file chosen so far (shown by name), or null. */
  file: File | null;
  onChange: (file: File | null) => void;
  disabled?: boolean;
};

/** The button and the chosen name; choosing again replaces the file, cancelling the dialog keeps it. */
export function FileChooser({ id, label, accept, file, onChange, disabled }: FileChooserProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className="file-chooser">
      <input ref={input} id={id} type="file" accept={accept} hidden aria-label={label} disabled={disabled}
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onChange(chosen);
          e.target.value = ""; // the same file chosen again (after fixing it) still fires a change
        }} />
      <Button onClick={() => input.current?.click()} disabled={disabled}>选择文件</Button>
      <span className={file ? "file-chooser-name" : "file-chooser-name muted"}>{file ? file.name : "未选择文件"}</span>
    </span>
  );
}
