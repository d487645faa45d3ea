import "../setup/guard";
// The working-day calendar (issue 15, acceptance 3; SPEC §4 "Working days"): national holidays and 调休
// make-up days from chinese-days, the regional layer over them (the seeded 2025 古尔邦节 changes a
// deadline), provisional answers in a year without national data, and properties of "the Nth working day
// after T" over random regional layers. The counting is pure (layers handed in); the last tests read the
// seeded layer from the database through the per-process cache.
import { spawnSync } from "node:child_process";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import { addDays, endOfShanghaiDay, fromDayNumber, dayNumber, shanghaiDate, weekday } from "~/features/calendar/dates";
import { REGION_ALL, nthWorkingDayAfter, regionalOverrides, type RegionalDay } from "~/features/calendar/day-rules";
import { nationalDataYears, nationalDay } from "~/features/calendar/national-days.server";
import { forgetRegionalLayer, regionalLayer } from "~/features/calendar/regional-days.server";
import { calendarFor, isWorkingDay, workingDayDeadline } from "~/features/calendar/working-days.server";
import { db, migrateLatest } from "~/utils/db.server";

const t = suite("working days");
const HOUR = 3_600_000;
/** An instant given as Asia/Shanghai wall time. */
const shanghai = (date: string, time = "10:00") => Date.parse(`${date}T${time}:00+08:00`);
const national = calendarFor([]);
const lastPublished = nationalDataYears().at(-1)!;
const unpublished = lastPublished + 1;

t.before(async () => {
  await migrateLatest();
});

t("dates: Shanghai days whatever the instant's UTC date; end of day is 23:59:59.999 Shanghai", () => {
  assert.is(shanghaiDate(Date.parse("2025-09-27T15:59:59.999Z")), "2025-09-27");
  assert.is(shanghaiDate(Date.parse("2025-09-27T16:00:00Z")), "2025-09-28");
  assert.is(endOfShanghaiDay("2025-06-12"), Date.parse("2025-06-12T23:59:59.999+08:00"));
  assert.is(weekday("2025-09-28"), 0);
  assert.is(weekday("2025-10-11"), 6);
  assert.is(dayNumber("2025-02-29"), null, "not a real date");
  assert.is(dayNumber("2025-6-6"), null, "not YYYY-MM-DD");
  assert.is(addDays("2024-12-31", 1), "2025-01-01");
});

t("national: 2025-09-28 (Sunday) and 2025-10-11 (Saturday) are working days; 2025-10-01 … 10-08 are not", () => {
  for (const d of ["2025-09-28", "2025-10-11"]) {
    const a = national.day(d);
    assert.ok(a.working, d);
    assert.is(a.name, "国庆节", `${d} is the 国庆节 make-up day`);
    assert.not.ok(a.provisional);
  }
  for (let i = 1; i <= 8; i++) {
    const d = `2025-10-0${i}`;
    assert.not.ok(national.day(d).working, d);
  }
  assert.ok(national.day("2025-10-09").working);
  assert.not.ok(national.day("2025-09-27").working, "an ordinary Saturday");
  assert.not.ok(national.day("2025-10-12").working, "an ordinary Sunday");
});

t("national: which of the notice's 2025 Xinjiang days are national (what the seeded rows change)", () => {
  // 端午节 2025 was 5/31–6/2, so of 古尔邦节 6/6–6/10 only the weekend is off nationally.
  const off = (d: string) => !nationalDay(d).working;
  assert.equal(["2025-06-06", "2025-06-07", "2025-06-08", "2025-06-09", "2025-06-10"].map(off), [false, true, true, false, false]);
  assert.equal(["2025-03-29", "2025-03-30", "2025-03-31"].map(off), [true, true, false]);
  assert.equal(nationalDay("2025-06-02"), { date: "2025-06-02", working: false, kind: "holiday", name: "端午", provisional: false });
});

