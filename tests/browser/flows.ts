// What a person does in the browser, step by step, shared by the browser tests: fill the forms by
// their Chinese labels, press the buttons by name, read the SMS code from the outbox as a phone would.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import type { Locator, Page } from "playwright-core";
import { buttonName, checkA11y, field, hydrated, visit } from "../setup/browser";
import { lastCode, outboxHighWater, uniqueUser } from "../setup/server";
import { pdf, png } from "../setup/uploads";
import { uniqueIdCard, VALID_SAMPLES } from "../fixtures/form-samples";
import type { Role } from "~/engine/constants";
import type { ReviewScope } from "~/engine/permissions/ability";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import { createUser } from "~/models/users.server";

export type Person = { username: string; password: string; name: string; phone: string };

/** Clicks 获取验证码 in the form and returns the code that arrived in the outbox for `phone`. */
export async function requestCode(page: Page, db: Knex, phone: string): Promise<string> {
  const after = await outboxHighWater(db);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await page.getByRole("status").filter({ hasText: "验证码已发送" }).waitFor();
  return lastCode(db, phone, after);
}

export async function register(page: Page, db: Knex, p: Person): Promise<void> {
  await visit(page, "/register");
  await checkA11y(page, "注册");
  await field(page, "用户名").fill(p.username);
  await field(page, "密码").fill(p.password);
  await field(page, "确认密码").fill(p.password);
  await field(page, "姓名").fill(p.name);
  await field(page, "手机号").fill(p.phone);
  const code = await requestCode(page, db, p.phone);
  await field(page, "短信验证码").fill(code);
  await page.getByRole("button", { name: buttonName("注册") }).click();
  await page.getByRole("heading", { name: `您好，${p.name}` }).waitFor();
  await page.waitForURL((u) => u.pathname === "/");
}

/** Opens the 账号密码登录 tab of /login (already there or not) and signs in; does not wait for the outcome. */
export async function submitPasswordLogin(page: Page, username: string, password: string): Promise<void> {
  if (new URL(page.url()).pathname !== "/login") await visit(page, "/login");
  await page.getByRole("tab", { name: "账号密码登录" }).click();
  await field(page, "用户名").fill(username);
  await field(page, "密码").fill(password);
  await page.getByRole("button", { name: buttonName("登录") }).click();
}

export async function passwordLogin(page: Page, username: string, password: string, name: string): Promise<void> {
  await submitPasswordLogin(page, username, password);
  await page.getByRole("heading", { name: `您好，${name}` }).waitFor();
  await page.waitForURL((u) => u.pathname === "/");
}

/**
 * Signs in through 登录's plain form as a page without JavaScript does (a native POST, no hydration to
 * wait for), and waits for the 首页 that greets `name`.
 */
export async function passwordLoginWithoutScripts(page: Page, username: string, password: string, name: string): Promise<void> {
  await page.goto("/login");
  await field(page, "用户名").fill(username);
  await field(page, "密码").fill(password);
  await page.getByRole("button", { name: buttonName("登录") }).click();
  await page.getByRole("heading", { name: `您好，${name}` }).waitFor();
  await page.waitForURL((u) => u.pathname === "/");
}

export async function smsLogin(page: Page, db: Knex, phone: string, name: string): Promise<void> {
  if (new URL(page.url()).pathname !== "/login") await visit(page, "/login");
  await page.getByRole("tab", { name: "手机号登录" }).click();
  await field(page, "手机号").fill(phone);
  const code = await requestCode(page, db, phone);
  await field(page, "短信验证码").fill(code);
  await page.getByRole("button", { name: buttonName("登录") }).click();
  await page.getByRole("heading", { name: `您好，${name}` }).waitFor();
  await page.waitForURL((u) => u.pathname === "/");
}

/**
 * Takes a workflow action (提交审核, 撤回, 开始审核, 通过, 退回修改 …) as a person does: presses its button,
 * reads the confirmation it asks (「确定通过？」), writes `comment` into its text box when given, and
 * presses 确定; returns once the dialog has closed. Under load a click can land while the dialog is still
 * opening, so 确定 is pressed again (a few times at most) until the dialog goes.
 */
