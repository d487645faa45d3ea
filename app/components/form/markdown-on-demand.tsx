// `Markdown` for @rjsf/core's RichDescription, which renders a field's description as Markdown when the
// definition sets `ui:enableMarkdownInDescription`. tsconfig.json maps "markdown-to-jsx/react" here (the
// server build bundles @rjsf/core, so both sides take this module): the parser, about 30 KB gzip, loads
// only on a page that draws such a description. None of the built-in forms asks for Markdown.
import { useEffect, useState } from "react";
import type { ComponentType, ReactNode } from "react";

type MarkdownProps = { children?: ReactNode; options?: Record<string, unknown>; [attribute: string]: unknown };

/**
 * The description as plain text (on the server and while hydrating, so both render the same), then as
 * Markdown once markdown-to-jsx has loaded. A failed load leaves the plain text.
 */
export function Markdown(props: MarkdownProps) {
  const [Parsed, setParsed] = useState<ComponentType<MarkdownProps> | null>(null);
  useEffect(() => {
    let live = true;
    // The package's own file by path: its export map's "./react" is this module's alias.
    import("../../../node_modules/markdown-to-jsx/dist/react.js")
      .then((m) => live && setParsed(() => m.Markdown as ComponentType<MarkdownProps>))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return Parsed ? <Parsed {...props} /> : <>{props.children}</>;
}
