// Demo accounts for a first look (npm start). Production refuses to start while any exist.
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { createUser, findUserByUsername } from "./users.server";
import { ROLE, type Role } from "~/engine/constants";
import { setReviewerScopes } from "./reviewer-scopes.server";

export const DEMO_ACCOUNTS: { username: string; password: string; name: string; phone: string; role: Role }[] = [
  { username: "admin", password: "Demo@Admin2025", name: "系统管理员", phone: "13900000001", role: ROLE.admin },
  { username: "reviewer", password: "Demo@Review2025", name: "审核员（乌鲁木齐市）", phone: "13900000002", role: ROLE.reviewer },
  { username: "expert", password: "Demo@Expert2025", name: "张建华", phone: "13900000003", role: ROLE.expert },
];

/** The demo reviewer's region: they handle its applications of every batch. */
export const DEMO_REVIEWER_REGION = "乌鲁木齐市";

export async function seedDemoAccounts(): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    if (await findUserByUsername(a.username)) continue;
    const id = await createUser({ ...a, isDemo: true });
    // The demo reviewer handles 乌鲁木齐市's applications of every batch.
    if (a.role === ROLE.reviewer) await setReviewerScopes(id, [{ region: DEMO_REVIEWER_REGION, batchId: null }]);
  }
  console.log("\n演示账号 (demo accounts — never use in production):");
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(8)} 用户名 ${a.username.padEnd(9)} 密码 ${a.password}`);
  // sms-codes.server.ts prints codes only in development; elsewhere they are in the outbox alone.
  console.log(env.nodeEnv === "development"
    ? "  短信验证码 (SMS codes) are printed here and listed under 管理员 → 短信发件箱.\n"
    : "  短信验证码 (SMS codes) are listed under 管理员 → 短信发件箱 (printed here only with NODE_ENV=development).\n");
}

export async function hasDemoAccounts(): Promise<boolean> {
  const [{ n }] = await db("users").where({ is_demo: 1 }).count<{ n: number | string }[]>({ n: "*" });
  return Number(n) > 0;
}
