import "../setup/features";
import "../setup/guard";
// One canonical form for what people type, over HTTP (issue 14 §5): the wizard's 下一步 with a spaced
// phone, a lowercase-x 身份证号, a lowercase 统一社会信用代码 and a Chinese date stores the canonical
// spellings; 注册 with `+86 138 …` stores 11 digits; a name with 𠮷 at the 50-character limit registers.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { cnIdCardCheckChar } from "~/engine/forms/formats";
import { db } from "../setup/app";
import { Client, lastCode } from "../setup/app";
import { act, start, step1 } from "../setup/applications";
import { identity, PASSWORD, signedIn } from "../setup/factories";
import { USCC_SAMPLE } from "../fixtures/form-samples";

const t = suite("normalisation");

/** A 身份证号 of a man born 1968-05-17 whose check character is X (random, so each run has its own). */
function idCardEndingInX(): string {
  for (;;) {
    const area = 650102 + Math.floor(Math.random() * 90);
    const seq = String(Math.floor(Math.random() * 500) * 2 + 1).padStart(3, "0");
    const first17 = `${area}19680517${seq}`;
    if (cnIdCardCheckChar(first17) === "X") return first17 + "X";
  }
}

t("下一步 with a spaced phone, a lowercase x, a lowercase USCC and 1968年5月17日 stores the canonical values", async () => {
  const { client, user } = await signedIn("expert");
  const id = await start(client);
  const docs = await step1(client);
  const idCard = idCardEndingInX();
  docs["expert-basic-info"] = { ...docs["expert-basic-info"], mobile: "138 0013 8000", idCard: idCard.toLowerCase(), birthDate: "1968年5月17日", gender: "男" };
  docs["expert-avoidance"] = { hasUnits: "有", units: [{ name: "新疆某建设集团", uscc: USCC_SAMPLE.toLowerCase(), reason: "曾任职单位" }] };
  const r = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  assert.is(r.status, 200, JSON.stringify(r.body));
  const stored = async (formKey: string) => {
    const row = await db("form_submissions").where({ owner_id: user.id, form_key: formKey, scope: `application:${id}` }).first();
    return JSON.parse(row.data);
  };
  const basic = await stored("expert-basic-info");
  assert.is(basic.mobile, "13800138000");
  assert.is(basic.idCard, idCard);
  assert.is(basic.birthDate, "1968-05-17");
  assert.is((await stored("expert-avoidance")).units[0].uscc, USCC_SAMPLE);
});

t("暂存 refuses an impossible date with its reason instead of dropping it", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const r = await act(client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ "expert-basic-info": { name: "李四", birthDate: "1968/2/30" } }) });
  assert.is(r.status, 422);
  assert.ok(r.body.errors?.["expert-basic-info"]?.["/birthDate"]?.[0], JSON.stringify(r.body.errors));
});

t("注册 with +86 138 …: the SMS code and the account use the 11 digits; a 50-character name with 𠮷 is accepted", async () => {
  const c = await new Client().prime();
  const id = identity();
  const typed = `+86 ${id.phone.slice(0, 3)} ${id.phone.slice(3, 7)} ${id.phone.slice(7)}`;
  assert.is((await c.post("/sms/send", { phone: typed, purpose: "register" })).status, 200);
  const code = await lastCode(id.phone);
  const name = "𠮷" + "王".repeat(49); // 50 code points, 51 UTF-16 units
  const res = await c.post("/register", { ...id, name, phone: typed, password: PASSWORD, confirm: PASSWORD, code });
  assert.is(res.status, 302, await res.text());
  const row = await db("users").where({ username: id.username }).first();
  assert.is(row.phone, id.phone);
  assert.is(row.name, name);
});

t("注册 refuses a 51-character name counted in code points", async () => {
  const c = await new Client().prime();
  const id = identity();
  const res = await c.post("/register", { ...id, name: "𠮷".repeat(51), password: PASSWORD, confirm: PASSWORD, code: "123456" });
  assert.is(res.status, 400);
  assert.match(await res.text(), "姓名不能超过 50 个字");
});

t("姓名 of an account follows the application's person-name rule: 注册, 个人信息 and 用户管理 refuse 李😀四 in its words; 阿依古丽・买买提 (a look-alike dot) is kept as 阿依古丽·买买提", async () => {
  const REFUSED = "姓名 只能由文字组成（少数民族姓名的分隔点请用“·”），不能含有数字、符号或表情";
  for (const name of ["李😀四", "王5", "张三!", "Tom&Jerry"]) {
    const c = await new Client().prime();
    const id = identity();
    assert.is((await c.post("/sms/send", { phone: id.phone, purpose: "register" })).status, 200);
    const res = await c.post("/register", { ...id, name, password: PASSWORD, confirm: PASSWORD, code: await lastCode(id.phone) });
    assert.is(res.status, 400, name);
    assert.match(await res.text(), REFUSED);
    assert.not.ok(await db("users").where({ username: id.username }).first(), `${name}: no account`);
  }
  const c = await new Client().prime();
  const id = identity();
  assert.is((await c.post("/sms/send", { phone: id.phone, purpose: "register" })).status, 200);
  const ok = await c.post("/register", { ...id, name: " 阿依古丽・买买提 ", password: PASSWORD, confirm: PASSWORD, code: await lastCode(id.phone) });
  assert.is(ok.status, 302, await ok.text());
  assert.is((await db("users").where({ username: id.username }).first()).name, "阿依古丽·买买提", "stored as the application's 基本信息 would keep it");

  const { client, user } = await signedIn();
  const own = await client.post("/profile?index", { intent: "basic", name: "李😀四", email: "" });
  assert.is(own.status, 400);
  assert.match(await own.text(), REFUSED);
  assert.is((await db("users").where({ id: user.id }).first()).name, user.name);
  // An account named before the rule keeps its name and can still save 个人信息 (its 电子邮箱); renaming it
  // to another such name is refused.
  const old = await signedIn("reviewer");
  await db("users").where({ id: old.user.id }).update({ name: "审核员（乌鲁木齐市）" });
  const kept = await old.client.post("/profile?index", { intent: "basic", name: "审核员（乌鲁木齐市）", email: "old-name@example.com" });
  assert.is(kept.status, 200, await kept.text());
  assert.is((await db("users").where({ id: old.user.id }).first()).email, "old-name@example.com");
  const renamed = await old.client.post("/profile?index", { intent: "basic", name: "审核员（昌吉州）", email: "" });
  assert.is(renamed.status, 400);
  assert.match(await renamed.text(), REFUSED);

  const admin = (await signedIn("admin")).client;
  const staff = identity();
  const made = await admin.post("/admin/users", { intent: "create", username: staff.username, name: "审核😀员", phone: staff.phone, role: "reviewer" });
  assert.is(made.status, 400);
  assert.match(await made.text(), REFUSED);
  assert.not.ok(await db("users").where({ username: staff.username }).first());
});

t.run();