export async function takeAction(page: Page, name: string, comment?: string): Promise<void> {
  await page.locator(".workflow-actions").getByRole("button", { name: buttonName(name) }).click();
  const dialog = page.getByRole("dialog", { name: `确定${name}？` });
  await dialog.waitFor();
  if (comment !== undefined) await dialog.getByRole("textbox").fill(comment);
  for (let i = 0; i < 3; i++) {
    await dialog.getByRole("button", { name: buttonName("确定") }).click().catch(() => {});
    if (await dialog.waitFor({ state: "hidden", timeout: 5000 }).then(() => true, () => false)) return;
  }
  await dialog.waitFor({ state: "hidden" });
}

/** Opens the user menu at the top right and picks an entry (个人中心, 退出登录). */
export async function userMenu(page: Page, entry: "个人中心" | "退出登录"): Promise<void> {
  await page.getByRole("button", { name: "用户菜单" }).click();
  await page.getByRole("menuitem", { name: entry }).click();
}

export async function logout(page: Page): Promise<void> {
  await userMenu(page, "退出登录");
  await page.waitForURL((u) => u.pathname === "/login");
  await page.getByRole("tab", { name: "账号密码登录" }).waitFor();
  await hydrated(page);
}

/** The open antd dropdown (select, tree select), whichever is showing. */
const openDropdown = (page: Page) => page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");

/** A control given by its label, or already found (e.g. inside a `section`). */
const locate = (page: Page, label: string | Locator) => (typeof label === "string" ? field(page, label) : label);

/** Picks `option` in the antd Select labelled `label`, typing `search` first when given (searchable selects). */
export async function chooseOption(page: Page, label: string | Locator, option: string, search?: string): Promise<void> {
  const control = locate(page, label);
  await control.click();
  if (search) await control.fill(search);
  const choice = openDropdown(page).locator(`.ant-select-item-option[title="${option}"]`);
  await choice.click();
  // With the cores busy a click was seen to leave the list open and the option unchosen (CI 2026-11-30):
  // click again, at most twice, as a person would; choosing the chosen option again changes nothing.
  for (let tries = 0; tries < 2; tries++) {
    if (await openDropdown(page).waitFor({ state: "hidden", timeout: 5_000 }).then(() => true, () => false)) return;
    await choice.click({ timeout: 5_000 }).catch(() => undefined);
  }
  await openDropdown(page).waitFor({ state: "hidden" });
}

/** Picks a leaf `name` in the antd TreeSelect labelled `label`, searching for it first. */
export async function chooseTreeNode(page: Page, label: string, name: string): Promise<void> {
  const control = field(page, label);
  await control.click();
  await control.fill(name);
  await openDropdown(page).locator(`.ant-select-tree-node-content-wrapper[title="${name}"]`).click();
}

/** Chooses a file for the upload widget labelled `label` and waits for its upload to finish. */
export async function uploadFile(page: Page, label: string | Locator, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const input = locate(page, label);
  const widget = input.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' file-widget ')][1]");
  await input.setInputFiles(file);
  await widget.getByRole("button", { name: /更\s?换/ }).waitFor();
}

/** A titled part of a page (a <section> named by its heading), to tell apart fields with the same label. */
export const section = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });

/** Fills an antd DatePicker as a person typing the date, and confirms it. */
export async function fillDate(input: Locator, date: string): Promise<void> {
  await input.click();
  await input.fill(date);
  await input.press("Enter");
}

/** Clicks a download button or link and saves what the browser downloads; returns the file's path. */
export async function download(page: Page, name: string | RegExp): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).or(page.getByRole("button", { name })).first().click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "download-")), d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

