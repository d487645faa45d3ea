// Widgets by the names definitions use in `ui:widget` ("select", "radio", "textarea" come with the theme).
import type { RegistryWidgetsType } from "@rjsf/utils";
import { DateWidget } from "./date-widget";
import { FileWidget } from "./file-widget";
import { IdCardWidget } from "./id-card-widget";
import { RegionWidget } from "./region-widget";
import { SpecialtyWidget } from "./specialty-widget";

export const widgets: RegistryWidgetsType = {
  file: FileWidget,
  region: RegionWidget,
  specialty: SpecialtyWidget,
  "id-card": IdCardWidget,
  date: DateWidget,
};