t("the national data is read TZ-independently (chinese-days' own functions go wrong west of UTC)", () => {
  const code = `const m = await import("./app/features/calendar/national-days.server.ts");
    console.log(JSON.stringify(["2004-01-01", "2025-09-27", "2025-09-28", "2025-10-01"].map((d) => m.nationalDay(d).working)));`;
  for (const tz of ["America/New_York", "UTC", "Pacific/Kiritimati"]) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { env: { ...process.env, TZ: tz }, encoding: "utf8" });
    assert.is(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout), [false, false, true, false], tz);
  }
});

t("deadline: counting starts the day after T's Shanghai date", () => {
  // 23:59 on Saturday 9/27 in Shanghai: Sunday 9/28 (补班) is the first working day after it.
  assert.equal(national.deadline(Date.parse("2025-09-27T15:59:00Z"), 1), { date: "2025-09-28", endsAt: Date.parse("2025-09-28T23:59:59.999+08:00"), provisional: false });
  // One minute later it is already 9/28 in Shanghai (still 9/27 in UTC): the answer moves to Monday.
  assert.is(national.deadline(Date.parse("2025-09-27T16:00:00Z"), 1).date, "2025-09-29");
  // Across 国庆节: approved 9/30 → 10/9 is the first working day, 10/11 (Saturday 补班) the second.
  assert.is(national.deadline(shanghai("2025-09-30"), 1).date, "2025-10-09");
  assert.is(national.deadline(shanghai("2025-09-30"), 2).date, "2025-10-10");
  assert.is(national.deadline(shanghai("2025-09-30"), 3).date, "2025-10-11");
  assert.throws(() => national.deadline(shanghai("2025-09-30"), 0), RangeError);
  assert.throws(() => national.deadline(shanghai("2025-09-30"), 1.5), RangeError);
  assert.throws(() => national.deadline(Number.NaN, 1), RangeError);
  assert.throws(() => national.day("2025-02-30"), RangeError);
});

const XINJIANG_2025: RegionalDay[] = [
  ...["2025-03-29", "2025-03-30", "2025-03-31"].map((date) => ({ region: REGION_ALL, date, kind: "off" as const, name: "肉孜节" })),
  ...["2025-06-06", "2025-06-07", "2025-06-08", "2025-06-09", "2025-06-10"].map((date) => ({ region: REGION_ALL, date, kind: "off" as const, name: "古尔邦节" })),
];

t("regional: a deadline spanning 古尔邦节 differs from the national answer (injected layer)", () => {
  const xinjiang = calendarFor(XINJIANG_2025, "喀什地区");
  const approved = shanghai("2025-06-05");
  assert.is(national.deadline(approved, 2).date, "2025-06-09");
  assert.is(xinjiang.deadline(approved, 2).date, "2025-06-12");
  assert.equal(xinjiang.day("2025-06-09"), { date: "2025-06-09", working: false, name: "古尔邦节", provisional: false, regional: XINJIANG_2025[6] });
  assert.is(calendarFor(XINJIANG_2025).deadline(shanghai("2025-03-28"), 1).date, "2025-04-01", "肉孜节 3/31 off, no region given = whole Xinjiang");
});

t("regional: a 地州's own row wins over the 新疆 row of that date; other 地州 keep the 新疆 row", () => {
  const rows: RegionalDay[] = [...XINJIANG_2025, { region: "和田地区", date: "2025-06-10", kind: "work", name: "古尔邦节补班" }];
  assert.ok(calendarFor(rows, "和田地区").day("2025-06-10").working);
  assert.not.ok(calendarFor(rows, "喀什地区").day("2025-06-10").working);
  assert.not.ok(calendarFor(rows).day("2025-06-10").working, "no region: the 新疆 rows only");
  assert.is(regionalOverrides(rows, "和田地区").get("2025-06-10")?.region, "和田地区", "whatever the order of the rows");
  assert.is(regionalOverrides([...rows].reverse(), "和田地区").get("2025-06-10")?.region, "和田地区");
  // A 补班 row makes a weekend day working; a 放假 row a make-up day off.
  assert.ok(calendarFor([{ region: REGION_ALL, date: "2025-06-07", kind: "work", name: "调休" }]).day("2025-06-07").working);
  assert.not.ok(calendarFor([{ region: REGION_ALL, date: "2025-09-28", kind: "off", name: "某节" }]).day("2025-09-28").working);
});