/** The text of a PDF (poppler's pdftotext), with all white space removed so CJK words read whole. */
export function pdfText(file: string): string {
  const r = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pdftotext failed on ${file}: ${r.stderr}`);
  return r.stdout.replace(/\s+/g, "");
}

/** An account made straight in the database (faster than registering); a reviewer gets the given scopes. */
export async function createAccount(role: Role, who: { username: string; phone: string; name: string }, scopes: ReviewScope[] = []): Promise<Person & { id: number }> {
  const person = { ...who, password: "Review@2025x" };
  const id = await createUser({ ...person, role });
  if (scopes.length) await setReviewerScopes(id, scopes);
  return { ...person, id };
}

/** The page's CSRF token (every signed-in page carries it in the 退出登录 form). */
export const csrfOf = (page: Page) => page.locator('input[name="_csrf"]').first().inputValue();

/** POSTs fields to a route's action as its page's fetchers do (cookies of the page, CSRF), and returns the JSON answer. */
export async function postAction(page: Page, pathname: string, routeId: string, fields: Record<string, string>): Promise<{ status: number; body: { ok: boolean; message: string } }> {
  const form = { _csrf: await csrfOf(page), ...fields };
  const res = await page.request.post(`${pathname}?_data=${encodeURIComponent(routeId)}`, { form });
  return { status: res.status(), body: await res.json() };
}

/** Uploads a file as the file widget does; returns its `file:<sha>` reference. */
export async function uploadByRequest(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<string> {
  const res = await page.request.post("/uploads", { headers: { "x-csrf-token": await csrfOf(page) }, multipart: { file } });
  if (res.status() !== 201) throw new Error(`upload ${file.name}: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { ref: string }).ref;
}

const APPLY_ROUTE = "routes/_app.apply.$id";
const STEP1_FORMS = ["expert-basic-info", "expert-education", "expert-titles", "expert-qualifications", "expert-work-history", "expert-avoidance"];

/**
 * Step 1 of 入库申请 (填写基本信息) through the action, the valid sample documents with this person's
 * name and region and their own uploads in every file field: what typing it all in would send.
 * `intent: "save"` is 暂存 (kept as a draft, not checked), for a test that completes the step in the UI.
 * Returns the 身份证号 filled in (one of its own: one person, one pool record).
 */
export async function fillBasicInfoByRequest(page: Page, applicationId: number, who: { name: string; region: string }, intent: "next" | "save" = "next", extra: Record<string, unknown> = {}): Promise<string> {
  const photo = await uploadByRequest(page, { name: "照片.png", mimeType: "image/png", buffer: png() });
  const scan = await uploadByRequest(page, { name: "证书.pdf", mimeType: "application/pdf", buffer: await pdf("certificate") });
  const fill = (v: unknown): unknown =>
    typeof v === "string" && v.startsWith("file:") ? scan
    : Array.isArray(v) ? v.map(fill)
    : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
    : v;
  const docs = Object.fromEntries(STEP1_FORMS.map((k) => [k, fill(VALID_SAMPLES[k])])) as Record<string, Record<string, unknown>>;
  const idCard = uniqueIdCard();
  docs["expert-basic-info"] = { ...docs["expert-basic-info"], name: who.name, region: who.region, idCard, photo, idCardFront: photo, ...extra };
  const r = await postAction(page, `/apply/${applicationId}`, APPLY_ROUTE, { intent, step: "basic-info", data: JSON.stringify(docs) });
  if (r.status !== 200) throw new Error(`step 1: ${r.status} ${JSON.stringify(r.body)}`);
  return idCard;
}

/** A sign-upload step through HTTP: download the document (required before a scan is accepted), upload a signed PDF, attach it. */
export async function signByRequest(page: Page, applicationId: number, step: string, doc: string): Promise<void> {
  const printed = await page.request.get(`/apply/${applicationId}/documents/${doc}`);
  if (printed.status() !== 200) throw new Error(`download ${doc}: ${printed.status()}`);
  const ref = await uploadByRequest(page, { name: `${doc}-signed.pdf`, mimeType: "application/pdf", buffer: await pdf(`signed ${doc}`) });
  const r = await postAction(page, `/apply/${applicationId}`, APPLY_ROUTE, { intent: "attach", step, ref });
  if (r.status !== 200) throw new Error(`attach ${doc}: ${r.status} ${r.body.message}`);
}

