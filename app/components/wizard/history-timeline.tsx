// 办理记录: every transition of the application, oldest first (who, when, the state it led to, comment).
import { Card, Timeline } from "antd";
import type { WizardData } from "./types";

export function HistoryTimeline({ history }: { history: WizardData["history"] }) {
  if (!history.length) return null;
  return (
    <Card title="办理记录" className="wizard-history" size="small">
      <Timeline
        items={history.map((h) => ({
          key: h.id,
          title: h.at,
          content: (
            <div className="wizard-history-item">
              <div>
                <strong>{h.title}</strong>
                <span className="wizard-history-state">→ {h.state}</span>
              </div>
              {h.by ? <div className="wizard-history-by">办理人：{h.by}</div> : null}
              {h.comment ? <div className="wizard-history-comment">意见：{h.comment}</div> : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
