// The engine's own vocabulary (DESIGN rule 8): the roles its permissions and definitions name, where a
// definition comes from, and the history event of a new instance. Browser-safe. The application's
// status values and labels (accounts, SMS, audit, submissions, the definition editors) are in
// ~/models/constants.

export const ROLE = { expert: "expert", reviewer: "reviewer", admin: "admin" } as const;
export type Role = (typeof ROLE)[keyof typeof ROLE];

/** The history event recorded when a workflow instance is created. */
export const WORKFLOW_START_EVENT = "start";
export const DEFINITION_SOURCE = { builtin: "builtin", admin: "admin" } as const;
