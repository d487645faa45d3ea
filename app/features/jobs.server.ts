// The server's scheduled jobs (started with the server by entry.server.tsx): each runs once per period
// on whichever instance takes its lease (app/services/scheduler.server.ts, docs/decisions/0020). Every
// job is also safe to run twice (guarded claims), so a run cut short by a crash is simply done again.
// There is no payment-deadline job: 已逾期 is recorded when an enrolment is read (decision 0014).
import { HOUR, MINUTE } from "~/utils/clock.server";
import { every, stopScheduledJobs } from "~/services/scheduler.server";
import { recoverNotificationDeliveries } from "~/models/notifications.server";
import { cleanupOrphanUploads } from "~/models/uploads.server";
import { remindExpiringCertificates } from "./certificates/reminders.server";
import { sweepExpiredAttempts } from "./exam/attempts.server";

/** Job names, as stored in job_leases.name. */
export const JOB = {
  /** Uploads never attached to a submission are removed after a day. */
  uploadCleanup: "upload-cleanup",
  /** Exam attempts past deadline and grace are submitted; graded results not yet applied are applied. */
  examSweeper: "exam-sweeper",
  /** Certificates expiring within 60 days get their SMS reminder once. */
  certificateReminders: "certificate-reminders",
  /** SMS of notifications a crash left unsent (pending, or claimed and never answered) are sent. */
  notificationDelivery: "notification-delivery",
} as const;

/** How often the exam sweeper runs (ms): an expired attempt is submitted within this of its grace ending. */
export const EXAM_SWEEP_MS = 15_000;

/**
 * Starts every job; resolves once this process has competed for each job's lease once (the runs go on
 * in the background). Again (a second startup in one process) replaces the timers.
 */
export async function startScheduledJobs(): Promise<void> {
  await every(JOB.uploadCleanup, HOUR, () => cleanupOrphanUploads());
  await every(JOB.examSweeper, EXAM_SWEEP_MS, () => sweepExpiredAttempts());
  await every(JOB.certificateReminders, HOUR, () => remindExpiringCertificates());
  await every(JOB.notificationDelivery, MINUTE, () => recoverNotificationDeliveries().then(() => undefined));
}

export { stopScheduledJobs };
