// The shape of a workflow definition: the JSON Schema its YAML must satisfy (additionalProperties false
// everywhere, so a typo is an error rather than a silently ignored key) and the normalized TypeScript
// type the loader returns. Names that registries own (step types, guards, effects, roles) are checked
// by the loader against the registries, not enumerated here. Browser-safe.

const NAME = "^[a-z][a-z0-9-]*$";
/** A list attribute's key: a lowercase identifier (`work_unit`), as a JSON key or a column would be. */
export const ATTRIBUTE_KEY = "^[a-z][a-z0-9_]*$";

/** A guard or effect: `name`, or `{ name: { …args } }` (a single-key mapping). */
const ref = {
  type: ["string", "object"],
  pattern: NAME,
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { pattern: NAME },
  additionalProperties: { type: "object" },
} as const;

const roles = { type: "array", minItems: 1, uniqueItems: true, items: { type: "string" } } as const;

export const workflowDefinitionSchema = {
  type: "object",
  required: ["key", "version", "title", "subject", "initial", "states", "transitions"],
  additionalProperties: false,
  properties: {
    key: { type: "string", pattern: NAME, maxLength: 80 },
    version: { type: "integer", minimum: 1 },
    title: { type: "string", minLength: 1, maxLength: 200 },
    description: { type: "string", maxLength: 2000 },
    subject: { type: "string", pattern: "^[A-Z][A-Za-z]*$", maxLength: 40 },
    initial: { type: "string" },
    // The record type an instance acts on (a registered one, e.g. the expert's pool record); such a
    // workflow starts from that record and has no batch.
    record: { type: "string", pattern: NAME, maxLength: 40 },
    // List attributes: what the inbox lists (and, for the well-known applicant/region/specialty, filters
    // and scopes reviewers by), copied onto each instance. Any lowercase identifier; a key other than the
    // well-known three needs a title (the checker says so). Sources: { form, field } a field of a form the
    // steps fill, or { record } a field of the record the instance acts on (JSON pointers).
    attributes: {
      type: "object",
      maxProperties: 20,
      propertyNames: { pattern: ATTRIBUTE_KEY, maxLength: 40 },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: {
          title: { type: "string", minLength: 1, maxLength: 20 },
          form: { type: "string", pattern: NAME },
          field: { type: "string", pattern: "^(/[^/]+)+$", maxLength: 200 },
          record: { type: "string", pattern: "^(/[^/]+)+$", maxLength: 200 },
        },
      },
    },
    // How the review inbox presents the workflow: its tabs (a state and a title each, in order) and the
    // bulk actions reviewers may take on the tasks of a tab (an event without required input, offered on
    // the tabs of the task states it leaves from). Checked against states and transitions by the loader.
    inbox: {
      type: "object",
      minProperties: 1,
      additionalProperties: false,
      properties: {
        tabs: {
          type: "array",
          minItems: 1,
          maxItems: 20,
          items: {
            type: "object",
            required: ["state", "title"],
            additionalProperties: false,
            properties: { state: { type: "string", pattern: NAME }, title: { type: "string", minLength: 1, maxLength: 20 } },
          },
        },
        bulk: {
          type: "array",
          minItems: 1,
          maxItems: 5,
          items: {
            type: "object",
            required: ["event", "title"],
            additionalProperties: false,
            properties: {
              event: { type: "string", pattern: NAME },
              title: { type: "string", minLength: 1, maxLength: 20 },
              confirm: { type: "string", minLength: 1, maxLength: 100 },
            },
          },
        },
      },
    },
    start: {
      type: "object",
      required: ["by"],
      additionalProperties: false,
      properties: { by: roles, guards: { type: "array", items: ref } },
    },
    steps: {
      type: "array",
      items: {
        type: "object",
        required: ["key", "title", "type"],
        additionalProperties: false,
        properties: {
          key: { type: "string", pattern: NAME, maxLength: 80 },
          title: { type: "string", minLength: 1, maxLength: 100 },
          type: { type: "string" },
          description: { type: "string", maxLength: 2000 },
          // Options of the step types; which ones a type needs or allows is the step-type registry's call.
          forms: { type: "array", items: { type: "string", pattern: NAME } },
          // A registered step type's own settings, checked by that type's check() at publish.
          options: { type: "object", maxProperties: 50 },
          document: { type: "string", pattern: NAME },
          upload: {
            type: "object",
            additionalProperties: false,
            properties: {
              accept: { type: "array", minItems: 1, items: { type: "string", enum: ["application/pdf", "image/jpeg", "image/png"] } },
              maxSizeMb: { type: "number", exclusiveMinimum: 0, maximum: 50 },
              title: { type: "string", minLength: 1, maxLength: 50 },
            },
          },
        },
      },
    },
    states: {
      type: "object",
      minProperties: 1,
      propertyNames: { pattern: NAME },
      additionalProperties: {
        type: "object",
        required: ["title"],
        additionalProperties: false,
        properties: {
          title: { type: "string", minLength: 1, maxLength: 20 },
          editable: { type: "boolean" },
          final: { type: "boolean" },
          // A review task while the instance is in this state: who handles it, and whose region
          // decides (the instance's region attribute by default, or a fixed one such as 自治区本级).
          task: {
            type: "object",
            required: ["by"],
            additionalProperties: false,
            properties: { by: roles, region: { type: "string", minLength: 1, maxLength: 50 } },
          },
        },
      },
    },
    transitions: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["event", "title", "from", "to", "by"],
        additionalProperties: false,
        properties: {
          event: { type: "string", pattern: NAME, maxLength: 40 },
          title: { type: "string", minLength: 1, maxLength: 20 },
          from: { type: ["string", "array"], minItems: 1, items: { type: "string" } },
          to: { type: "string" },
          by: roles,
          owner: { type: "boolean" },
          guards: { type: "array", items: ref },
          // What the confirmation before this transition says (「确定提交审核？」 and this text); absent:
          // a sentence derived from the definition (the target state, and whether it can be undone).
          confirm: { type: "string", minLength: 1, maxLength: 200 },
          input: {
            type: "object",
            additionalProperties: false,
            properties: {
              comment: {
                type: "object",
                required: ["title"],
                additionalProperties: false,
                properties: {
                  title: { type: "string", minLength: 1, maxLength: 20 },
                  required: { type: "boolean" },
                  maxLength: { type: "integer", minimum: 1, maximum: 2000 },
                },
              },
            },
          },
          effects: { type: "array", items: ref },
        },
      },
    },
  },
} as const;

