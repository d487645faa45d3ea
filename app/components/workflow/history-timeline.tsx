// 办理记录: every transition of a workflow instance, oldest first (who, when, the state it led to,
// comment). Shown to the applicant in the wizard and to the reviewer on the task page.
import Card from "antd/es/card/index.js";
import Timeline from "antd/es/timeline/index.js";

export type HistoryEntry = { id: number; title: string; state: string; by: string; at: string; comment: string | null };

export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  if (!history.length) return null;
  return (
    <Card title="办理记录" className="workflow-history" size="small">
      <Timeline
        items={history.map((h) => ({
          key: h.id,
          title: h.at,
          content: (
            <div className="workflow-history-item">
              <div>
                <strong>{h.title}</strong>
                <span className="workflow-history-state">→ {h.state}</span>
              </div>
              {h.by ? <div className="workflow-history-by">办理人：{h.by}</div> : null}
              {h.comment ? <div className="workflow-history-comment">意见：{h.comment}</div> : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
