// A step's read-only panel (engine StepPanel): a notice, a small table of texts and links. The change
// request's difference (原内容 → 变更后) is one; the wizard's `panel-submit` view and the reviewer's task
// page both draw it. A table on wide screens, label/value cards on phones (CSS only).
import { Link } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import type { StepPanel } from "~/engine/workflows/step-types";

export function StepPanelView({ panel, headingId }: { panel: StepPanel; headingId: string }) {
  return (
    <section className="step-panel" aria-labelledby={headingId}>
      <h4 className="task-section-title" id={headingId}>{panel.title}</h4>
      {panel.notice ? <Alert className="step-panel-notice" type={panel.notice.type} showIcon title={panel.notice.text} role={panel.notice.type === "info" ? "status" : "alert"} /> : null}
      {panel.rows.length ? (
        <table className="step-panel-table">
          <thead>
            <tr>{panel.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
          </thead>
          <tbody>
            {panel.rows.map((r, i) => (
              <tr key={i}>
                {r.map((cell, j) => (
                  <td key={j} data-label={panel.columns[j]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {panel.links?.length ? (
        <p className="step-panel-links">
          {panel.links.map((l) => <Link key={l.href} to={l.href}>{l.label}</Link>)}
        </p>
      ) : null}
    </section>
  );
}
