// Runs the classification-import properties of src/imports/parse-classification.fuzz.test.ts for
// as long as asked. Run from the package root:
//   npm run fuzz -- --runs 100000 [--seed 42] [--fixtures fixtures/imports]
// A failure prints the counterexample and the seed and path that replay it; the exit code is 1.
import { parseArgs } from "node:util";
import fc from "fast-check";
import {
  mutationProperty,
  plainSplitProperty,
  randomBytesProperty,
  wellFormedAlKamelProperty,
} from "../src/imports/testing/import-properties.js";
import { IMPORT_FIXTURES, readImportFixtures } from "../src/imports/testing/import-fixtures.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    seed: { type: "string" },
    fixtures: { type: "string", default: IMPORT_FIXTURES },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error("usage: fuzz-imports [--runs N] [--seed S] [--fixtures DIR]");
  process.exitCode = 2;
} else {
  const fixtures = readImportFixtures(values.fixtures);
  console.log(`fuzzing classification imports: ${runs} runs per property, seed ${seed}`);
  const run = <Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<Ts>) => {
    const start = performance.now();
    const details = fc.check(property, { numRuns: runs, seed });
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    if (details.failed) {
      console.log(`FAIL ${name} (${seconds} s)\n${fc.defaultReportMessage(details)}`);
      process.exitCode = 1;
    } else console.log(`ok   ${name}: ${details.numRuns} runs in ${seconds} s`);
  };
  run("random bytes", randomBytesProperty());
  run(`mutated fixtures (${fixtures.length} files)`, mutationProperty(fixtures));
  run("well-formed Al Kamel files round-trip", wellFormedAlKamelProperty());
  run("quote-free fast path equals csv-parse", plainSplitProperty());
}
