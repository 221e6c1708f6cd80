// Every folder under fixtures/imports/bad/ holds one broken classification and an expected.json
// naming the problem it must raise. "parse" cases fail in parseClassification; "check" cases parse
// and are refused by checkClassification (the file as a whole); "season" cases
// parse cleanly and fail when matched against fixtures/seasons/endurance-cup-2025.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PROBLEM_CODES, formatProblem } from "../core/problems.js";
import { seasonFromInput } from "../core/season-from-input.js";
import { checkClassification } from "./check-classification.js";
import { parseClassification } from "./parse-classification.js";
import { IMPORT_LAYOUTS, RESULT_COLUMNS } from "./result-layouts.js";
import { seasonInputWithResults } from "./testing/fixture-season.js";

const BAD = "fixtures/imports/bad";

const expectedSchema = z
  .object({
    file: z.string().min(1),
    defect: z.string().min(1).describe("the one thing wrong with the file, for people"),
    layout: z.enum([...IMPORT_LAYOUTS, "auto"]),
    stage: z.enum(["parse", "check", "season"]),
    code: z.enum(PROBLEM_CODES),
    line: z.number().int().min(1).optional(),
    field: z.string().min(1).optional().describe("the file's own column name"),
    season: z.string().optional().describe("season stage: the fixture season"),
    round: z.number().int().min(1).optional().describe("season stage: the round imported"),
    paddockField: z.enum(RESULT_COLUMNS as [string, ...string[]]).optional(),
  })
  .strict();

const cases = readdirSync(BAD)
  .sort()
  .map((name) => {
    const expected = expectedSchema.parse(
      JSON.parse(readFileSync(join(BAD, name, "expected.json"), "utf8")),
    );
    const bytes = readFileSync(join(BAD, name, expected.file));
    const parsed = parseClassification(bytes, expected.file, { layout: expected.layout });
    return { name, expected, parsed };
  });

describe("broken classifications: parse stage", () => {
  it.each(cases.filter((c) => c.expected.stage === "parse"))("$name", ({ expected, parsed }) => {
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map(formatProblem)).toHaveLength(1);
    expect(parsed.error[0]).toEqual({
      code: expected.code,
      message: expect.any(String),
      file: expected.file,
      ...(expected.line !== undefined ? { line: expected.line } : {}),
      ...(expected.field !== undefined ? { field: expected.field } : {}),
    });
  });

  it("a 50 MB upload is FILE_TOO_LARGE, found before anything is read", () => {
    const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x3b);
    const parsed = parseClassification(bytes, "huge.csv");
    expect(parsed).toMatchObject({
      ok: false,
      error: [{ code: "FILE_TOO_LARGE", file: "huge.csv" }],
    });
  });
});

describe("broken classifications: check stage (the file as a whole)", () => {
  it.each(cases.filter((c) => c.expected.stage === "check"))("$name", ({ expected, parsed }) => {
    expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.error)).toBe(true);
    if (!parsed.ok) return;
    const checked = checkClassification(parsed.value);
    expect(checked.errors.map(formatProblem)).toHaveLength(1);
    expect(checked.warnings).toEqual([]);
    expect(checked.errors[0]).toEqual({
      code: expected.code,
      message: expect.any(String),
      file: expected.file,
      ...(expected.line !== undefined ? { line: expected.line } : {}),
      ...(expected.field !== undefined ? { field: expected.field } : {}),
    });
  });
});

describe("broken classifications: season stage", () => {
  it.each(cases.filter((c) => c.expected.stage === "season"))("$name", ({ expected, parsed }) => {
    expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.error)).toBe(true);
    if (!parsed.ok || expected.round === undefined || expected.paddockField === undefined) {
      expect.fail("a season case names its round and paddockField");
      return;
    }
    expect(
      parsed.value.sourceColumn[expected.paddockField as keyof typeof parsed.value.sourceColumn],
    ).toBe(expected.field);
    const season = seasonFromInput(
      seasonInputWithResults([{ round: expected.round, rows: parsed.value.rows }]),
    );
    expect(season.ok).toBe(false);
    if (season.ok) return;
    expect(season.error.map(formatProblem)).toHaveLength(1);
    expect(season.error[0]).toMatchObject({
      code: expected.code,
      file: expected.file,
      line: expected.line,
      field: expected.paddockField,
    });
  });
});
