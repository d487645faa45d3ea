// `npm run restore -- <backup directory>`: restores a backup into the configured place (DATABASE_URL,
// DATABASE_SCHEMA, UPLOAD_DIR), which must not hold data yet. A damaged or mismatched backup is refused
// before anything is written. See scripts/backup/index.ts.
import path from "node:path";
import { BackupError, restore } from "./backup/index";
import { place } from "./backup/place";

const from = process.argv[2];
if (!from) {
  console.error("用法：npm run restore -- <备份目录>");
  process.exit(2);
}
try {
  const m = await restore(path.resolve(from), place());
  console.log(`恢复完成：${m.createdAt} 的备份（${Object.keys(m.tables).length} 张表行数一致，附件 ${m.uploads.length} 个）`);
} catch (e) {
  console.error(e instanceof BackupError ? `恢复失败：${e.message}` : e);
  process.exit(1);
}
