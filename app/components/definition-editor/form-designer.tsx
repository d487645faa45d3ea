// 设计器: the form editor's tab for administrators who do not write JSON (issue 20). The JSON text stays the
// truth: the designer reads it into its model (engine/forms/designer-model), each action is one designer
// operation, and the result is written back as the text — so the JSON tab, the live preview and the
// server's checks all follow. A palette (built-in kinds and the widgets features register) adds fields
// (clicked: into the selected group or list; dragged onto a field: in its place), fields are reordered by
// dragging (dnd-kit; also from one group or list into another, one drag context over the palette and the
// whole tree) or with 上移/下移, the property panel edits
// the selected field, and the rule builder adds rules as sentences.
import { createContext, useContext, useMemo, useState } from "react";
import type { Announcements, ScreenReaderInstructions } from "@dnd-kit/core";
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, pointerWithin, useDraggable, useSensor, useSensors } from "@dnd-kit/core";
import type { CollisionDetection, DragEndEvent } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Col from "antd/es/col/index.js";
import Row from "antd/es/row/index.js";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import type { SourceProblem } from "~/engine/forms/check-definition";
import { parseJsonSource } from "~/engine/forms/json-source";
import { designerText, toDesigner } from "~/engine/forms/designer-model";
import type { DesignerField, DesignerModel } from "~/engine/forms/designer-model";
import { addField, conditionChoices, fieldAt, kindOf, moveField, paletteWith, removeField, updateField, updateSettings } from "~/engine/forms/designer-ops";
import type { FieldPath, PaletteKind } from "~/engine/forms/designer-ops";
import type { WidgetPaletteEntry } from "~/engine/forms/widget-palette";
import { DesignerProperties } from "./designer-properties";
import { DesignerRuleBuilder } from "./designer-rule-builder";

const id = (path: FieldPath) => path.join("/");
/** The palette in use (built-in kinds and the registered widgets'), for the rows' kind labels. */
const Palette = createContext<readonly PaletteKind[]>(paletteWith([]));

/** The field a checker problem's pointer is about (/schema/properties/a/items/properties/b, /uiSchema/a/items/b). */
export function fieldOfPointer(pointer: string | undefined): string | null {
  if (!pointer) return null;
  const segs = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const keys: string[] = [];
  if (segs[0] === "schema") {
    for (let i = 1; i < segs.length - 1; i++) if (segs[i] === "properties") keys.push(segs[++i]);
  } else if (segs[0] === "uiSchema") {
    for (const s of segs.slice(1)) if (s !== "items" && !s.startsWith("ui:")) keys.push(s);
  }
  return keys.length ? keys.join("/") : null;
}

type RowProps = { field: DesignerField; path: FieldPath; selected: string | null; problems: Map<string, string[]>; index: number; count: number; act: Actions };
type Actions = {
  select(path: FieldPath): void;
  move(path: FieldPath, to: number): void;
  /** Moves the field at `path` into the group or list at `toParent` (the form: []) at `index`. */
  moveTo(path: FieldPath, index: number, toParent: FieldPath): void;
  remove(path: FieldPath): void;
};

function FieldRow({ field, path, selected, problems, index, count, act }: RowProps) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id: id(path) });
  const style = { transform: transform ? `translate3d(0, ${Math.round(transform.y)}px, 0)` : undefined, transition };
  const title = typeof field.schema.title === "string" && field.schema.title ? field.schema.title : field.key;
  const bad = problems.get(id(path))?.length ?? 0;
  const palette = useContext(Palette);
  return (
    <li ref={setNodeRef} style={style} className={`designer-field${selected === id(path) ? " selected" : ""}`} data-field={id(path)}>
      <div className="designer-field-row">
        <button type="button" className="designer-handle" aria-label={`拖动「${title}」调整顺序`} {...attributes} {...listeners}>⋮⋮</button>
        <Button type="text" size="small" className="designer-field-title" onClick={() => act.select(path)} aria-pressed={selected === id(path)}>
          {title}{field.required ? <span className="designer-required">（必填）</span> : null}
        </Button>
        <Tag>{kindOf(field, palette)?.label ?? "其他"}</Tag>
        {field.showWhen ? <Tag>有显示条件</Tag> : null}
        {bad ? <Tag color="red">{bad} 处问题</Tag> : null}
        <Space size={2} className="designer-field-actions">
          <Button size="small" autoInsertSpace={false} disabled={index === 0} onClick={() => act.move(path, index - 1)} aria-label={`上移「${title}」`}>上移</Button>
          <Button size="small" autoInsertSpace={false} disabled={index === count - 1} onClick={() => act.move(path, index + 1)} aria-label={`下移「${title}」`}>下移</Button>
          <Button size="small" autoInsertSpace={false} danger onClick={() => act.remove(path)} aria-label={`删除「${title}」`}>删除</Button>
        </Space>
      </div>
      {field.children ? <FieldList fields={field.children} parent={path} selected={selected} problems={problems} act={act} /> : null}
    </li>
  );
}

