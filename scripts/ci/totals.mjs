// Sums Vitest JSON reports into the one line CI reads: "N passed, N failed".
// A suite that ran no test at all counts as a failure.
import fs from "node:fs";
import path from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
let empty = [];
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrors ?? 0);
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numTotalTests === 0) empty.push(path.basename(file, ".json"));
  // Files that failed before any test ran (import errors) count once each.
  failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
}
for (const name of empty) console.error(`suite ${name} ran no test`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || empty.length > 0 ? 1 : 0);
