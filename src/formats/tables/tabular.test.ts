import { describe, expect, it } from "vitest";
import { inertCsvCell, toCsv } from "./tabular.js";

describe("CSV cells a spreadsheet would run as formulas", () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["+1+2", "'+1+2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["-cmd", "'-cmd"],
    ["\tx", "'\tx"],
    ["-10", "-10"],
    ["-2.5", "-2.5"],
    ["100/3", "100/3"],
    ["Team Bentley", "Team Bentley"],
    ["", ""],
  ])("%j comes out as %j", (cell, out) => {
    expect(inertCsvCell(cell)).toBe(out);
  });

  it("is applied to rows, not to the header", () => {
    const csv = toCsv([{ title: "t", columns: ["=team"], rows: [["=evil()"]] }]);
    expect(csv).toBe("=team\n'=evil()\n");
  });
});