function FieldList({ fields, parent, selected, problems, act }: { fields: DesignerField[]; parent: FieldPath; selected: string | null; problems: Map<string, string[]>; act: Actions }) {
  const ids = fields.map((f) => id([...parent, f.key]));
  return (
    <SortableContext items={ids} strategy={verticalListSortingStrategy}>
      <ul className="designer-fields" aria-label={parent.length ? "分组中的字段" : "表单字段"}>
        {fields.map((f, i) => <FieldRow key={f.key} field={f} path={[...parent, f.key]} selected={selected} problems={problems} index={i} count={fields.length} act={act} />)}
      </ul>
    </SortableContext>
  );
}

const PALETTE_DRAG = "palette:";

/**
 * The field under the pointer, the innermost one when a group or list holds it (their rows contain their
 * children's, and the nearest centre is often the group's own); the nearest centre when the pointer is
 * over no field (the keyboard, or between rows).
 */
const innermostUnderPointer: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  if (!within.length) return closestCenter(args);
  const area = (key: string | number) => {
    const r = args.droppableRects.get(key);
    return r ? r.width * r.height : Number.POSITIVE_INFINITY;
  };
  return [...within].sort((a, b) => area(a.id) - area(b.id));
};

/**
 * One kind of the palette: a click adds it to the selected group or list (or the form's end); dragged onto
 * a field (dnd-kit, 4 px before a drag starts, so a click stays a click) it is added in that field's place.
 */
function PaletteItem({ kind, label, onAdd }: { kind: string; label: string; onAdd: () => void }) {
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({ id: `${PALETTE_DRAG}${kind}` });
  const style = { whiteSpace: "normal" as const, height: "auto", transform: transform ? `translate3d(${Math.round(transform.x)}px, ${Math.round(transform.y)}px, 0)` : undefined, zIndex: isDragging ? 10 : undefined, position: "relative" as const };
  // Only the pointer starts a drag: Enter and Space keep clicking the button (the keyboard's way to add).
  return <Button ref={setNodeRef} size="small" block style={style} onClick={onAdd} onPointerDown={listeners?.onPointerDown as React.PointerEventHandler<HTMLElement> | undefined}>{label}</Button>;
}

/**
 * Where a drop on the field `overId` lands: that field's group or list (the form: []) and its index there.
 * Null when the field is gone.
 */
function dropPlace(model: DesignerModel, overId: string): { parent: FieldPath; index: number } | null {
  const over = overId.split("/");
  const parent = over.slice(0, -1);
  const siblings = parent.length ? fieldAt(model, parent)?.children : model.fields;
  const index = siblings?.findIndex((f) => f.key === over[over.length - 1]) ?? -1;
  return index < 0 ? null : { parent, index };
}

/** What screen readers hear while a field or palette entry is dragged (dnd-kit says it in English otherwise). */
const DRAG_WORDS: { screenReaderInstructions: ScreenReaderInstructions; announcements: Announcements } = {
  screenReaderInstructions: { draggable: "按空格键或回车键拿起此项，用方向键移动，再按空格键或回车键放下，按 Esc 键取消。" },
  announcements: {
    onDragStart: () => "已拿起，用方向键移动。",
    onDragOver: ({ over }) => (over ? "可放在此处。" : "此处不能放置。"),
    onDragEnd: ({ over }) => (over ? "已放下。" : "已放下，位置未变。"),
    onDragCancel: () => "已取消拖动，位置未变。",
  },
};

/**
 * `problems`: the server's latest check of this text (shown on the fields they concern); `palette`: the
 * registered widgets' palette entries (engine/forms/widget-palette, sent by the editor page's loader).
 */
