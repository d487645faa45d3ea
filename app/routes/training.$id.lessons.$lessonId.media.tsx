// GET /training/:id/lessons/:lessonId/media — a lesson's video or PDF for the 学习 page, with HTTP Range
// (206/416): to the enrolment's owner once learning is open, and to administrators. Anyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAuth } from "~/features/accounts/auth.server";
import { lessonMedia } from "~/features/courses/media.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  return lessonMedia(auth, request, params);
}
