// A wide table on a narrow screen scrolls sideways inside a labelled, keyboard-focusable region
// (axe: scrollable-region-focusable), instead of antd's own unfocusable scroll box.
// `stickyLastColumn`: the last column (操作) stays at the region's right edge while the rest scrolls, so
// a row's action is on screen on a phone too (antd's own fixed columns need antd's scroll box).
// `fitWidth`: the table's columns already fit a phone (responsive ones hidden), so it gets no minimum
// width and its text wraps: nothing to scroll to (消息). An empty list never scrolls (app.css).
export function TableRegion({ label, stickyLastColumn, fitWidth, children }: { label: string; stickyLastColumn?: boolean; fitWidth?: boolean; children: React.ReactNode }) {
  const className = ["table-region", stickyLastColumn && "sticky-last", fitWidth && "fit-width"].filter(Boolean).join(" ");
  return (
    <div role="region" aria-label={label} tabIndex={0} className={className}>
      {children}
    </div>
  );
}
