// A stored upload shown in place: an image inline (tap for the original), a PDF or other file as a link
// that opens in a new tab, each with its file name once known. The kind and name come from the upload
// answer when known, else from a HEAD request (Content-Type, Content-Disposition).
import { useEffect, useState } from "react";
import FileOutlined from "@ant-design/icons/es/icons/FileOutlined";
import FilePdfOutlined from "@ant-design/icons/es/icons/FilePdfOutlined";
import { dispositionFileName } from "~/utils/content-disposition";
import { fileUrl } from "./context";

export type FileInfo = { ref: string; mime: string; name?: string };

export function FilePreview({ value, accept, label, known }: { value: unknown; accept?: string; label: string; known?: FileInfo | null }) {
  const url = fileUrl(value);
  const imagesOnly = !!accept && accept.split(",").every((t) => t.trim().startsWith("image/"));
  const [asked, setAsked] = useState<FileInfo | null>(null);
  const info = known?.ref === value ? known : asked?.ref === value ? asked : null;
  // An images-only field shows its picture at once; the HEAD request then only brings the name.
  const shown = info ?? (imagesOnly && url ? { ref: value as string, mime: "image/*" } : null);

  useEffect(() => {
    if (!url || info) return;
    let live = true;
    fetch(url, { method: "HEAD", credentials: "same-origin" })
      .then((r) => live && r.ok && setAsked({ ref: value as string, mime: r.headers.get("content-type") ?? "", name: dispositionFileName(r.headers.get("content-disposition")) ?? undefined }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [url, value, info]);

  if (!url) return null;
  if (shown && /^image\//.test(shown.mime)) {
    return (
      <a className="file-preview" href={url} target="_blank" rel="noreferrer" aria-label={`${shown.name ?? label}（在新窗口查看原图）`}>
        <img src={url} alt={`${label}预览`} />
        {shown.name ? <span className="file-name">{shown.name}</span> : null}
      </a>
    );
  }
  const pdf = !!shown && /pdf/.test(shown.mime);
  return (
    <a className="file-preview file-link" href={url} target="_blank" rel="noreferrer">
      {pdf ? <FilePdfOutlined aria-hidden="true" /> : <FileOutlined aria-hidden="true" />}
      {/* What it is first (承诺书扫描件), then which file it is. */}
      <span>{pdf ? `查看${label}（PDF）` : `查看${label}`}{shown?.name ? <span className="file-name">：{shown.name}</span> : null}</span>
    </a>
  );
}
