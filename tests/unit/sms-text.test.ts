// A notification's SMS: the signature and the message, cut to two concatenated segments with a pointer to 消息.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SMS_MAX_UNITS, smsText } from "~/models/sms-text";

test("a short message goes out whole, after the signature", () => {
  assert.is(smsText("您的入库申请已提交，请等待主管部门审核。"), "【评标专家管理系统】您的入库申请已提交，请等待主管部门审核。");
});

test("a 500-character 审核意见 is cut to two segments (UTF-16 units) and points to 消息; a rare character is never split", () => {
  const comment = "𠮷".repeat(500);
  const sms = smsText(`您的入库申请已退回修改，审核意见：${comment}`);
  assert.ok(sms.length <= SMS_MAX_UNITS && sms.length >= SMS_MAX_UNITS - 1, String(sms.length)); // 𠮷 is two units
  assert.ok(sms.startsWith("【评标专家管理系统】您的入库申请已退回修改，审核意见：𠮷"));
  assert.ok(sms.endsWith("…（详见系统【消息】）"));
  assert.not.match(sms, /[\ud800-\udbff](?![\udc00-\udfff])/, "no lone surrogate");
  // Exactly at the limit: whole.
  const fits = "字".repeat(SMS_MAX_UNITS - "【评标专家管理系统】".length);
  assert.is(smsText(fits).length, SMS_MAX_UNITS);
  assert.is(smsText(fits), `【评标专家管理系统】${fits}`);
  assert.ok(smsText(fits + "字").endsWith("…（详见系统【消息】）"));
});

test.run();
