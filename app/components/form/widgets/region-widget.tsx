// 所在地州/城市: a searchable choice from the region catalog; the stored value is the region's name.
import Select from "antd/es/select/index.js";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import type { SchemaFormContext } from "../context";

export function RegionWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, registry, rawErrors, options: ui }: WidgetProps) {
  const { catalogs } = registry.formContext as SchemaFormContext;
  // Regions the form refuses here (`ui:enumDisabled`, e.g. the one a transfer starts from) are greyed
  // out with the reason (`enumDisabledHint`), as rjsf's own choice widgets grey out refused enum values.
  const refused = new Set(Array.isArray(ui.enumDisabled) ? ui.enumDisabled.map(String) : []);
  const hint = typeof ui.enumDisabledHint === "string" ? ui.enumDisabledHint : "不可选";
  // A 停用 region is not offered, but a value chosen before it was disabled still shows.
  const options = catalogs.regions.filter((r) => !r.disabled || r.name === value).map((r) =>
    refused.has(r.name) ? { value: r.name, label: `${r.name}（${hint}）`, disabled: true } : { value: r.name, label: r.name });
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: "label" }}
      allowClear
      value={value || undefined}
      options={options}
      placeholder={placeholder || "请选择"}
      disabled={disabled || readonly}
      status={rawErrors?.length ? "error" : undefined}
      notFoundContent="无匹配地区"
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(v) => onChange(v ?? undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      style={{ width: "100%" }}
    />
  );
}
