// RFC 6901 JSON pointers: the address every field error and rule message is keyed by ("" = the whole
// document, "/education/0/school" = a field of a list item). Browser-safe.

export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  return base + segments.map((s) => "/" + escapePointerSegment(s)).join("");
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function isPointer(value: unknown): value is string {
  return typeof value === "string" && (value === "" || (value.startsWith("/") && !/~[^01]|~$/.test(value)));
}

/** The value at `pointer`, or undefined. Only own properties: a pointer can never reach a prototype. */
export function getByPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of parsePointer(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
