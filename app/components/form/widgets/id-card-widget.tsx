// 身份证号: the format text input (format-text-widget.tsx): spaces and separators dropped, full-width
// digits made ASCII, a trailing x made X, and a checksum or birth-date problem shown as soon as the field
// loses focus, in the same words the server would use. Kept under its own name for `ui:widget: "id-card"`.
export { FormatTextWidget as IdCardWidget } from "./format-text-widget";
