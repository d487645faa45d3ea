// The one Ajv set-up for form schemas, shared by the server's validator (validate.ts) and the definition
// checker (check-definition.ts), so both read a schema the same way: draft-07 semantics held to the
// official test suite (a $ref's siblings ignored, only own properties count as present), our formats, and
// `dependentRequired` (draft 2019-09), the one later keyword forms may use (keywords.ts). A *.server module,
// so the browser bundle holds an empty module instead of Ajv (browsers walk the schema, interpret.ts).
import Ajv from "ajv";
import type { Options } from "ajv";
import addFormats from "ajv-formats";
import dependentRequiredModule from "ajv/dist/vocabularies/validation/dependentRequired.js";
import type { KeywordDefinition } from "ajv";
import { addCustomFormats } from "./formats";
import { ajvRegExpEngine } from "./patterns";

// A CommonJS module: Node's ESM loader hands over module.exports, a bundler its `default`.
const dependentRequired = ((dependentRequiredModule as { default?: KeywordDefinition }).default ?? dependentRequiredModule) as KeywordDefinition;

// Draft-07 ignores the siblings of a $ref. Ajv 8 does so only with `ignoreKeywordsWithRef`, which it calls
// deprecated (it is the 2019-09 reading it prefers) and then warns about every such schema, and ours carry
// a title beside every $ref (an annotation, the only sibling the checker allows). Those two notices are
// expected; every other warning still reaches the console. The suite test fails if Ajv ever drops the option.
const EXPECTED_NOTICES = ["$ref: keywords ignored", "DEPRECATED: option ignoreKeywordsWithRef"];
const logger = {
  log: console.log,
  warn: (...args: unknown[]) => (EXPECTED_NOTICES.some((n) => String(args[0]).startsWith(n)) ? undefined : console.warn(...args)),
  error: console.error,
};

/**
 * A fresh Ajv for form schemas with `options` on top of the shared ones. Compiles to code (`new Function`),
 * so never call it in a browser: our CSP forbids that, and the browser uses interpret.ts instead.
 */
export function formAjv(options: Options = {}): Ajv {
  // Patterns run on RE2 (patterns.ts), in time linear in the input, never on the backtracking RegExp.
  const ajv = new Ajv({ ignoreKeywordsWithRef: true, ownProperties: true, logger, ...options, code: { ...options.code, regExp: ajvRegExpEngine } });
  addFormats(ajv);
  addCustomFormats(ajv);
  ajv.addKeyword(dependentRequired);
  return ajv;
}
