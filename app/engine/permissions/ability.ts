// CASL abilities, defined once per role (DESIGN rule 5). Browser-safe: the UI hides what the server refuses.
import { AbilityBuilder, createMongoAbility } from "@casl/ability";
import type { MongoAbility } from "@casl/ability";
import type { Role } from "../constants";

export type Action = "manage" | "read" | "create" | "update" | "delete" | "disable";
export type SubjectType = "User" | "Profile" | "SmsOutbox" | "AuditLog" | "Catalog" | "Submission" | "Upload" | "Application" | "all";
export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;

export type Actor = { id: number; role: Role };

type Builder = AbilityBuilder<AppAbility>;

const everyone = ({ can }: Builder, actor: Actor) => {
  can("read", "Profile", { id: actor.id });
  can("update", "Profile", { id: actor.id });
  can("read", "Catalog");
  // Own form submissions and own uploads; reviewers and admins read everyone's (issue 6 narrows this
  // to the applications they may handle).
  can("read", "Submission", { owner_id: actor.id });
  can("update", "Submission", { owner_id: actor.id });
  can("create", "Upload");
  // Workflow instances (入库申请 and later requests): the applicant's own. Transitions are further
  // restricted by each workflow's `by:` roles; reviewers' scopes come with the inbox.
  can("read", "Application", { owner_id: actor.id });
  can("update", "Application", { owner_id: actor.id });
  can("read", "Upload", { owner_id: actor.id });
};

const byRole: Record<Role, (b: Builder, actor: Actor) => void> = {
  expert: ({ can }) => {
    can("create", "Application");
  },
  reviewer: ({ can }) => {
    can("read", "Submission");
    can("read", "Application");
  },
  admin: ({ can, cannot }, actor) => {
    can("read", "User");
    can("create", "User");
    can("update", "User");
    can("disable", "User");
    cannot("disable", "User", { id: actor.id }); // an admin cannot lock themself out
    can("read", "SmsOutbox");
    can("read", "AuditLog");
    can("manage", "Catalog");
    can("read", "Submission");
    can("read", "Application");
  },
};

export function defineAbilityFor(actor: Actor | null): AppAbility {
  const b = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (actor) {
    everyone(b, actor);
    byRole[actor.role]?.(b, actor);
  }
  return b.build();
}
