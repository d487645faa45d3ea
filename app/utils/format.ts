// Display helpers shared by pages: times in Asia/Shanghai.
const fmt = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});

/** 2025-05-23 19:10:53 in Beijing time, whatever the server's zone. */
export function formatTime(ms: number | null | undefined): string {
  if (ms == null) return "-";
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === "24" ? "00" : p.hour}:${p.minute}:${p.second}`;
}
