// 4xx responses with a Chinese message; loaders and actions throw them, the error boundary shows them.
import { json } from "@remix-run/node";

export function httpError(status: number, message: string): Response {
  return json({ error: message }, { status });
}
