// A date (or date and time) in a hand-written form through antd's DatePicker (zh_CN from the
// ConfigProvider), instead of the browser's own <input type=date | datetime-local>, which looked and
// behaved differently in every browser. The picker's text box itself carries `name`, showing the value in
// the format the server reads (YYYY-MM-DD, or YYYY-MM-DD HH:mm), so the form posts what is shown: with
// scripts, as the picker sets it; before they arrive or without them, as typed into the same box. A text
// that is no date (sent back by the server with its error) stays in the box as typed until it is edited.
import { createContext, forwardRef, useContext, useState } from "react";
import type { CSSProperties, InputHTMLAttributes } from "react";
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

/** The typed text the picker cannot show as a date (null: none, or edited since). */
const RawText = createContext<string | null>(null);

/** The picker's text box: what the picker shows, or, while the picker shows nothing, the raw typed text. */
const TextBox = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function TextBox(props, ref) {
  const raw = useContext(RawText);
  return <input ref={ref} {...props} value={raw !== null && !props.value ? raw : props.value} />;
});
const COMPONENTS = { input: TextBox };

/** `text` read strictly in `format` (2027-02-30 or 25:61 are no dates), or null. */
function strict(text: string, time: boolean | undefined): Dayjs | null {
  const d = dayjs(text.replace(" ", "T"));
  if (!d.isValid()) return null;
  return d.format(time ? DATE_TIME : DATE) === text.replace("T", " ") ? d : null;
}

/**
 * The picker; `onChange` hears the new text ("" when cleared). A `defaultValue` that is no date in the
 * format (e.g. 2027-02-30 25:61 sent back with the server's error) is shown as it is until the box is
 * focused, so a page rendered without scripts keeps what was typed.
 */
export function DateInput({ name, id, defaultValue, time, placeholder, status, style, onChange, ...aria }: DateInputProps) {
  const format = time ? DATE_TIME : DATE;
  const [value, setValue] = useState<Dayjs | null>(() => (defaultValue ? strict(defaultValue, time) : null));
  const [raw, setRaw] = useState<string | null>(() => (defaultValue && !strict(defaultValue, time) ? defaultValue : null));
  return (
    <RawText.Provider value={raw}>
      <DatePicker
        components={COMPONENTS}
        onFocus={() => setRaw(null)}
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
    </RawText.Provider>
  );
}