t("provisional: a year without national data (found from the package's data) is Mon–Fri and 暂定", () => {
  assert.ok(lastPublished >= 2026, "chinese-days 1.5.7 has 2026");
  assert.not.ok(nationalDataYears().includes(unpublished));
  const jan1 = `${unpublished}-01-01`; // 元旦 everywhere, but not yet published: a plain weekday or weekend
  const a = national.day(jan1);
  assert.ok(a.provisional);
  assert.is(a.working, weekday(jan1) >= 1 && weekday(jan1) <= 5);
  assert.not.ok(national.day(`${lastPublished}-12-30`).provisional);
  // A deadline counted into that year is provisional; one that stays in a published year is not.
  assert.ok(national.deadline(shanghai(`${lastPublished}-12-30`), 5).provisional);
  assert.not.ok(national.deadline(shanghai(`${lastPublished}-06-01`), 5).provisional);
  // A regional row decides its day for certain, even in that year.
  const rows: RegionalDay[] = [{ region: REGION_ALL, date: jan1, kind: "off", name: "元旦" }];
  assert.equal(calendarFor(rows).day(jan1), { date: jan1, working: false, name: "元旦", provisional: false, regional: rows[0] });
});

// Random regional layers over 2023–2028 (published and unpublished years, every kind and region mix).
const regions = ["喀什地区", "和田地区", REGION_ALL];
const anyDay = fc.integer({ min: dayNumber("2023-01-01")!, max: dayNumber("2028-12-31")! }).map(fromDayNumber);
const anyRow = fc.record({ region: fc.constantFrom(...regions), date: anyDay, kind: fc.constantFrom("off" as const, "work" as const), name: fc.constant("测试") });
const anyInstant = fc.integer({ min: Date.parse("2023-01-01T00:00:00+08:00"), max: Date.parse("2028-12-31T23:59:59+08:00") });
const anyRegion = fc.constantFrom<string | undefined>(undefined, ...regions);

t("property: the deadline is a working day strictly after T's date, n working days after it, ending 23:59:59.999 Shanghai", () => {
  fc.assert(
    fc.property(fc.array(anyRow, { maxLength: 60 }), anyRegion, anyInstant, fc.integer({ min: 1, max: 40 }), (rows, region, from, n) => {
      const cal = calendarFor(rows, region);
      const r = cal.deadline(from, n);
      const start = shanghaiDate(from);
      if (!(r.date > start)) return false;
      if (!cal.day(r.date).working) return false;
      let working = 0;
      let provisional = false;
      for (let d = addDays(start, 1); d <= r.date; d = addDays(d, 1)) {
        const day = cal.day(d);
        if (day.working) working++;
        provisional ||= day.provisional;
      }
      return working === n && provisional === r.provisional && r.endsAt === endOfShanghaiDay(r.date) && shanghaiDate(r.endsAt) === r.date && shanghaiDate(r.endsAt + 1) === addDays(r.date, 1);
    }),
    { numRuns: 300 },
  );
});

t("property: monotone in n (strictly) and in T (never earlier for a later T)", () => {
  fc.assert(
    fc.property(fc.array(anyRow, { maxLength: 60 }), anyRegion, anyInstant, fc.integer({ min: 0, max: 20 * 24 * HOUR }), fc.integer({ min: 1, max: 30 }), (rows, region, from, later, n) => {
      const cal = calendarFor(rows, region);
      const a = cal.deadline(from, n);
      return a.date < cal.deadline(from, n + 1).date && a.date <= cal.deadline(from + later, n).date;
    }),
    { numRuns: 300 },
  );
});

