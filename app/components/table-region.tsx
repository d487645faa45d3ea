// A wide table on a narrow screen scrolls sideways inside a labelled, keyboard-focusable region
// (axe: scrollable-region-focusable), instead of antd's own unfocusable scroll box.
export function TableRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="table-region">
      {children}
    </div>
  );
}
