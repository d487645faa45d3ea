import "../setup/guard";
// Notifications a crash left unsent (issue 21, scaled shape): a deliverer that dies after claiming a row
// leaves it `sending`, and one that dies between commit and delivery leaves it `pending`. The
// notification-delivery job sends both, leaves a live claim alone, and sends nothing twice when run again.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { JOB } from "~/features/jobs.server";
import { recoverNotificationDeliveries, STALE_CLAIM_MS } from "~/models/notifications.server";
import { stopJob } from "~/services/scheduler.server";
import { now } from "~/utils/clock.server";
import { db } from "../setup/app";
import { makeUser } from "../setup/factories";

const notify = async (userId: number, message: string, sms_status: string, sms_claimed_at: number | null) => {
  const [row] = await db("notifications").insert({ user_id: userId, message, sms_status, sms_claimed_at, created_at: now() }).returning("id");
  return typeof row === "object" ? row.id : row;
};
const statusOf = async (id: number) => (await db("notifications").where({ id }).first()).sms_status;
const sentTexts = async (phone: string) => (await db("sms_outbox").where({ phone }).orderBy("id").select("message")).map((r: { message: string }) => r.message);

test("stale claims and leftover pending rows are sent once; a live claim is left to its deliverer", async () => {
  // This process's own timer for the job would otherwise take the rows up whenever its minute comes round.
  stopJob(JOB.notificationDelivery);
  const user = await makeUser();
  const t = now();
  const stale = await notify(user.id, "崩溃前已认领的通知", "sending", t - STALE_CLAIM_MS - 1_000);
  const legacy = await notify(user.id, "旧版本认领的通知", "sending", null);
  const live = await notify(user.id, "正在发送的通知", "sending", t - 10_000);
  const leftover = await notify(user.id, "提交后未发送的通知", "pending", null);

  assert.is(await recoverNotificationDeliveries(), 2, "two stale claims put back");
  assert.equal(await Promise.all([stale, legacy, leftover, live].map(statusOf)), ["sent", "sent", "sent", "sending"]);
  const texts = await sentTexts(user.phone);
  assert.is(texts.length, 3);
  for (const m of ["崩溃前已认领的通知", "旧版本认领的通知", "提交后未发送的通知"]) assert.ok(texts.some((x) => x.includes(m)), m);
  assert.not.ok(texts.some((x) => x.includes("正在发送的通知")), "the live claim is not sent a second time");

  assert.is(await recoverNotificationDeliveries(), 0);
  assert.is((await sentTexts(user.phone)).length, 3, "a second run sends nothing again");
});

test.run();
