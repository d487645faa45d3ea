// CASL abilities, defined once per role (DESIGN rule 5). Browser-safe: the UI hides what the server refuses.
import { AbilityBuilder, createMongoAbility } from "@casl/ability";
import type { MongoAbility } from "@casl/ability";
import type { Role } from "../constants";

/**
 * `follow`: read an application routed away from the reader's region (its origin_region, e.g. a transfer
 * the outgoing region's reviewer forwarded with 同意调出) — kept apart from `read` so the inbox's main
 * query keeps to its region index (an OR over two regions there costs a scan: 2 ms → 200 ms, bench inbox).
 */
export type Action = "manage" | "read" | "create" | "update" | "delete" | "disable" | "review" | "follow";
export type SubjectType = "User" | "Profile" | "SmsOutbox" | "AuditLog" | "Catalog" | "Submission" | "Upload" | "Application" | "Inbox" | "Batch" | "Report" | "Definition" | "Enrolment" | "Payment" | "Course" | "Notification" | "Certificate" | "PoolRecord" | "all";
export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;

/** A reviewer's scope: a region and/or a batch (null = any). A reviewer with none sees nothing. */
export type ReviewScope = { region: string | null; batchId: number | null };
export type Actor = { id: number; role: Role; scopes?: ReviewScope[] };

/**
 * A workflow state that is a review task, as the published definitions declare it: who (`by` roles)
 * handles it, and a fixed region if it has one. The server reads them per request
 * (permissions/task-states.server.ts) and passes them in; nothing here keeps them between requests.
 */
export type TaskState = { workflowKey: string; state: string; by: readonly string[]; region?: string };

type Builder = AbilityBuilder<AppAbility>;

const everyone = ({ can }: Builder, actor: Actor) => {
  can("read", "Profile", { id: actor.id });
  can("update", "Profile", { id: actor.id });
  can("read", "Catalog");
  // Own form submissions and own uploads. Admins read everyone's; a reviewer reads the submissions (and
  // files) of the applications they may read, which findServableUpload checks through the application.
  can("read", "Submission", { owner_id: actor.id });
  can("update", "Submission", { owner_id: actor.id });
  can("create", "Upload");
  can("read", "Upload", { owner_id: actor.id });
  // 消息: one's own notifications, to read and mark read.
  can(["read", "update"], "Notification", { user_id: actor.id });
};

const byRole: Record<Role, (b: Builder, actor: Actor, taskStates: readonly TaskState[]) => void> = {
  expert: ({ can }, actor) => {
    can("create", "Application");
    // Workflow instances (applications and later requests): the applicant's own. Transitions are further
    // restricted by each workflow's `by:` roles. Only experts apply, so only they get the owner rule:
    // for reviewers it would add an `OR owner_id = ?` that keeps the inbox off its index.
    can("read", "Application", { owner_id: actor.id });
    can("update", "Application", { owner_id: actor.id });
    // 我的培训: their own training enrolments (instances of the training workflow) and what they paid.
    can(["read", "update"], "Enrolment", { owner_id: actor.id });
    // Their own certificates (download, verify link); revocation is an administrator's.
    can("read", "Certificate", { user_id: actor.id });
    // Their own record in the pool and its history.
    can("read", "PoolRecord", { user_id: actor.id });
  },
  reviewer: ({ can }, actor, taskStates) => {
    can("read", "Inbox");
    for (const scope of actor.scopes ?? []) {
      const where = { ...(scope.region ? { region: scope.region } : {}), ...(scope.batchId ? { batch_id: scope.batchId } : {}) };
      // Applications once submitted, in the reviewer's regions and batches (drafts stay private).
      can("read", "Application", { ...where, submitted_at: { $ne: null } });
      // …and follow what they routed on to another region (地州转移's 同意调出) to its outcome.
      if (scope.region) can("follow", "Application", { origin_region: scope.region, ...(scope.batchId ? { batch_id: scope.batchId } : {}), submitted_at: { $ne: null } });
      // Pool records (and their history) of the experts now in the reviewer's regions (batch: the admitting one).
      can("read", "PoolRecord", where);
      for (const task of taskStates) {
        if (!task.by.includes(actor.role)) continue;
        const at = { workflow_key: task.workflowKey, state: task.state };
        // A task with a fixed region (e.g. 自治区复审 at 自治区本级) goes to reviewers of that region.
        if (task.region) {
          if (!scope.region || scope.region === task.region) can(["read", "review"], "Application", { ...at, ...(scope.batchId ? { batch_id: scope.batchId } : {}) });
        } else {
          can("review", "Application", { ...at, ...where });
        }
      }
    }
  },
  admin: ({ can, cannot }, actor, taskStates) => {
    can("read", "User");
    can("create", "User");
    can("update", "User");
    can("disable", "User");
    cannot("disable", "User", { id: actor.id }); // an admin cannot lock themself out
    can("read", "SmsOutbox");
    can("read", "AuditLog");
    can("manage", "Catalog");
    can("manage", "Batch");
    can("read", "Report");
    can("manage", "Definition"); // form and workflow definitions: edit, save drafts, publish versions
    can("manage", "Enrolment"); // training enrolments: 延期, 补学
    can("manage", "Payment"); // 缴费对账, 手工确认缴费
    can("manage", "Course"); // 课程内容: lessons of a batch's courses, and their media
    can("manage", "Certificate"); // 证书管理: list every certificate, revoke with a reason
    can("read", "Submission");
    can("read", "PoolRecord");
    can("read", "Inbox");
    can("read", "Application", { submitted_at: { $ne: null } });
    for (const task of taskStates) if (task.by.includes(actor.role)) can("review", "Application", { workflow_key: task.workflowKey, state: task.state });
  },
};

/**
 * The abilities of one actor (null = anonymous: none) for one request. `taskStates`: the review-task
 * states of the published workflows (permissions/task-states.server.ts); a reviewer's or an admin's
 * `review` rules come from them, so without them nobody may review. The browser (navigation) passes
 * none: it only asks coarse questions (may this user read the inbox at all).
 */
export function defineAbilityFor(actor: Actor | null, taskStates: readonly TaskState[] = []): AppAbility {
  const b = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (actor) {
    everyone(b, actor);
    byRole[actor.role]?.(b, actor, taskStates);
  }
  return b.build();
}
