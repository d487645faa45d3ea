// One file chosen through a hidden <input type="file"> and sent to /uploads (checked there by content)
// with progress: the voucher on the 缴费 page and the 收款二维码 on the batch editor.
import { useRef, useState } from "react";
import { useCsrfToken } from "~/components/csrf-input";
import { fileProblem, uploadFile, type Uploaded } from "~/components/form/upload";

export type FileUploadHandlers = {
  /** The stored file (its `ref` is what forms submit). */
  onUploaded: (res: Uploaded) => void;
  /** A Chinese reason: the file's type or size (checked before sending), or the server's refusal. */
  onError: (message: string) => void;
  /** A file was chosen and passed the checks; sending starts (e.g. clear an earlier notice). */
  onStart?: () => void;
};

/**
 * The input's ref (render `<input ref={input} type="file" hidden onChange={(e) => choose(e.target.files?.[0])} />`),
 * `pick()` to open the file dialog, `choose(file)` for the chosen file, and `progress` in % while sending
 * (null when idle). The input is cleared after each choice, so choosing the same file again works.
 */
export function useFileUpload(accept: string, handlers: FileUploadHandlers) {
  const csrf = useCsrfToken();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const choose = (file: File | undefined) => {
    if (input.current) input.current.value = "";
    if (!file) return;
    const problem = fileProblem(file, accept);
    if (problem) return handlers.onError(problem);
    handlers.onStart?.();
    setProgress(0);
    uploadFile(file, accept, csrf, setProgress).promise
      .then(handlers.onUploaded)
      .catch((e: Error) => handlers.onError(e.message))
      .finally(() => setProgress(null));
  };
  return { input, progress, choose, pick: () => input.current?.click() };
}
