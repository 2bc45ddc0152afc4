/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after Jest's own
 * summary, so any CI reader can tell at a glance how many tests ran.
 */
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const skipped = numPendingTests + numTodoTests;
    process.stdout.write(
      `tests: ${numPassedTests} passed, ${numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}

module.exports = PlainSummaryReporter;
