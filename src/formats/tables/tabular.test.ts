import { describe, expect, it } from "vitest";
import { displayWidth, inertCsvCell, toCsv, toTerminal } from "./tabular.js";

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

describe("terminal tables", () => {
  it("draws the boxed layout, header ruled off, columns as wide as their widest cell", () => {
    const out = toTerminal([
      {
        title: "T",
        columns: ["pos", "team"],
        rows: [
          ["1", "Alex Job Racing"],
          ["10", "ZIP"],
        ],
        notes: ["n"],
      },
    ]);
    expect(out).toBe(
      [
        "T",
        "┌─────┬─────────────────┐",
        "│ pos │ team            │",
        "├─────┼─────────────────┤",
        "│ 1   │ Alex Job Racing │",
        "│ 10  │ ZIP             │",
        "└─────┴─────────────────┘",
        "n",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["Sebring", 7],
    ["Lühr", 4],
    ["Lu\u0308hr", 4],
    ["Didier de Radiguès", 18],
    ["", 0],
  ])("%s takes %i columns", (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it("shows control characters as spaces: a name cannot move the cursor or break a row", () => {
    const out = toTerminal([{ title: "T", columns: ["team"], rows: [["A\u001b[2J\nB"]] }]);
    expect(out).not.toContain("\u001b");
    expect(out.split("\n")[4]).toBe("│ A [2J B │");
  });
});
