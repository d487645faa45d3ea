// A date (or date and time) in a hand-written form through antd's DatePicker (zh_CN from the
// ConfigProvider), instead of the browser's own <input type=date | datetime-local>, which looked and
// behaved differently in every browser. The picker's text box itself carries `name`, showing the value in
// the format the server reads (YYYY-MM-DD, or YYYY-MM-DD HH:mm), so the form posts what is shown: with
// scripts, as the picker sets it; before they arrive or without them, as typed into the same box.
import { useState } from "react";
import type { CSSProperties } from "react";
import DatePicker from "antd/es/date-picker/index.js";
import dayjs from "dayjs";
import type { Dayjs } from "dayjs";

const DATE = "YYYY-MM-DD";
const DATE_TIME = "YYYY-MM-DD HH:mm";

export type DateInputProps = {
  name: string;
  id?: string;
  /** YYYY-MM-DD, or with `time` YYYY-MM-DDTHH:mm (as <input type=datetime-local> took it) or YYYY-MM-DD HH:mm. */
  defaultValue?: string | null;
  /** Date and time (to the minute) rather than a date. */
  time?: boolean;
  placeholder?: string;
  status?: "error";
  style?: CSSProperties;
  onChange?: (value: string) => void;
  "aria-invalid"?: boolean;
  "aria-required"?: boolean;
  "aria-describedby"?: string;
};

/** The picker; `onChange` hears the new text ("" when cleared). */
export function DateInput({ name, id, defaultValue, time, placeholder, status, style, onChange, ...aria }: DateInputProps) {
  const format = time ? DATE_TIME : DATE;
  const [value, setValue] = useState<Dayjs | null>(() => {
    const d = defaultValue ? dayjs(defaultValue.replace(" ", "T")) : null;
    return d && d.isValid() ? d : null;
  });
  return (
    <DatePicker
      id={id}
      name={name}
      value={value}
      format={format}
      showTime={time ? { format: "HH:mm" } : undefined}
      // Chosen or typed is taken at once, as the browser's own input did: no 确定 to forget before 保存.
      needConfirm={false}
      placeholder={placeholder ?? (time ? "请选择日期和时间，如 2026-03-01 09:00" : "请选择日期，如 2026-03-01")}
      status={status}
      style={style ?? { width: "100%" }}
      {...aria}
      onChange={(d) => {
        setValue(d);
        onChange?.(d ? d.format(format) : "");
      }}
    />
  );
}
