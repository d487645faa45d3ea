// 申报专业: one to three leaf specialties from the catalog tree, exactly one marked 主专业. Value shape
// [{ code, main }]; people see names. The first pick is 主专业 until another is chosen.
import Button from "antd/es/button/index.js";
import Radio from "antd/es/radio/index.js";
import TreeSelect from "antd/es/tree-select/index.js";
import DeleteOutlined from "@ant-design/icons/es/icons/DeleteOutlined";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import type { CatalogNode, SchemaFormContext } from "../context";
import { specialtyNames } from "../context";

type Choice = { code: string; main?: boolean };
type TreeNode = { value: string; title: string; selectable: boolean; disabled?: boolean; children?: TreeNode[] };

/** The pickable tree: 停用 entries (and what is under them) are left out; chosen ones keep their names below. */
function toTree(nodes: CatalogNode[], taken: Set<string>): TreeNode[] {
  return nodes.filter((n) => !n.disabled).map((n) =>
    n.children?.length
      ? { value: n.code, title: n.name, selectable: false, children: toTree(n.children, taken) }
      : { value: n.code, title: n.name, selectable: true, disabled: taken.has(n.code) },
  );
}

export function SpecialtyWidget({ id, value, onChange, disabled, readonly, schema, registry, rawErrors, placeholder }: WidgetProps) {
  const { catalogs } = registry.formContext as SchemaFormContext;
  const chosen: Choice[] = Array.isArray(value) ? value : [];
  const max = typeof schema.maxItems === "number" ? schema.maxItems : 3;
  const names = specialtyNames(catalogs.specialties);
  const taken = new Set(chosen.map((c) => c.code));
  const locked = disabled || readonly;
  const set = (next: Choice[]) => {
    // Keep exactly one 主专业 whenever there is anything to mark.
    if (next.length && !next.some((c) => c.main)) next = next.map((c, i) => ({ ...c, main: i === 0 }));
    onChange(next.length ? next.map((c) => ({ code: c.code, main: !!c.main })) : undefined);
  };
  const mainName = `${id}-main`;
  return (
    <div className="specialty-widget">
      <TreeSelect
        id={id}
        value={null}
        treeData={toTree(catalogs.specialties, taken)}
        treeDefaultExpandAll
        showSearch={{ treeNodeFilterProp: "title" }}
        placeholder={chosen.length >= max ? `最多选择${max}个专业` : placeholder || "请选择专业（可搜索）"}
        disabled={locked || chosen.length >= max}
        status={rawErrors?.length ? "error" : undefined}
        notFoundContent="无匹配专业"
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(code: string | null) => code && !taken.has(code) && set([...chosen, { code, main: chosen.length === 0 }])}
        style={{ width: "100%" }}
      />
      {chosen.length ? (
        <ul className="specialty-list" aria-label="已选专业">
          {chosen.map((c, i) => {
            const label = names.get(c.code) ?? c.code;
            return (
              <li key={c.code}>
                <span className="specialty-name">{label}</span>
                <Radio
                  name={mainName}
                  checked={!!c.main}
                  disabled={locked}
                  aria-label={`将${label}设为主专业`}
                  onChange={() => set(chosen.map((x, j) => ({ ...x, main: j === i })))}
                >
                  主专业
                </Radio>
                {!locked ? (
                  <Button danger type="text" icon={<DeleteOutlined aria-hidden="true" />} aria-label={`删除${label}`} onClick={() => set(chosen.filter((_, j) => j !== i))}>
                    删除
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
