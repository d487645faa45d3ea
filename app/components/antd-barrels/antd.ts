// What `import … from "antd"` means in this repo (tsconfig.json "paths"): every type antd has, and as values
// only what @rjsf/antd imports from it. Our own code imports each component from its module
// (antd/es/<name>/index.js; the architecture test refuses value imports of "antd"). The reason is page
// weight: esbuild splits code by the pages that reach each file, and every page reaching antd's own barrel
// was given every antd component any page used (one 360 KB gzip chunk on every signed-in page). This
// barrel is reached only by the pages that draw a form, and carries only the form theme's components.
export type * from "antd/es/index.js";
export { default as Alert } from "antd/es/alert/index.js";
export { default as Button } from "antd/es/button/index.js";
export { default as Checkbox } from "antd/es/checkbox/index.js";
export { default as Col } from "antd/es/col/index.js";
export { default as ConfigProvider } from "antd/es/config-provider/index.js";
export { default as DatePicker } from "antd/es/date-picker/index.js";
export { default as Divider } from "antd/es/divider/index.js";
export { default as Form } from "antd/es/form/index.js";
export { default as Input } from "antd/es/input/index.js";
export { default as InputNumber } from "antd/es/input-number/index.js";
export { default as Radio } from "antd/es/radio/index.js";
export { default as Row } from "antd/es/row/index.js";
export { default as Select } from "antd/es/select/index.js";
export { default as Slider } from "antd/es/slider/index.js";
export { default as Space } from "antd/es/space/index.js";
export { default as theme } from "antd/es/theme/index.js";
export { default as version } from "antd/es/version/index.js";
