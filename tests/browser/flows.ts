// What a person does in the browser, step by step, shared by the browser tests: fill the forms by
// their Chinese labels, press the buttons by name, read the SMS code from the outbox as a phone would.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import type { Locator, Page } from "playwright-core";
import { buttonName, checkA11y, field, hydrated, visit } from "../setup/browser";
import { lastCode, outboxHighWater } from "../setup/server";

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
  await openDropdown(page).locator(`.ant-select-item-option[title="${option}"]`).click();
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
