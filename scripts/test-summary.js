// The closing line of every test command (`npm test`, `npm run test:scale`), which .ci/run reads back.

/**
 * Prints `N passed, N failed` on a line of its own (after a blank line) and returns the exit code:
 * 0 when nothing failed, else 1.
 * @param {number} passed
 * @param {number} failed
 * @returns {0 | 1}
 */
export function printSummary(passed, failed) {
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
