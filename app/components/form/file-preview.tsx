// A stored upload shown in place: an image inline (tap for the original), a PDF or other file as a link
// that opens in a new tab. The kind comes from the upload answer when known, else from a HEAD request.
import { useEffect, useState } from "react";
import FileOutlined from "@ant-design/icons/es/icons/FileOutlined";
import FilePdfOutlined from "@ant-design/icons/es/icons/FilePdfOutlined";
import { fileUrl } from "./context";

export type FileInfo = { ref: string; mime: string; name?: string };

export function FilePreview({ value, accept, label, known }: { value: unknown; accept?: string; label: string; known?: FileInfo | null }) {
  const url = fileUrl(value);
  const imagesOnly = !!accept && accept.split(",").every((t) => t.trim().startsWith("image/"));
  const [asked, setAsked] = useState<FileInfo | null>(null);
  const info = known?.ref === value ? known : asked?.ref === value ? asked : imagesOnly && url ? { ref: value as string, mime: "image/*" } : null;

  useEffect(() => {
    if (!url || info) return;
    let live = true;
    fetch(url, { method: "HEAD", credentials: "same-origin" })
      .then((r) => live && r.ok && setAsked({ ref: value as string, mime: r.headers.get("content-type") ?? "" }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [url, value, info]);

  if (!url) return null;
  if (info && /^image\//.test(info.mime)) {
    return (
      <a className="file-preview" href={url} target="_blank" rel="noreferrer" aria-label={`${label}（在新窗口查看原图）`}>
        <img src={url} alt={`${label}预览`} />
      </a>
    );
  }
  const pdf = !!info && /pdf/.test(info.mime);
  return (
    <a className="file-preview file-link" href={url} target="_blank" rel="noreferrer">
      {pdf ? <FilePdfOutlined aria-hidden="true" /> : <FileOutlined aria-hidden="true" />}
      <span>{info?.name ?? (pdf ? `查看${label}（PDF）` : `查看${label}`)}</span>
    </a>
  );
}
