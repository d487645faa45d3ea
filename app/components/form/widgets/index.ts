// Widgets by the names definitions use in `ui:widget` ("select", "radio", "textarea" come with the theme).
// The names are CUSTOM_WIDGETS, which the definition checker also reads: the Record type keeps the two in step.
import type { RegistryWidgetsType } from "@rjsf/utils";
import { FORMAT } from "~/engine/forms/formats";
import type { CustomWidget } from "~/engine/forms/widget-names";
import { DateWidget } from "./date-widget";
import { FileWidget } from "./file-widget";
import { FormatTextWidget } from "./format-text-widget";
import { IdCardWidget } from "./id-card-widget";
import { RegionWidget } from "./region-widget";
import { SpecialtyWidget } from "./specialty-widget";

export const widgets: Record<CustomWidget, RegistryWidgetsType[string]> = {
  file: FileWidget,
  region: RegionWidget,
  specialty: SpecialtyWidget,
  "id-card": IdCardWidget,
  date: DateWidget,
};

/**
 * Widgets rjsf picks by a string's `format` when no `ui:widget` is named (resolveDefaultWidget): every
 * format with a canonical spelling gets the input that normalises it on blur (issue 14 §5). Not names for
 * `ui:widget`, so not in CUSTOM_WIDGETS; `date` is already there.
 */
export const formatWidgets: RegistryWidgetsType = {
  [FORMAT.cnMobile]: FormatTextWidget,
  [FORMAT.cnIdCard]: FormatTextWidget,
  [FORMAT.uscc]: FormatTextWidget,
  [FORMAT.personName]: FormatTextWidget,
  [FORMAT.orgName]: FormatTextWidget,
  email: FormatTextWidget,
};
