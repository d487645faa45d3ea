// `npm run backup -- <directory>`: backs up the configured database (DATABASE_URL, DATABASE_SCHEMA) and the
// upload folder (UPLOAD_DIR) into <directory>, while the server keeps running. See scripts/backup/index.ts.
import path from "node:path";
import { BackupError, backUp } from "./backup/index";
import { place } from "./backup/place";

const out = process.argv[2];
if (!out) {
  console.error("用法：npm run backup -- <备份目录>");
  process.exit(2);
}
try {
  const m = await backUp(place(), path.resolve(out));
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`备份完成：${path.resolve(out)}（${m.dialect}，${Object.keys(m.tables).length} 张表 ${rows} 行，附件 ${m.uploads.length} 个）`);
} catch (e) {
  console.error(e instanceof BackupError ? `备份失败：${e.message}` : e);
  process.exit(1);
}
