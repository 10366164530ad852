// A vitest reporter for `npm test` (scripts/test.mjs): appends one JSON line per event to the file
// named by CONFIDE_TEST_PROGRESS, as it happens. Vitest's JSON reporter writes only when a run
// ends, so a run stopped because it stalled would leave nothing; these lines say which files were
// planned, which started, and each finished file's counts and failures, and their writes show
// the run is alive.
import { appendFileSync } from "node:fs";

const target = process.env.CONFIDE_TEST_PROGRESS;

function write(line) {
  if (target) appendFileSync(target, `${JSON.stringify(line)}\n`);
}

function firstLine(text) {
  return (text ?? "").split("\n").find((line) => line.trim() !== "") ?? "(no message)";
}

export default class ProgressReporter {
  onTestRunStart(specifications) {
    write({ planned: specifications.map((specification) => specification.moduleId) });
  }

  onTestModuleStart(testModule) {
    write({ started: testModule.moduleId });
  }

  onTestCaseResult(testCase) {
    write({ case: testCase.fullName, state: testCase.result().state });
  }

  onTestModuleEnd(testModule) {
    let passed = 0;
    const failures = [];
    for (const testCase of testModule.children.allTests()) {
      const result = testCase.result();
      if (result.state === "passed") passed++;
      if (result.state === "failed") failures.push(`${testCase.fullName}\n      ${firstLine(result.errors?.[0]?.message)}`);
    }
    // A file that failed outside its tests (an import, a hook) has no failed test to name.
    if (testModule.state() === "failed" && failures.length === 0) {
      failures.push(firstLine(testModule.errors()[0]?.message));
    }
    write({ ended: testModule.moduleId, passed, failures });
  }
}
