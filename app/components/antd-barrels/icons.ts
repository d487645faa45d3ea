// What `import … from "@ant-design/icons"` means in this repo (tsconfig.json "paths"; see ./antd.ts for
// why): the icons @rjsf/antd's templates import. Our own code imports each icon from its module
// (@ant-design/icons/es/icons/<Name>). Also keeps the server build off the package's CommonJS barrel,
// which Node's "node" condition selects and an ESM bundle cannot require.
export { default as ArrowDownOutlined } from "@ant-design/icons/es/icons/ArrowDownOutlined";
export { default as ArrowUpOutlined } from "@ant-design/icons/es/icons/ArrowUpOutlined";
export { default as CloseOutlined } from "@ant-design/icons/es/icons/CloseOutlined";
export { default as CopyOutlined } from "@ant-design/icons/es/icons/CopyOutlined";
export { default as DeleteOutlined } from "@ant-design/icons/es/icons/DeleteOutlined";
export { default as ExclamationCircleOutlined } from "@ant-design/icons/es/icons/ExclamationCircleOutlined";
export { default as PlusCircleOutlined } from "@ant-design/icons/es/icons/PlusCircleOutlined";
