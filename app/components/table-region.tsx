// A wide table on a narrow screen scrolls sideways inside a labelled, keyboard-focusable region
// (axe: scrollable-region-focusable), instead of antd's own unfocusable scroll box.
// `stickyLastColumn`: the last column (操作) stays at the region's right edge while the rest scrolls, so
// a row's action is on screen on a phone too (antd's own fixed columns need antd's scroll box).
export function TableRegion({ label, stickyLastColumn, children }: { label: string; stickyLastColumn?: boolean; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={stickyLastColumn ? "table-region sticky-last" : "table-region"}>
      {children}
    </div>
  );
}