t("property: the pure counting agrees with chinese-days' own findWorkday where it is right (TZ Asia/Shanghai, published years)", async () => {
  const { findWorkday } = await import("chinese-days");
  fc.assert(
    fc.property(fc.integer({ min: dayNumber("2004-01-01")!, max: dayNumber(`${lastPublished}-11-30`)! }).map(fromDayNumber), fc.integer({ min: 1, max: 20 }), (start, n) => {
      const ours = nthWorkingDayAfter(start, n, nationalDay);
      return ours.date === findWorkday(n, start) && !ours.provisional;
    }),
    { numRuns: 500 },
  );
});

// ---- The stored layer (seeded by migration 015) through the per-process cache ----

t("stored layer: the seeded 2025 Xinjiang days change the deadline; isWorkingDay names them", async () => {
  const approved = shanghai("2025-06-05");
  assert.equal(await workingDayDeadline(approved, 2, { region: "喀什地区" }), { date: "2025-06-12", endsAt: endOfShanghaiDay("2025-06-12"), provisional: false });
  assert.is((await workingDayDeadline(approved, 2)).date, "2025-06-12", "no region: the 新疆 rows apply");
  assert.equal(await isWorkingDay("2025-06-06"), { working: false, name: "古尔邦节", provisional: false });
  assert.equal(await isWorkingDay("2025-03-31", "乌鲁木齐市"), { working: false, name: "肉孜节", provisional: false });
  assert.equal(await isWorkingDay("2025-10-11"), { working: true, name: "国庆节", provisional: false });
  assert.equal(await isWorkingDay("2025-10-08"), { working: false, name: "国庆节", provisional: false });
  assert.equal(await isWorkingDay(`${unpublished}-03-03`), { working: weekday(`${unpublished}-03-03`) % 6 !== 0, provisional: true });
  const seeded = (await db("calendar_days").where("source", "like", "%新疆维吾尔自治区人民政府办公厅%").orderBy("date")).map((r) => `${r.date} ${r.name} ${r.kind} ${r.region}`);
  assert.equal(seeded, [
    "2025-03-29 肉孜节 off 新疆", "2025-03-30 肉孜节 off 新疆", "2025-03-31 肉孜节 off 新疆",
    ...["06", "07", "08", "09", "10"].map((d) => `2025-06-${d} 古尔邦节 off 新疆`),
  ]);
});

t("stored layer: cached while the version stands; a write by another process (version bumped) is seen at once", async () => {
  forgetRegionalLayer();
  const first = await regionalLayer();
  assert.is(await regionalLayer(), first, "unchanged version: the same copy, no re-read");
  const before = (await workingDayDeadline(shanghai("2025-07-03"), 1, { region: "哈密市" })).date;
  assert.is(before, "2025-07-04");
  // As the admin page of another process writes: the row and the version bump in one transaction.
  const [row] = await db.transaction(async (trx) => {
    const ids = await trx("calendar_days").insert({ region: "哈密市", date: "2025-07-04", kind: "off", name: "测试日", source: "单元测试", created_by: null, created_at: Date.now() }).returning("id");
    await trx("calendar_layer_version").where({ id: 1 }).increment("version", 1);
    return ids;
  });
  try {
    assert.is.not(await regionalLayer(), first, "re-read after the version moved");
    assert.is((await workingDayDeadline(shanghai("2025-07-03"), 1, { region: "哈密市" })).date, "2025-07-07");
    assert.is((await workingDayDeadline(shanghai("2025-07-03"), 1, { region: "喀什地区" })).date, "2025-07-04", "another 地州 is unaffected");
  } finally {
    await db.transaction(async (trx) => {
      await trx("calendar_days").where({ id: typeof row === "object" ? row.id : row }).delete();
      await trx("calendar_layer_version").where({ id: 1 }).increment("version", 1);
    });
  }
  assert.is((await workingDayDeadline(shanghai("2025-07-03"), 1, { region: "哈密市" })).date, "2025-07-04", "and the deletion too");
});

t.run();
