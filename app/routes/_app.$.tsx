// Any other address: a 404 drawn inside the signed-in shell (by the layout's error boundary), with the
// menu still there — not a bare page outside it. Signed out, the layout sends the visitor to 登录 first.
// No action: a POST here is 405.
import { json } from "@remix-run/node";

export async function loader() {
  throw json({ error: "您访问的页面不存在" }, { status: 404 });
}

export default function NotFound() {
  return null;
}
