// Imported first by every test file: a console.error nobody expected is a failure (DESIGN rule 9);
// the runner counts the marker line.
const original = console.error.bind(console);
console.error = (...args: unknown[]) => {
  original("UNEXPECTED console.error:", ...args);
  process.exitCode = 1;
};
export {};
