// The names a uiSchema may give `ui:widget`: ours (app/components/form/widgets registers exactly these)
// and the antd theme's own that definitions use. Browser-safe, free of React, so the definition checker
// and the widget registry share one list.
export const CUSTOM_WIDGETS = ["file", "region", "specialty", "id-card", "date"] as const;
export type CustomWidget = (typeof CUSTOM_WIDGETS)[number];

export const THEME_WIDGETS = ["textarea", "radio", "select", "hidden", "checkbox", "checkboxes"] as const;

export const WIDGET_NAMES: readonly string[] = [...CUSTOM_WIDGETS, ...THEME_WIDGETS];
