// Text inputs capped at `max` characters counted as the server counts them (code points, text-count.ts),
// showing 已写 / 上限 so the cap is visible. antd's own maxLength counts UTF-16 units and a paste past it
// was cut without a word (a long 新工作单位, a lesson's title): here the cut is kept, and said beneath.
import { useState } from "react";
import type { ClipboardEvent } from "react";
import Input from "antd/es/input/index.js";
import type { InputProps } from "antd";
import type { TextAreaProps } from "antd/es/input/TextArea";
import { textLength } from "~/engine/forms/formats";
import { codePointCount } from "./text-count";

/** What a paste that went past the cap says, beneath the input. */
export const cutText = (max: number) => `粘贴的内容超过 ${max} 字的上限，超出部分已截去，请核对`;

type Paste = ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>;

/**
 * The paste watch of a capped input: `onPaste` notes whether the text as pasted would be longer than
 * `max` (antd then cuts it to `max`); the note goes when the next paste fits or the text is shortened.
 */
function useCutNotice(max: number, onPaste?: (e: Paste) => void) {
  const [cut, setCut] = useState(false);
  return {
    cut,
    onPaste(e: Paste) {
      const el = e.currentTarget;
      const [start, end] = [el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length];
      setCut(textLength(el.value.slice(0, start) + e.clipboardData.getData("text") + el.value.slice(end)) > max);
      onPaste?.(e as never);
    },
    /** Call with the text after each change: shortened below the cap, the note is no longer true. */
    changed(text: string) {
      if (cut && textLength(text) < max) setCut(false);
    },
  };
}

const Notice = ({ id, max }: { id?: string; max: number }) => (
  <div className="capped-cut" role="status" id={id ? `${id}-cut` : undefined}>{cutText(max)}</div>
);

/** antd Input capped at `max` code points, with the count shown (and a paste past the cap said). */
export function CappedInput({ max, onPaste, onChange, ...props }: Omit<InputProps, "maxLength" | "count" | "showCount"> & { max: number }) {
  const watch = useCutNotice(max, onPaste as never);
  return (
    <>
      <Input {...props} count={codePointCount(max, true)} onPaste={watch.onPaste}
        onChange={(e) => { watch.changed(e.target.value); onChange?.(e); }} />
      {watch.cut ? <Notice id={props.id} max={max} /> : null}
    </>
  );
}

/** antd TextArea capped at `max` code points, with the count shown beneath (and a paste past the cap said). */
export function CappedTextArea({ max, onPaste, onChange, ...props }: Omit<TextAreaProps, "maxLength" | "count" | "showCount"> & { max: number }) {
  const watch = useCutNotice(max, onPaste as never);
  return (
    <>
      <Input.TextArea {...props} count={codePointCount(max, true)} onPaste={watch.onPaste}
        onChange={(e) => { watch.changed(e.target.value); onChange?.(e); }} />
      {watch.cut ? <Notice id={props.id} max={max} /> : null}
    </>
  );
}
