import "../setup/guard";
// Rules as data: the registered date/duration/身份证号 operations, evaluation with context and per-item
// rules, eligibility examples from the spec, and checking of rule definitions.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkRules, evaluateRules, RULE_OPERATIONS } from "~/engine/forms/rules";
import type { Rule } from "~/engine/forms/rules";
import { ID_CARD_FEMALE, ID_CARD_MALE, loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const op = RULE_OPERATIONS;

test("years_between: exact anniversaries are whole numbers, leap days handled", () => {
  assert.is(op.years_between("2015-03-01", "2023-03-01"), 8);
  assert.ok((op.years_between("2015-03-01", "2023-02-28") as number) < 8);
  assert.ok((op.years_between("2015-03-01", "2023-02-28") as number) > 7.99);
  assert.is(op.years_between("2000-02-29", "2001-02-28"), 1, "a 29 Feb start has its anniversary on 28 Feb");
  assert.is(op.years_between("2020-01-01", "2020-07-02"), 183 / 366);
  assert.is(op.years_between("2023-03-01", "2015-03-01"), -8);
  assert.is(op.years_between("2023-02-30", "2024-01-01"), null);
  assert.is(op.years_between(null, "2024-01-01"), null);
});

test("age_on: completed years", () => {
  assert.is(op.age_on("1955-03-01", "2025-03-01"), 70);
  assert.is(op.age_on("1955-03-02", "2025-03-01"), 69);
  assert.is(op.age_on("2004-02-29", "2022-02-28"), 18);
  assert.is(op.age_on("2004-02-29", "2022-02-27"), 17);
  assert.is(op.age_on("x", "2022-02-27"), null);
});

test("days_between and date_valid", () => {
  assert.is(op.days_between("2024-02-28", "2024-03-01"), 2);
  assert.is(op.days_between("2024-03-01", "2024-02-28"), -2);
  assert.is(op.days_between("2024-13-01", "2024-02-28"), null);
  assert.is(op.date_valid("2024-02-29"), true);
  assert.is(op.date_valid("2023-02-29"), false);
  assert.is(op.date_valid(20240229), false);
});

test("sum_years: union of ranges, open ends until the reference date, junk ignored", () => {
  const work = [
    { period: { start: "2010-01-01", end: "2014-01-01" } },
    { period: { start: "2012-01-01", end: "2016-01-01" } }, // overlaps the first by 2 years
    { period: { start: "2020-01-01" } }, // 至今
    { period: { start: "2019-01-01", end: "2018-01-01" } }, // reversed: ignored
    { period: { start: "bad" } },
    "junk",
    null,
  ];
  assert.is(op.sum_years(work, "period", "2024-01-01"), 10);
  assert.is(op.sum_years(work, "period"), 6, "without a reference date an open range counts nothing");
  assert.is(op.sum_years([{ start: "2015-01-01", end: "2023-01-01" }]), 8, "the item itself as the range");
  assert.is(op.sum_years([{ start: "2015-01-01", end: "2016-01-01" }]), 1, "a common year of 365 days is 1");
  assert.is(op.sum_years("nope", "period"), 0);
  assert.is(op.sum_years(undefined), 0);
});

test("unique_by, id_card_birth, id_card_sex", () => {
  assert.is(op.unique_by([{ code: "A" }, { code: "B" }, {}], "code"), true);
  assert.is(op.unique_by([{ code: "A" }, { code: "A" }], "code"), false);
  assert.is(op.unique_by("x", "code"), true);
  assert.is(op.id_card_birth(ID_CARD_MALE), "1990-03-07");
  assert.is(op.id_card_sex(ID_CARD_MALE), "男");
  assert.is(op.id_card_sex(ID_CARD_FEMALE), "女");
  assert.is(op.id_card_birth("650102199003071234"), null);
  assert.is(op.id_card_sex(42), null);
});

// Eligibility rules of the kind a batch configures (SPEC §2.1), written as data.
const eligibility: Rule[] = [
  {
    id: "work-years",
    path: "/workHistory",
    message: "工作经历 累计从事专业工作须满8年",
    logic: { ">=": [{ sum_years: [{ var: "workHistory" }, "period", { var: "$context.batchDate" }] }, 8] },
  },
  {
    id: "title-or-qualification",
    path: "/titles",
    message: "须具有副高级及以上职称或执业资格",
    logic: {
      or: [
        { some: [{ var: "titles" }, { in: [{ var: "level" }, ["副高级", "正高级"]] }] },
        { "!!": { var: "qualifications" } },
      ],
    },
  },
  {
    id: "max-age",
    path: "/birthDate",
    message: "出生日期 截至批次日期年龄不得超过70周岁",
    logic: { "<=": [{ age_on: [{ var: "birthDate" }, { var: "$context.batchDate" }] }, 70] },
  },
];

test("eligibility: years of work, title level or a qualification, age on the batch date", () => {
  const context = { batchDate: "2025-03-01" };
  const good = {
    birthDate: "1960-01-01",
    workHistory: [{ period: { start: "2010-01-01", end: "2015-01-01" } }, { period: { start: "2015-01-01" } }],
    titles: [{ level: "中级" }, { level: "副高级" }],
  };
  assert.equal(evaluateRules(eligibility, good, context), {});

  const bad = {
    birthDate: "1954-02-28",
    workHistory: [{ period: { start: "2018-01-01" } }],
    titles: [{ level: "中级" }],
    qualifications: [],
  };
  assert.equal(evaluateRules(eligibility, bad, context), {
    "/workHistory": ["工作经历 累计从事专业工作须满8年"],
    "/titles": ["须具有副高级及以上职称或执业资格"],
    "/birthDate": ["出生日期 截至批次日期年龄不得超过70周岁"],
  });
  assert.equal(evaluateRules(eligibility, { ...bad, qualifications: [{ name: "一级注册建造师" }] }, context)["/titles"], undefined);
  // The 70th birthday itself is still eligible.
  assert.equal(evaluateRules(eligibility, { ...good, birthDate: "1955-03-01" }, context), {});
});

test("each: runs per list item, path relative to the item, {n} numbers the item", () => {
  const rule: Rule = {
    id: "order",
    each: "/workHistory",
    path: "/period/end",
    message: "工作经历 第{n}项 结束日期不能早于开始日期",
    logic: { or: [{ "!": { var: "period.end" } }, { "<=": [{ var: "period.start" }, { var: "period.end" }] }] },
  };
  const data = {
    workHistory: [
      { period: { start: "2010-01-01", end: "2012-01-01" } },
      { period: { start: "2013-01-01", end: "2012-01-01" } },
      "junk",
      { period: { start: "2014-01-01" } },
    ],
  };
  assert.equal(evaluateRules([rule], data), { "/workHistory/1/period/end": ["工作经历 第2项 结束日期不能早于开始日期"] });
  assert.equal(evaluateRules([rule], { workHistory: "nope" }), {});
  const usesRoot: Rule = { id: "r", each: "/items", path: "", message: "第{n}项 超过上限", logic: { "<=": [{ var: "v" }, { var: "$root.limit" }] } };
  assert.equal(evaluateRules([usesRoot], { limit: 2, items: [{ v: 1 }, { v: 3 }] }), { "/items/1": ["第2项 超过上限"] });
});

test("$context.today defaults to today in Shanghai and can be overridden", () => {
  const rule: Rule = { id: "past", path: "/d", message: "日期 不能晚于今天", logic: { "<=": [{ var: "d" }, { var: "$context.today" }] } };
  assert.equal(evaluateRules([rule], { d: "2000-01-01" }), {});
  assert.equal(evaluateRules([rule], { d: "2999-01-01" }), { "/d": ["日期 不能晚于今天"] });
  assert.equal(evaluateRules([rule], { d: "2024-06-02" }, { today: "2024-06-01" }), { "/d": ["日期 不能晚于今天"] });
});

test("expert-basic-info: 身份证号 must agree with 出生日期 and 性别", () => {
  const { definition } = loadFormFiles().find((f) => f.stem === "expert-basic-info")!;
  const sample = VALID_SAMPLES["expert-basic-info"];
  assert.equal(evaluateRules(definition.rules, sample), {});
  assert.equal(evaluateRules(definition.rules, { ...sample, birthDate: "1990-03-08" }), {
    "/birthDate": ["出生日期 与身份证号中的出生日期不一致"],
  });
  assert.equal(evaluateRules(definition.rules, { ...sample, gender: "女" }), { "/gender": ["性别 与身份证号不一致"] });
  assert.equal(evaluateRules(definition.rules, { ...sample, idCard: ID_CARD_FEMALE, birthDate: "1985-11-20", gender: "女" }), {});
  // An invalid 身份证号 is the format's business; the consistency rules stay quiet about it.
  assert.equal(evaluateRules(definition.rules, { ...sample, idCard: "650102199003071234", gender: "女" }), {});
  assert.equal(evaluateRules(definition.rules, { name: "张三" }), {}, "nothing to compare yet");
});

test("evaluation never throws, whatever the data", () => {
  const { definition } = loadFormFiles().find((f) => f.stem === "expert-basic-info")!;
  const weird: unknown[] = [null, undefined, 1, "x", [], [1, 2], { specialties: "x" }, { specialties: [null, 1, { main: "yes" }] }, { idCard: {} }];
  for (const data of weird) {
    evaluateRules([...(definition.rules ?? []), ...eligibility], data, { batchDate: "2025-01-01" });
  }
  // An unknown operation (it would not pass checkRules) fails its rule instead of throwing.
  assert.equal(evaluateRules([{ id: "x", path: "/a", message: "无法校验", logic: { nope: [1] } }], {}), { "/a": ["无法校验"] });
});

test("\"log\" is not available to definitions, and var cannot reach Object internals", () => {
  const logs: unknown[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void logs.push(args);
  try {
    evaluateRules([{ id: "x", path: "", message: "不可用", logic: { log: [{ var: "secret" }] } }], { secret: "身份证号" });
  } finally {
    console.log = original;
  }
  assert.equal(logs, []);
  const probe: Rule = { id: "p", path: "", message: "读到了内部属性", logic: { "!": { var: "constructor" } } };
  assert.equal(evaluateRules([probe], {}), {});
});

test("checkRules: accepts good rules, explains bad ones in Chinese", () => {
  assert.equal(checkRules(eligibility), []);
  assert.equal(checkRules(undefined), []);
  assert.equal(checkRules({}), ["规则必须是一个列表"]);
  const problems = checkRules([
    { id: "a", path: "/x", message: "中文", logic: { nope: [1] } },
    { id: "a", path: "x", message: "english only", logic: { log: 1 } },
    { id: "", path: "/x", message: "中文" },
    { id: "b", path: "/x", message: "中文", each: "items", logic: { "==": [{ var: "a.__proto__.b" }, 1] } },
    { id: "c", path: "/x", message: "中文", logic: { and: [], or: [] } },
    "rule",
  ]);
  assert.equal(problems, [
    "第1条规则：未知的运算「nope」",
    "第2条规则的 id「a」重复",
    "第2条规则的 message 必须是中文提示",
    "第2条规则的 path 必须是 JSON 指针（如 /birthDate）",
    "第2条规则：未知的运算「log」",
    "第3条规则缺少 id",
    "第3条规则缺少 logic",
    "第4条规则的 each 必须是 JSON 指针（如 /education）",
    "第4条规则：变量名「a.__proto__.b」不允许",
    "第5条规则：每个逻辑对象只能有一个运算符",
    "第6条规则必须是对象",
  ]);
});

test.run();
