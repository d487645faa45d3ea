// Liveness for load balancers: answers when the database does.
import { json } from "@remix-run/node";
import { db } from "~/utils/db.server";

export async function loader() {
  await db.raw("select 1");
  return json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
