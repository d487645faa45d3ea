// What a notification's SMS says: the same text as the in-app 消息, within the length operators send as
// one short concatenated message.

const SMS_SIGNATURE = "【评标专家管理系统】";
const SMS_MORE = "…（详见系统【消息】）";
/**
 * UTF-16 code units an SMS may carry, signature included: two segments of a concatenated message in UCS-2
 * (the encoding any Chinese text takes), 67 units each once the concatenation header is counted (3GPP TS
 * 23.040); a character outside the BMP (𠮷) takes two. Operators bill each segment: a 500-character 审核意见
 * would go out as eight.
 */
export const SMS_MAX_UNITS = 134;

/**
 * The SMS for a notification: the signature and `message`, cut to SMS_MAX_UNITS (between characters, so a
 * rare character is never split) with a pointer to the full text in the app's 消息 list.
 */
export function smsText(message: string): string {
  const whole = SMS_SIGNATURE + message;
  if (whole.length <= SMS_MAX_UNITS) return whole;
  let cut = "";
  for (const ch of whole) {
    if (cut.length + ch.length + SMS_MORE.length > SMS_MAX_UNITS) break;
    cut += ch;
  }
  return cut + SMS_MORE;
}
