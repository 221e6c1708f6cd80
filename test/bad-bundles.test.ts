// Every folder under fixtures/bundles/bad/ is fixtures/bundles/valid-minimal with one defect and an
// expected.json saying the problem it must raise: its code, the file, and the line and field where
// they apply. A new case is a new folder; this file finds it by itself.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PROBLEM_CODES, formatProblem } from "../src/core/problems.js";
import type { Problem, ProblemCode } from "../src/core/problems.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";

const BUNDLES = fileURLToPath(new URL("../fixtures/bundles/", import.meta.url));
const VALID = join(BUNDLES, "valid-minimal");
const BAD = join(BUNDLES, "bad");
const EXPECTED_FILE = "expected.json";

/**
 * Problem codes no bad-bundle fixture produces, each with the reason. Every other code in
 * PROBLEM_CODES must be the expected code of at least one fixture. Empty today: every code can
 * come out of readSeasonBundle and has a fixture. Add a code here only with a comment saying why
 * no bundle can raise it (e.g. a code only the CLI or another reader produces).
 */
const CODES_WITHOUT_FIXTURE: Readonly<Partial<Record<ProblemCode, string>>> = {
  FILE_TOO_LARGE: "uploads only: fixtures/imports/bad and test/bad-imports-sqlite.test.ts",
  BINARY_FILE: "uploads only: fixtures/imports/bad/binary-junk",
  UNKNOWN_LAYOUT: "uploads only: fixtures/imports/bad/unknown-layout",
  DUPLICATE_COLUMN: "uploads only: fixtures/imports/bad/duplicate-column (entry lists too)",
  EMPTY_FILE: "uploads only: fixtures/imports/bad/empty-file (entry lists too)",
  IN_USE: "corrections only (removing what others name): src/service/season-corrections.test.ts",
  POSITION_GAP: "imports only (a warning): src/imports/check-classification.test.ts",
  CLASSIFIED_ZERO_LAPS: "imports only (a warning): src/imports/check-classification.test.ts",
  LAPS_OUT_OF_ORDER: "imports only (a warning): src/imports/check-classification.test.ts",
  TIME_OUT_OF_ORDER: "imports only (a warning): src/imports/check-classification.test.ts",
  FASTEST_LAP_BEYOND_LAPS: "imports only (a warning): src/imports/check-classification.test.ts",
};

const expectedSchema = z
  .object({
    defect: z.string().min(1).describe("the one thing wrong with the bundle, for people"),
    code: z.enum(PROBLEM_CODES),
    file: z.string().min(1).describe("as the problem names it: relative to the bundle"),
    line: z.number().int().min(1).optional(),
    field: z.string().min(1).optional(),
  })
  .strict();
type Expected = z.infer<typeof expectedSchema>;

interface BadCase {
  readonly name: string;
  readonly dir: string;
  readonly expected: Expected;
}

function readExpected(dir: string): Expected {
  const path = join(dir, EXPECTED_FILE);
  const parsed = expectedSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${relative(BUNDLES, path)}: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  return parsed.data;
}

const badCases: BadCase[] = readdirSync(BAD, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => ({ name, dir: join(BAD, name), expected: readExpected(join(BAD, name)) }));

/** "UNKNOWN_CAR at results/round-1.csv:3 [number]" */
function describeExpected(e: Expected): string {
  const place = e.line === undefined ? e.file : `${e.file}:${e.line}`;
  return `${e.code} at ${place}${e.field === undefined ? "" : ` [${e.field}]`}`;
}

/** The fields of a problem the expectation pins down. */
function wanted(e: Expected): Partial<Problem> {
  return {
    code: e.code,
    file: e.file,
    ...(e.line === undefined ? {} : { line: e.line }),
    ...(e.field === undefined ? {} : { field: e.field }),
  };
}

function matches(p: Problem, e: Expected): boolean {
  return Object.entries(wanted(e)).every(([k, v]) => p[k as keyof Problem] === v);
}

/** Every file of a bundle folder, relative to it, but expected.json. */
function bundleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.filter((f) => f !== EXPECTED_FILE).sort();
}

describe("fixtures/bundles/valid-minimal", () => {
  it("reads as a season bundle", () => {
    const read = readSeasonBundle(VALID);
    if (!read.ok) expect.fail(read.error.map(formatProblem).join("\n"));
    const { season, rules } = read.value;
    expect(season.classes.map((k) => k.id)).toEqual(["P", "GT"]);
    expect(season.rounds.map((r) => [r.number, r.status, r.races.length])).toEqual([
      [1, "completed", 1],
      [2, "completed", 1],
    ]);
    expect(season.entries).toHaveLength(4);
    expect(season.results).toHaveLength(8);
    expect(season.decisions).toHaveLength(1);
    expect(rules.championships.map((c) => c.id)).toEqual(["teams"]);
  });
});

describe("fixtures/bundles/bad", () => {
  it("holds cases", () => {
    expect(badCases.length).toBeGreaterThan(0);
  });

  it.each(badCases.map((c) => [`${c.name}: ${describeExpected(c.expected)}`, c] as const))(
    "%s",
    (_title, { dir, expected }) => {
      const read = readSeasonBundle(dir);
      expect(read.ok, "the bundle should be rejected").toBe(false);
      if (read.ok) return;
      const problems = read.error;

      // The problem the defect must raise, in full (the diff on failure lists what came instead).
      expect(problems).toContainEqual(expect.objectContaining(wanted(expected)));

      // Printed for people, it names the place: "file:line [field]: CODE message".
      const found = problems.find((p) => matches(p, expected));
      if (!found) return;
      const text = formatProblem(found);
      const place =
        expected.line === undefined ? expected.file : `${expected.file}:${expected.line}`;
      expect(text.startsWith(place), text).toBe(true);
      if (expected.field !== undefined) expect(text).toContain(`[${expected.field}]`);
      expect(text).toContain(expected.code);

      // No problem of the list is anonymous: each names its file, and a field, when given, is not
      // blank.
      for (const p of problems) {
        expect(p.file, formatProblem(p)).toBeTruthy();
        if (p.field !== undefined) expect(p.field, formatProblem(p)).not.toBe("");
      }
    },
  );

  it.each(badCases.map((c) => [c.name, c] as const))(
    "%s differs from valid-minimal in one file",
    (_name, { dir }) => {
      const files = new Set([...bundleFiles(VALID), ...bundleFiles(dir)]);
      const changed = [...files].filter((f) => {
        const a = join(VALID, f);
        const b = join(dir, f);
        if (!existsSync(a) || !existsSync(b)) return true;
        if (!statSync(a).isFile() || !statSync(b).isFile()) return true;
        return !readFileSync(a).equals(readFileSync(b));
      });
      expect(changed).toHaveLength(1);
    },
  );

  it("covers every problem code, or says why not", () => {
    const covered = new Set(badCases.map((c) => c.expected.code));
    const uncovered = PROBLEM_CODES.filter((code) => !covered.has(code));
    const allowed = Object.keys(CODES_WITHOUT_FIXTURE);
    expect(uncovered.filter((code) => !allowed.includes(code))).toEqual([]);
    // An allow-listed code that has gained a fixture no longer belongs on the list.
    expect(allowed.filter((code) => covered.has(code as ProblemCode))).toEqual([]);
  });
});
