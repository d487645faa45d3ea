// Sending SMS through a provider interface. The default "outbox" provider stores messages for
// administrators to read (the system needs no SMS contract); "http" posts to a configured gateway.
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { now } from "~/utils/clock.server";

export interface SmsProvider {
  readonly name: string;
  send(phone: string, message: string): Promise<void>;
}

const outbox: SmsProvider = {
  name: "outbox",
  async send(phone, message) {
    await db("sms_outbox").insert({ phone, message, provider: "outbox", status: "stored", created_at: now() });
  },
};

/** A generic JSON gateway: POST {phone, message} with a bearer token. The outbox keeps a redacted copy. */
const http: SmsProvider = {
  name: "http",
  async send(phone, message) {
    let status = "sent";
    try {
      const res = await fetch(env.smsHttpUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${env.smsHttpToken}` },
        body: JSON.stringify({ phone, message }),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) status = `failed:${res.status}`;
    } catch {
      status = "failed";
    }
    await db("sms_outbox").insert({ phone, message: message.replace(/\d{4,}/g, "******"), provider: "http", status, created_at: now() });
    if (status !== "sent") throw new Error("SMS gateway refused the message");
  },
};

export function smsProvider(): SmsProvider {
  return env.smsProvider === "http" ? http : outbox;
}

export const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : "***");
