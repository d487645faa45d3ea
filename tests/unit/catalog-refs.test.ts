import "../setup/guard";
// Which values of a document were picked from a catalog: found through the uiSchema's widgets (region,
// specialty), inside objects and lists, with the pointer of the field that picked them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { collectCatalogRefs } from "~/engine/forms/catalog-refs";

const ui = {
  region: { "ui:widget": "region" },
  specialties: { "ui:widget": "specialty" },
  name: { "ui:placeholder": "姓名" },
  offices: { items: { city: { "ui:widget": "region" } } },
};

test("regions, specialties and regions inside list items, with their pointers", () => {
  const refs = collectCatalogRefs(ui, {
    region: "乌鲁木齐市",
    name: "乌鲁木齐市",
    specialties: [{ code: "A01", main: true }, { code: "B02", main: false }],
    offices: [{ city: "哈密市" }, { city: "" }, {}],
  });
  assert.equal(refs, [
    { kind: "region", pointer: "/region", value: "乌鲁木齐市" },
    { kind: "specialty", pointer: "/specialties", value: "A01" },
    { kind: "specialty", pointer: "/specialties", value: "B02" },
    { kind: "region", pointer: "/offices/0/city", value: "哈密市" },
  ]);
});

test("values of the wrong shape, fields without a catalog widget, and no uiSchema give nothing", () => {
  assert.equal(collectCatalogRefs(ui, { region: 5, specialties: "A01", name: "x" }), []);
  assert.equal(collectCatalogRefs(ui, { specialties: [null, "A01", { code: 3 }] }), []);
  assert.equal(collectCatalogRefs(undefined, { region: "乌鲁木齐市" }), []);
  assert.equal(collectCatalogRefs(ui, null), []);
});

test.run();
