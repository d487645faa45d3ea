// Liveness for load balancers: answers when the database does.
import { json } from "@remix-run/node";
import { databaseAnswers } from "~/models/health.server";

export async function loader() {
  await databaseAnswers();
  return json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
