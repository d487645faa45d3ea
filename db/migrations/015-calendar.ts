// The working-day calendar's regional layer (issue 15; docs/decisions/0013-working-day-calendar.md).
// National holidays and 调休 make-up days come from the `chinese-days` package; what no package has —
// Xinjiang's 肉孜节 and 古尔邦节 — is data an administrator keeps here:
//   calendar_days: one row per (region, date): kind `off` (放假) or `work` (补班), a name, the notice it
//     follows (`source`), who entered it and when. `region` is a name of the regions catalog (that 地州
//     only) or `新疆` (the whole autonomous region); a 地州's own row wins over a `新疆` row of that date,
//     and either wins over the national answer.
//   calendar_layer_version: one row whose `version` every write bumps in the same transaction, so each
//     process can keep the (small) layer in memory and re-read it only when the version moved.
// Seeded with the 2025 regional days (rows with created_by null were entered by this migration).
//
// Self-contained on purpose: it imports nothing from app/ (a migration must give the same result later).
import type { Knex } from "knex";

const RAMADAN_SOURCE =
  "《新疆维吾尔自治区人民政府办公厅关于2025年节假日放假和冬夏季作息时间安排的通知》一（三）：" +
  "“3月31日（周一）是少数民族习惯节日肉孜节，3月29日（周六）至31日（周一）放假，共3天。”" +
  "按此录入3月29日至31日放假；29、30日为周末（全国亦休息），31日在全国安排中是工作日，为新疆另行放假。" +
  "议题15称该文件为“关于2025年肉孜节、古尔邦节放假的通知”。" +
  "条文与标题据转载文本（闽南网注明转自新疆维吾尔自治区人民政府；托克逊县人民政府网转发同文）录入，未核对原件。";

const SACRIFICE_SOURCE =
  "《新疆维吾尔自治区人民政府办公厅关于2025年节假日放假和冬夏季作息时间安排的通知》一（七）：" +
  "“6月6日（周五）是少数民族习惯节日古尔邦节，6月6日（周五）至10日（周二）放假，共5天。”" +
  "按此录入6月6日至10日放假；7、8日为周末，6日、9日、10日在全国安排（端午节为5月31日至6月2日）中是工作日，为新疆另行放假。" +
  "议题15称该文件为“关于2025年肉孜节、古尔邦节放假的通知”，并读作仅9、10日为新疆另行放假；与原文及全国安排核对后，6日亦是。" +
  "条文与标题据转载文本（闽南网注明转自新疆维吾尔自治区人民政府；托克逊县人民政府网转发同文）录入，未核对原件。";

const SEED: { date: string; name: string; source: string }[] = [
  ...["2025-03-29", "2025-03-30", "2025-03-31"].map((date) => ({ date, name: "肉孜节", source: RAMADAN_SOURCE })),
  ...["2025-06-06", "2025-06-07", "2025-06-08", "2025-06-09", "2025-06-10"].map((date) => ({ date, name: "古尔邦节", source: SACRIFICE_SOURCE })),
];

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("calendar_days", (t) => {
    t.increments("id");
    t.string("region", 50).notNullable(); // a regions catalog name, or 新疆 (the whole autonomous region)
    t.string("date", 10).notNullable(); // YYYY-MM-DD, a calendar date (Asia/Shanghai)
    t.string("kind", 4).notNullable(); // off (放假) | work (补班)
    t.string("name", 50).notNullable(); // e.g. 古尔邦节
    t.text("source").notNullable(); // the notice it follows, as the administrator cited it
    t.integer("created_by").references("users.id"); // null: entered by this migration
    t.bigInteger("created_at").notNullable(); // epoch ms
    t.unique(["region", "date"]);
    t.index(["date"]);
  });
  await k.schema.createTable("calendar_layer_version", (t) => {
    t.integer("id").primary(); // always 1
    t.bigInteger("version").notNullable();
  });
  const at = Date.now();
  await k("calendar_days").insert(SEED.map((s) => ({ region: "新疆", kind: "off", created_by: null, created_at: at, ...s })));
  await k("calendar_layer_version").insert({ id: 1, version: 1 });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTable("calendar_layer_version");
  await k.schema.dropTable("calendar_days");
}
