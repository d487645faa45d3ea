// The 专家证书 journey's steps, exported so the exam journey can chain them after an expert passes
// (issue 17, acceptance 1): the expert sees 待生成 with what is missing; after the exam (here: the test
// helper that passes the enrolment and issues, as `pass-exam`'s issue-certificate effect does) the
// certificate with 【下载图片】 and 【下载pdf】; the PNG's QR code opens the public verify page (有效); an
// administrator revokes the certificate in 证书管理 and the same URL shows 已撤销 with the reason.
import fs from "node:fs";
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { buttonName, checkA11y, newPage, visit } from "../setup/browser";
import { certifiedExpert, decodeQr, pngFacts } from "../setup/certificate";
import type { TestServer } from "../setup/server";
import { download, pdfText } from "./flows";

export type CertificateJourney = {
  server: TestServer;
  browser: Browser;
  /** Signed in as the expert; `admin` as an administrator. */
  expert: TestPage;
  admin: TestPage;
  /** A visitor with no account (whoever scans the QR code). */
  visitor?: TestPage;
  ownerId: number;
  name: string;
  expertNumber: string;
  number?: string;
  verifyUrl?: string;
};

const nav = async (page: TestPage, link: string, path: string) => {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: link, exact: true }).click();
  await page.waitForURL((u) => u.pathname === path);
};

/** 【专家证书】 before the exam: 待生成, the 专家编号, and 缴费 / 学习 / 考试 listed as not done. */
export async function seesPending(j: CertificateJourney): Promise<void> {
  const page = j.expert;
  await visit(page, "/");
  await nav(page, "专家证书", "/certificate");
  await page.locator(".certificate-status").getByText("待生成").waitFor();
  await page.locator(".expert-number").getByText(j.expertNumber).waitFor();
  const items = page.getByRole("list", { name: "生成证书尚需完成" }).getByRole("listitem");
  assert.is(await items.count(), 3);
  for (const label of ["缴费", "学习", "考试"]) await items.filter({ hasText: label }).first().waitFor();
  await checkA11y(page, "专家证书（待生成）");
}

/** Stands in for the exam's 合格 until the exam journey chains in: passes the enrolment and issues. */
export async function passesExam(j: CertificateJourney): Promise<void> {
  j.number = (await certifiedExpert(j.server.db, j.ownerId)).number;
}

/** The certificate page; both downloads: the PDF's text, the PNG's size, content and QR code (→ verifyUrl). */
export async function downloadsCertificate(j: CertificateJourney): Promise<void> {
  const page = j.expert;
  await visit(page, "/certificate");
  await page.locator(".certificate-number").getByText(j.number!).waitFor();
  await page.locator(".certificate-status").getByText("有效").waitFor();
  await page.getByRole("img", { name: `专家证书预览：${j.number}` }).waitFor();
  await page.waitForFunction(() => (document.querySelector("img.certificate-preview") as HTMLImageElement | null)?.naturalWidth === 1684);
  await checkA11y(page, "专家证书");
  const specialties = (await page.locator(".certificate-specialties").textContent())!.split("、");
  const dates = await Promise.all([".certificate-issued-on", ".certificate-valid-until"].map(async (c) => (await page.locator(c).textContent())!.trim()));
  assert.ok(specialties.length > 0 && specialties.every((s) => s && !/^\d+$/.test(s)), `specialty names: ${specialties}`);

  const pdf = pdfText(await download(page, "下载pdf"));
  for (const s of [j.name, j.expertNumber, j.number!, ...specialties, ...dates]) assert.ok(pdf.includes(s), `the PDF's text holds ${s}`);

  const pngFile = await download(page, "下载图片");
  assert.match(pngFile, /\.png$/);
  const png = fs.readFileSync(pngFile);
  const facts = await pngFacts(png);
  assert.equal([facts.format, facts.width, facts.height], ["png", 1684, 1190]);
  assert.ok(facts.spread > 20, "the picture is not blank");
  const url = await decodeQr(png);
  assert.ok(url && new URL(url).pathname.startsWith("/verify/"), `the QR code holds the verify URL (${url})`);
  j.verifyUrl = url!;
}

/** A visitor opens the QR code's URL: the page says `label` (有效 / 已撤销), with the reason when revoked. */
export async function verifyShows(j: CertificateJourney, label: "有效" | "已撤销", reason?: string): Promise<void> {
  j.visitor ??= await newPage(j.browser, { baseURL: j.server.url });
  const page = j.visitor;
  // A visitor's browser may keep a valid answer for 30 s: looking again is a reload, as people do.
  if (page.url() === j.verifyUrl) await page.reload();
  else await page.goto(j.verifyUrl!);
  await page.getByRole("heading", { name: "评标专家证书核验" }).waitFor();
  const status = page.locator(".status");
  assert.match((await status.textContent()) ?? "", `证书${label}`);
  assert.match((await page.locator("dd[data-field='证书编号']").textContent()) ?? "", j.number!);
  if (reason) assert.is(await page.locator("dd[data-field='撤销原因']").textContent(), reason);
  const html = await page.content();
  assert.not.match(html, /\d{17}[\dX]/, "no full ID number");
  assert.not.match(html, /1[3-9]\d{9}/, "no phone number");
  await checkA11y(page, `证书核验（${label}）`);
}

/** 证书管理: the administrator finds the certificate by its number and revokes it with `reason`. */
export async function adminRevokes(j: CertificateJourney, reason: string): Promise<void> {
  const page = j.admin;
  await visit(page, "/");
  await nav(page, "证书管理", "/admin/certificates");
  await page.getByRole("textbox", { name: "证书编号、姓名或专家编号" }).fill(j.number!);
  await page.getByRole("button", { name: /查\s?询/ }).click();
  await page.waitForURL((u) => u.searchParams.get("q") === j.number);
  const table = page.getByRole("region", { name: "证书列表" });
  await table.getByRole("cell", { name: j.number, exact: true }).waitFor();
  await checkA11y(page, "证书管理");
  await table.getByRole("button", { name: `撤销：${j.number}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("撤销原因").fill(reason);
  await dialog.getByRole("button", { name: buttonName("撤销") }).click();
  await page.getByRole("status").getByText(`已撤销证书 ${j.number}`).waitFor();
  await table.getByText("已撤销").first().waitFor();
}
