// `npm run admin:create -- --username NAME --name 姓名 --phone 13800000000`: creates an administrator with a
// one-time password (printed once; it must be changed at first login). The way to make the first admin.
import { parseArgs } from "node:util";
import { migrateLatest, db } from "~/utils/db.server";
import { createUser, identityTaken } from "~/models/users.server";
import { temporaryPassword } from "~/models/staff.server";
import { audit } from "~/models/audit.server";
import { nameProblem, phoneProblem, usernameProblem } from "~/features/accounts/validation";
import { ROLE } from "~/engine/constants";
import { AUDIT_ACTION } from "~/models/constants";

const { values } = parseArgs({ options: { username: { type: "string" }, name: { type: "string" }, phone: { type: "string" } } });
const username = values.username ?? "";
const name = values.name ?? "系统管理员";
const phone = values.phone ?? "";
const problem = usernameProblem(username) ?? nameProblem(name) ?? phoneProblem(phone);
if (problem) {
  console.log(`用法: npm run admin:create -- --username admin1 --name 管理员 --phone 13800000000\n错误: ${problem}`);
  process.exit(2);
}
try {
  await migrateLatest();
  const taken = await identityTaken(username, phone);
  if (taken.username || taken.phone) {
    console.log(taken.username ? "该用户名已被使用" : "该手机号已被使用");
    process.exit(2);
  }
  const password = temporaryPassword();
  const id = await createUser({ username, name, phone, password, role: ROLE.admin, mustChangePassword: true });
  await audit({ action: AUDIT_ACTION.userCreate, target: { type: "User", id }, detail: { after: { username, role: ROLE.admin }, via: "cli" } });
  console.log(`已创建管理员 ${username}，一次性密码: ${password}\n首次登录后须修改密码。`);
} finally {
  await db.destroy();
}
