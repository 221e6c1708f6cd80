// parseClassification against hostile input (fast-check, fixed seed so runs repeat). The same
// properties run longer with `npm run fuzz -- --runs 100000` (scripts/fuzz-imports.ts).
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  mutationProperty,
  plainSplitProperty,
  randomBytesProperty,
  wellFormedAlKamelProperty,
} from "./testing/import-properties.js";
import { readImportFixtures } from "./testing/import-fixtures.js";

const SEED = 42;

describe("parseClassification never throws and names lines inside the file", () => {
  it("on random bytes", () => {
    fc.assert(randomBytesProperty(), { seed: SEED, numRuns: 400 });
  });
  it("on the fixture files cut, spliced, garbled and re-delimited", () => {
    fc.assert(mutationProperty(readImportFixtures()), { seed: SEED, numRuns: 400 });
  });
});

describe("well-formed files read back", () => {
  it("Al Kamel files of arbitrary cells give the same cars, positions and lines", () => {
    fc.assert(wellFormedAlKamelProperty(), { seed: SEED, numRuns: 200 });
  });
  it("the quote-free fast path gives csv-parse's records and lines", () => {
    fc.assert(plainSplitProperty(), { seed: SEED, numRuns: 500 });
  });
});
