// URLs of the plain endpoints (app/utils/plain-endpoint.server.ts), shared by the server and the browser.
export const DRAFT_PATH = "/apply/:id/draft";
export const draftPath = (applicationId: number) => DRAFT_PATH.replace(":id", String(applicationId));
export const HEARTBEAT_PATH = "/training/:id/lessons/:lessonId/heartbeat";
export const heartbeatPath = (enrolmentId: number, lessonId: number) => HEARTBEAT_PATH.replace(":id", String(enrolmentId)).replace(":lessonId", String(lessonId));
