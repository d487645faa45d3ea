// GET /training/:id/lessons/:lessonId/media — a lesson's video or PDF for the 学习 page, with HTTP Range
// (206/416): to the enrolment's owner once learning is open, and to administrators. Anyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAuth } from "~/features/accounts/auth.server";
import { lessonMedia } from "~/features/courses/media.server";
import { pageOnRefusal } from "~/utils/file-loader.server";

// Opened as a page (a link pasted before payment), a refusal is a Chinese page; the player keeps JSON.
export const loader = pageOnRefusal(async ({ request, params }: LoaderFunctionArgs) => {
  const auth = await requireAuth(request);
  return lessonMedia(auth, request, params);
});