/** Opens 入库申请 and starts an application in `batch`; returns its id (the page is on its wizard). */
export async function startApplication(page: Page, batch = "2025年第一批"): Promise<number> {
  await visit(page, "/apply");
  await page.getByRole("listitem").filter({ hasText: batch }).getByRole("button", { name: "开始申请" }).click();
  await page.waitForURL((u) => /^\/apply\/\d+$/.test(u.pathname));
  await hydrated(page);
  return Number(/\/apply\/(\d+)/.exec(page.url())![1]);
}

/**
 * An application filled, signed and 提交审核 over HTTP by `expert` (signed in) in `batch`: it waits in
 * the reviewers' inbox as 已提交. Returns the application's id. Throws with the server's message when a step is refused.
 */
export async function submittedByRequest(expert: Page, db: Knex, who: { name: string; region: string }, batch = "2025年第一批"): Promise<number> {
  const appId = await startApplication(expert, batch);
  await fillBasicInfoByRequest(expert, appId, who);
  await signByRequest(expert, appId, "pledge", "pledge");
  await signByRequest(expert, appId, "application-form", "application-form");
  const submitted = await postAction(expert, `/apply/${appId}`, APPLY_ROUTE, { intent: "transition", event: "submit", rowVersion: await rowVersionOf(db, appId) });
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${submitted.body.message}`);
  return appId;
}

const rowVersionOf = async (db: Knex, id: number) => String((await db("workflow_instances").where({ id }).first("row_version")).row_version);

/**
 * submittedByRequest, then 开始审核 and 通过 by `admin` (an administrator's page): the admitted expert
 * has a 专家编号 and a pool record. Returns the application's id. Throws with the server's message when a step is refused.
 */
export async function admittedByRequest(expert: Page, admin: Page, db: Knex, who: { name: string; region: string }, batch = "2025年第一批"): Promise<number> {
  const appId = await submittedByRequest(expert, db, who, batch);
  for (const event of ["accept", "approve"]) {
    const r = await postAction(admin, `/review/${appId}`, "routes/_app.review.$id", { intent: "transition", event, rowVersion: await rowVersionOf(db, appId) });
    if (r.status !== 200) throw new Error(`${event}: ${r.status} ${r.body.message}`);
  }
  return appId;
}

/**
 * A new expert account signed in on `page` and admitted through admittedByRequest in `batch` (region
 * 和田地区 unless given): the person, the application, its 专家编号 and the training enrolment the
 * approval started.
 */
export async function admittedExpert(page: Page, admin: Page, db: Knex, who: { prefix: string; name: string; region?: string; batch?: string }): Promise<{ person: Person & { id: number }; appId: number; number: string; enrolment: number }> {
  const person = await createAccount("expert", { ...uniqueUser(who.prefix), name: who.name });
  await passwordLogin(page, person.username, person.password, person.name);
  const appId = await admittedByRequest(page, admin, db, { name: person.name, region: who.region ?? "和田地区" }, who.batch);
  const number = String((await db("workflow_instances").where({ id: appId }).first("number")).number);
  const enrolment = Number((await db("workflow_instances").where({ workflow_key: "training", owner_id: person.id }).first("id")).id);
  return { person, appId, number, enrolment };
}

/**
 * 开始考试 on the exam page, and 开始 in the dialog that asks first (POST …/exam/start) — again (once)
 * when no start request went out: with the cores busy a confirm was seen to close without sending (CI 2026-11-30; the cause is
 * not found yet, see the session note), and a person would click again.
 */
export async function startExam(page: Page): Promise<void> {
  for (let tries = 1; ; tries++) {
    const sent = page.waitForRequest((r) => r.method() === "POST" && /^\/training\/\d+\/exam\/start$/.test(new URL(r.url()).pathname), { timeout: 15_000 }).then(() => true, () => false);
    await page.getByRole("button", { name: buttonName("开始考试") }).click();
    await page.getByRole("dialog").getByRole("button", { name: buttonName("开始") }).click();
    if ((await sent) || tries === 2) return;
  }
}
