// The baseline for the draft-save benchmark: a bare node:http server doing the same work without the
// framework — parse JSON, validate with plain Ajv (the form's draft schema), upsert the same row.
import http from "node:http";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { addCustomFormats } from "~/engine/forms/formats";
import { relaxSchema } from "~/engine/forms/validate";
import { readBuiltInForms } from "~/engine/forms/registry.server";
import { db } from "~/utils/db.server";

const def = readBuiltInForms().find((f) => f.key === "expert-basic-info")!;
const validate = addCustomFormats(addFormats(new Ajv({ allErrors: true, strict: false, removeAdditional: true }))).compile(relaxSchema(def.schema));

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const { ownerId, scope, data } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (!validate(data)) {
          res.writeHead(422).end();
          return;
        }
        const t = Date.now();
        await db("form_submissions")
          .insert({ owner_id: ownerId, form_key: def.key, form_version: def.version, form_hash: "bare", scope, data: JSON.stringify(data), status: "draft", created_at: t, updated_at: t })
          .onConflict(["owner_id", "form_key", "scope"])
          .merge({ data: JSON.stringify(data), updated_at: t, row_version: db.raw("form_submissions.row_version + 1") });
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      } catch {
        res.writeHead(500).end();
      }
    });
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