export function FormDesigner({ text, onChange, problems, palette }: { text: string; onChange: (text: string) => void; problems: SourceProblem[]; palette?: readonly WidgetPaletteEntry[] }) {
  const kinds = useMemo(() => paletteWith(palette ?? []), [palette]);
  const parsed = useMemo(() => parseJsonSource(text), [text]);
  const model = useMemo(() => (parsed.ok ? toDesigner(parsed.value) : null), [parsed]);
  const [selected, setSelected] = useState<FieldPath | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  // One drag context over the palette and the whole field tree: a field moves within or across groups and
  // lists, a palette kind is dropped in a field's place.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const byField = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of problems) {
      const f = fieldOfPointer(p.pointer);
      if (f) map.set(f, [...(map.get(f) ?? []), p.message]);
    }
    return map;
  }, [problems]);

  if (!model) return <Alert type="warning" showIcon title="定义不是有效的 JSON，请先在「JSON」页签中修正后再使用设计器" />;
  const write = (fn: (m: DesignerModel) => DesignerModel) => {
    try {
      onChange(designerText(parsed.ok ? parsed.value : undefined, fn(model)));
      setRefusal(null);
    } catch (e) {
      setRefusal((e as Error).message);
    }
  };
  const current = selected ? fieldAt(model, selected) : undefined;
  // New fields go into the selected group or list, else at the end of the form.
  const target: FieldPath = current?.children ? selected! : [];
  const act: Actions = {
    select: (path) => setSelected(path),
    move: (path, to) => write((m) => moveField(m, path, to)),
    moveTo: (path, index, toParent) => {
      try {
        const next = moveField(model, path, index, toParent);
        if (next === model) return setRefusal("无法移到那里：那里已有同名（同字段名）的字段，或不能移入它自己");
        write(() => next);
        if (selected && id(selected) === id(path)) setSelected([...toParent, path[path.length - 1]]);
      } catch (e) {
        setRefusal((e as Error).message);
      }
    },
    remove: (path) => {
      write((m) => removeField(m, path));
      if (selected && (id(selected) === id(path) || id(selected).startsWith(`${id(path)}/`))) setSelected(null);
    },
  };
  const add = (kind: string, parent: FieldPath = target, index?: number) => {
    try {
      const r = addField(model, parent, kind, index, kinds);
      onChange(designerText(parsed.ok ? parsed.value : undefined, r.model));
      setSelected(r.path);
      setRefusal(null);
    } catch (e) {
      setRefusal((e as Error).message);
    }
  };

  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const place = dropPlace(model, String(e.over.id));
    if (!place) return;
    const active = String(e.active.id);
    if (active.startsWith(PALETTE_DRAG)) return add(active.slice(PALETTE_DRAG.length), place.parent, place.index);
    const from = active.split("/");
    if (id(place.parent) === id(from.slice(0, -1))) act.move(from, place.index);
    else act.moveTo(from, place.index, place.parent);
  };

  return (
    <div className="form-designer" data-testid="form-designer">
      {refusal ? <Alert type="error" showIcon role="alert" title={refusal} closable onClose={() => setRefusal(null)} style={{ marginBottom: 8 }} /> : null}
      <DndContext sensors={sensors} collisionDetection={innermostUnderPointer} onDragEnd={onDragEnd} accessibility={DRAG_WORDS}>
      <Row gutter={12}>
        <Col xs={24} md={5}>
          <div className="designer-palette" role="group" aria-label="字段类型">
            <p className="muted">添加到：{target.length ? `「${String(current?.schema.title ?? target.join("/"))}」` : "表单末尾"}</p>
            {kinds.map((p) => <PaletteItem key={p.kind} kind={p.kind} label={p.label} onAdd={() => add(p.kind)} />)}
          </div>
        </Col>
        <Col xs={24} md={9}>
          <Palette.Provider value={kinds}>
            <FieldList fields={model.fields} parent={[]} selected={selected ? id(selected) : null} problems={byField} act={act} />
          </Palette.Provider>
        </Col>
        <Col xs={24} md={10}>
          {current ? (
            <DesignerProperties key={id(selected!)} field={current} kind={kindOf(current, kinds)} problems={byField.get(id(selected!)) ?? []} choices={conditionChoices(model, selected!)}
              onPatch={(patch) => write((m) => updateField(m, selected!, patch))}
              onSettings={(kind, values) => write((m) => updateSettings(m, selected!, kind, values))} />
          ) : <p className="muted">选择一个字段以编辑其属性。</p>}
          {current ? <MoveTo key={`move-${id(selected!)}`} model={model} path={selected!} onMove={(to) => act.moveTo(selected!, Number.MAX_SAFE_INTEGER, to)} /> : null}
          <DesignerRuleBuilder key={`rules-${target.join("/")}`} model={model} list={target} onAdd={write} />
        </Col>
      </Row>
      </DndContext>
    </div>
  );
}

/**
 * 移到: moves the selected field to the end of another group or list, or of the form (what dragging
 * within a list cannot do). Offers every container but the field's own and those inside it.
 */
function MoveTo({ model, path, onMove }: { model: DesignerModel; path: FieldPath; onMove: (to: FieldPath) => void }) {
  const places: { value: string; label: string }[] = [];
  const own = path.slice(0, -1).join("/");
  const inside = (p: FieldPath) => p.length >= path.length && path.every((k, i) => p[i] === k);
  const walk = (fields: DesignerField[], at: FieldPath, titles: string[]) => {
    for (const f of fields) {
      if (!f.children) continue;
      const p = [...at, f.key];
      const t = [...titles, typeof f.schema.title === "string" && f.schema.title ? f.schema.title : f.key];
      if (!inside(p) && p.join("/") !== own) places.push({ value: p.join("/"), label: t.join(" › ") });
      walk(f.children, p, t);
    }
  };
  if (own !== "") places.push({ value: "", label: "表单（最外层）" });
  walk(model.fields, [], []);
  if (!places.length) return null;
  return (
    <Space wrap className="designer-move" style={{ margin: "8px 0" }}>
      <span>移到</span>
      <Select aria-label="移到分组或列表" placeholder="选择分组或列表" value={null} options={places} style={{ minWidth: 180 }}
        onChange={(v: string) => onMove(v === "" ? [] : v.split("/"))} />
    </Space>
  );
}
