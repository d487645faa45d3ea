// Test data shared by tests and seeds: unique users of any role, signed-in clients.
import { createUser } from "~/models/users.server";
import type { Role } from "~/engine/constants";
import { Client } from "./app";

let n = 0;
const stamp = `${process.pid % 1000}`.padStart(3, "0");

export const PASSWORD = "Secret#2025x";

/** n in Chinese digits (12 → 一二): a name such as 测试用户一二 is a valid 姓名, which one with "12" is not. */
const chineseDigits = (k: number) => [...String(k)].map((d) => "〇一二三四五六七八九"[Number(d)]).join("");

/** A fresh, valid, unused phone number and username, and a 姓名 the forms accept. */
export function identity() {
  n += 1;
  const seq = String(n).padStart(5, "0");
  return { username: `u${stamp}x${seq}`, phone: `137${stamp}${seq}`, name: `测试用户${chineseDigits(n)}` };
}

export async function makeUser(role: Role = "expert", extra: { mustChangePassword?: boolean } = {}) {
  const id = identity();
  const userId = await createUser({ ...id, password: PASSWORD, role, ...extra });
  return { ...id, id: userId, password: PASSWORD, role };
}

/** A client already signed in as a new user of the role. */
export async function signedIn(role: Role = "expert") {
  const user = await makeUser(role);
  const client = await new Client().prime();
  const res = await client.post("/login", { mode: "password", username: user.username, password: user.password });
  if (res.status !== 302) throw new Error(`login failed for ${role}: ${res.status}`);
  return { client, user };
}
