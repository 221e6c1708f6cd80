// The consistency checks of a whole classification: each warning case below was imported without
// a word before checkClassification. Every case is the good Al Kamel fixture with one defect.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkClassification } from "./check-classification.js";
import { parseClassification } from "./parse-classification.js";
import type { ImportLayout } from "./result-layouts.js";

const FILE = "round-1-alkamel.csv";
const GOOD = readFileSync(`fixtures/imports/${FILE}`, "utf8").replace(/^\uFEFF/, "");

/** The good file with the cell of `column` on file line `line` replaced. */
function withCell(line: number, column: string, value: string, text = GOOD): string {
  const lines = text.split("\r\n");
  const header = (lines[0] ?? "").split(";").map((h) => h.trim());
  const i = header.indexOf(column);
  const cells = (lines[line - 1] ?? "").split(";");
  cells[i] = value;
  lines[line - 1] = cells.join(";");
  return lines.join("\r\n");
}

/** The good file with every position from file line `line` on one higher: a gap before it. */
function shiftedFrom(line: number): string {
  let text = GOOD;
  for (let l = line; l <= 13; l++) text = withCell(l, "POSITION", String(l), text);
  return text;
}

function check(text: string, layout: ImportLayout = "alkamel") {
  const parsed = parseClassification(new TextEncoder().encode(text), FILE, { layout });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return checkClassification(parsed.value);
}

describe("checkClassification: warnings", () => {
  it.each([
    {
      name: "positions with a gap (1, 2, 4)",
      text: shiftedFrom(4), // P3 … P12 become P4 … P13
      code: "POSITION_GAP",
      line: 4,
      field: "POSITION",
    },
    {
      name: "a classified car with 0 laps",
      // P10, classified, last of the classified cars (its fastest-lap lap number cleared too)
      text: withCell(11, "LAPS", "0", withCell(11, "FL_LAPNUM", "")),
      code: "CLASSIFIED_ZERO_LAPS",
      line: 11,
      field: "LAPS",
    },
    {
      name: "laps rising down the order (P5 more laps than P4)",
      text: withCell(6, "LAPS", "201"), // P4 did 200
      code: "LAPS_OUT_OF_ORDER",
      line: 6,
      field: "LAPS",
    },
    {
      name: "total times out of order (same laps, P3 faster than P2)",
      text: withCell(4, "TOTAL_TIME", "6:00'59.000"),
      code: "TIME_OUT_OF_ORDER",
      line: 4,
      field: "TOTAL_TIME",
    },
    {
      name: "a fastest-lap lap number beyond the car's laps",
      text: withCell(13, "FL_LAPNUM", "97"), // #81 retired after 96 laps
      code: "FASTEST_LAP_BEYOND_LAPS",
      line: 13,
      field: "FL_LAPNUM",
    },
    {
      name: "a column Paddock does not import named twice",
      text: GOOD.replace(" GROUP;", " DIVISION;"),
      code: "DUPLICATE_COLUMN",
      line: 1,
      field: "DIVISION",
    },
  ])("$name: $code", ({ text, code, line, field }) => {
    const checked = check(text);
    expect(checked.errors).toEqual([]);
    expect(checked.warnings).toEqual([
      { code, message: expect.any(String), file: FILE, line, field },
    ]);
  });

  it("names the gap in its message", () => {
    const [w] = check(shiftedFrom(4)).warnings;
    expect(w?.message).toBe("POSITION jumps from 2 to 4: position 3 is given to no car");
  });

  it("compares classified cars only: a retired car with more laps than a classified one is fine", () => {
    expect(check(withCell(13, "LAPS", "180")).warnings).toEqual([]);
  });

  it("every good fixture is free of errors and warnings", () => {
    const mapping = JSON.parse(readFileSync("fixtures/imports/round-3-mapping.json", "utf8"));
    for (const [file, options] of [
      ["round-1-alkamel.csv", {}],
      ["round-1-alkamel.utf16le.csv", {}],
      ["round-2-imsa.csv", {}],
      ["round-3-custom.csv", { mapping }],
      ["round-4.json", {}],
    ] as const) {
      const parsed = parseClassification(readFileSync(`fixtures/imports/${file}`), file, options);
      expect(parsed.ok, file).toBe(true);
      if (parsed.ok)
        expect(checkClassification(parsed.value), file).toEqual({ errors: [], warnings: [] });
    }
  });
});

describe("checkClassification: errors", () => {
  it("a JSON file with an empty results list is EMPTY_FILE", () => {
    const checked = check('{"format": "paddock-results/1", "results": []}', "paddock-json");
    expect(checked.errors).toMatchObject([{ code: "EMPTY_FILE", file: FILE, line: 1 }]);
    expect(checked.errors[0]?.message).toMatch(/clear its results instead/);
  });

  it("a Paddock CSV naming a column twice is DUPLICATE_COLUMN at parse", () => {
    const parsed = parseClassification(
      new TextEncoder().encode("pos,number,laps,laps\n1,8,201,201\n"),
      "r.csv",
      { layout: "paddock-csv" },
    );
    expect(parsed).toMatchObject({
      ok: false,
      error: [{ code: "DUPLICATE_COLUMN", file: "r.csv", line: 1, field: "laps" }],
    });
  });
});
