// A message box without antd (base.css `.notice`), for the signed-out pages and the SMS code button:
// errors are announced at once (role="alert"), other news politely (role="status").
import type { ReactNode } from "react";

export function Notice({ type, children, className }: { type: "success" | "error" | "info"; children: ReactNode; className?: string }) {
  return (
    <div className={`notice notice-${type}${className ? ` ${className}` : ""}`} role={type === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
