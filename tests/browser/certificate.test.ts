import "../setup/guard";
// Issue 17, acceptance 1, as people do it: an approved expert sees 待生成 with what is missing; after
// passing, the certificate, 【下载图片】 and 【下载pdf】 (text, size, content, QR code); the QR code's URL
// shows 有效 to a visitor; an administrator revokes it and the same URL shows 已撤销 with the reason.
// The application is filled over HTTP (other tests type it in); the steps live in certificate-journey.ts.
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, newPage } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import * as assert from "uvu/assert";
import { adminRevokes, downloadsCertificate, passesExam, seesPending, verifyShows } from "./certificate-journey";
import type { CertificateJourney } from "./certificate-journey";
import { createAccount, fillBasicInfoByRequest, passwordLogin, postAction, signByRequest, startApplication } from "./flows";

const ctx = {} as CertificateJourney & { server: TestServer; browser: Browser; admin: TestPage; expert: TestPage };
const { test, stage, run } = browserSuite("browser: 专家证书", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert, ctx.visitor]);

const rowVersion = async (id: number) => String((await ctx.server.db("workflow_instances").where({ id }).first("row_version")).row_version);

test("an expert's application is approved (filled over HTTP)", async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  await passwordLogin(ctx.admin, "admin", "Demo@Admin2025", "系统管理员");
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const person = await createAccount("expert", { ...uniqueUser("crt"), name: "证书专家" });
  ctx.name = person.name;
  ctx.ownerId = person.id;
  await passwordLogin(ctx.expert, person.username, person.password, person.name);
  const appId = await startApplication(ctx.expert, "2025年第一批");
  await fillBasicInfoByRequest(ctx.expert, appId, { name: person.name, region: "和田地区" });
  await signByRequest(ctx.expert, appId, "pledge", "pledge");
  await signByRequest(ctx.expert, appId, "application-form", "application-form");
  const submitted = await postAction(ctx.expert, `/apply/${appId}`, "routes/_app.apply.$id", { intent: "transition", event: "submit", rowVersion: await rowVersion(appId) });
  assert.is(submitted.status, 200, submitted.body.message);
  for (const event of ["accept", "approve"]) {
    const r = await postAction(ctx.admin, `/review/${appId}`, "routes/_app.review.$id", { intent: "transition", event, rowVersion: await rowVersion(appId) });
    assert.is(r.status, 200, r.body.message);
  }
  ctx.expertNumber = (await ctx.server.db("workflow_instances").where({ id: appId }).first("number")).number;
});

test("【专家证书】 says 待生成 and what is missing", () => seesPending(ctx));
test("after the exam: the certificate, 【下载pdf】 (text) and 【下载图片】 (size, not blank, QR code)", async () => {
  await passesExam(ctx);
  await downloadsCertificate(ctx);
});
test("the QR code's URL shows a visitor 有效", () => verifyShows(ctx, "有效"));
test("an administrator revokes it in 证书管理", () => adminRevokes(ctx, "证书信息有误，已重新办理"));
test("the same URL now shows 已撤销 with the reason", () => verifyShows(ctx, "已撤销", "证书信息有误，已重新办理"));

run();
