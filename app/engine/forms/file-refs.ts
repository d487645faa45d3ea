// Finds the uploaded files a document refers to: values at places the schema marks `format: file-ref`.
// The server checks them against the uploader before saving and links them to the submission, which is
// what later decides who may download them. Browser-safe.
import { FORMAT, isFileRef } from "./formats";
import { childSchema, isSchemaNode, resolveRef } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

/** The sha256 of every file a document refers to, each once, in document order. */
export function collectFileRefs(schema: SchemaNode, data: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: SchemaNode, value: unknown) => {
    if (typeof value === "string") {
      if (node.format === FORMAT.fileRef && isFileRef(value)) found.add(value.slice("file:".length));
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [seg, child] of Object.entries(value)) {
      const sub = childSchema(schema, node, seg);
      if (sub) walk(sub, child);
    }
  };
  if (isSchemaNode(schema)) walk(resolveRef(schema, schema), data);
  return [...found];
}
