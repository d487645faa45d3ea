// The shape of a workflow definition: the JSON Schema its YAML must satisfy (additionalProperties false
// everywhere, so a typo is an error rather than a silently ignored key) and the normalized TypeScript
// type the loader returns. Names that registries own (step types, guards, effects, roles) are checked
// by the loader against the registries, not enumerated here. Browser-safe.

const NAME = "^[a-z][a-z0-9-]*$";

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
    // What lists and reviewer scopes use, copied from the applicant's forms: { form, field (JSON pointer) }.
    attributes: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(
        ["applicant", "region", "specialty"].map((k) => [
          k,
          // { form, field }: a field of a form the steps fill; { record }: a field of the record the instance acts on.
          { type: "object", additionalProperties: false, properties: { form: { type: "string", pattern: NAME }, field: { type: "string", pattern: "^(/[^/]+)+$", maxLength: 200 }, record: { type: "string", pattern: "^(/[^/]+)+$", maxLength: 200 } } },
        ]),
      ),
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
export type AttributeName = "applicant" | "region" | "specialty";
export type AttributeSource = { form: string; field: string } | { record: string };

export type CommentInput = { title: string; required?: boolean; maxLength?: number };

export type TransitionDefinition = {
  event: string;
  title: string;
  from: string[];
  to: string;
  by: string[];
  owner?: boolean;
  guards: Ref[];
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
  attributes?: Partial<Record<AttributeName, AttributeSource>>;
  start?: { by: string[]; guards: Ref[] };
  steps: StepDefinition[];
  states: Record<string, StateDefinition>;
  transitions: TransitionDefinition[];
};