// ---- the normalized definition (what the loader returns and the database stores) ----------------

export type Args = Record<string, unknown>;
/** A registry entry named by a definition, with its arguments ({} when none were given). */
export type Ref = { name: string; args: Args };

export type StepDefinition = {
  key: string;
  title: string;
  type: string;
  description?: string;
  forms?: string[];
  document?: string;
  upload?: { accept?: string[]; maxSizeMb?: number; title?: string };
  options?: Record<string, unknown>;
};

export type TaskDefinition = { by: string[]; region?: string };
export type StateDefinition = { title: string; editable?: boolean; final?: boolean; task?: TaskDefinition };
/**
 * The attributes every part of the product knows by name: 申请人, 地州 (reviewer scopes and the region
 * filter use it) and 主专业. Each also has a column of its own on the instance (attributes.ts).
 */
export type WellKnownAttribute = "applicant" | "region" | "specialty";
/** A list attribute's key: a well-known one or any other lowercase identifier a definition declares. */
export type AttributeName = string;
/** Where an attribute comes from, and its title (the inbox's column; required for keys not well known). */
export type AttributeSource = { title?: string } & ({ form: string; field: string } | { record: string });

/** An inbox tab: the tasks (or instances) in `state`, under `title`. */
export type InboxTabDefinition = { state: string; title: string };
/** A bulk action of the inbox: `event` taken on every selected task; `confirm` is said before it runs. */
export type BulkActionDefinition = { event: string; title: string; confirm?: string };
export type InboxDefinition = { tabs?: InboxTabDefinition[]; bulk?: BulkActionDefinition[] };

export type CommentInput = { title: string; required?: boolean; maxLength?: number };

export type TransitionDefinition = {
  event: string;
  title: string;
  from: string[];
  to: string;
  by: string[];
  owner?: boolean;
  guards: Ref[];
  /** Said in the confirmation before the transition is taken; absent: derived (see confirmText). */
  confirm?: string;
  input?: { comment?: CommentInput };
  effects: Ref[];
};

export type WorkflowDefinition = {
  key: string;
  version: number;
  title: string;
  description?: string;
  subject: string;
  initial: string;
  /** The registered record type the instance acts on; absent: the workflow runs in a batch. */
  record?: string;
  attributes?: Record<AttributeName, AttributeSource>;
  /** How the review inbox presents it; absent: tabs derived from the states, no bulk actions. */
  inbox?: InboxDefinition;
  start?: { by: string[]; guards: Ref[] };
  steps: StepDefinition[];
  states: Record<string, StateDefinition>;
  transitions: TransitionDefinition[];
};
