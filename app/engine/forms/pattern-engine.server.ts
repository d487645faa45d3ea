// The RE2 engine (re2js) for the server, loaded with the server's modules so every pattern check there is
// synchronous from the first request. A `.server` module, so the browser bundle gets an empty module
// here instead: a form page fetches re2js (≈46 KB gzip) only when it first checks a pattern
// (patterns.ts, loadPatternEngine).
export { RE2JS } from "re2js";
