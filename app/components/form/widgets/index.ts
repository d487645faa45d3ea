// Widgets by the names definitions use in `ui:widget` ("select", "radio", "textarea" come with the theme).
// The names are CUSTOM_WIDGETS, which the definition checker also reads: the Record type keeps the two in step.
import type { RegistryWidgetsType } from "@rjsf/utils";
import type { CustomWidget } from "~/engine/forms/widget-names";
import { DateWidget } from "./date-widget";
import { FileWidget } from "./file-widget";
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
