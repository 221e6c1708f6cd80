import { describe, expect, it } from "vitest";
import {
  guessDelimiter,
  readDelimited,
  readQuoted,
  scanQuotes,
  splitPlain,
} from "./read-delimited.js";
import type { Delimiter } from "./read-delimited.js";

describe("the delimiter of a file", () => {
  it.each<[string, Delimiter]>([
    ["POSITION;NUMBER;TEAM\n1;2;3", ";"],
    ['"Pos","Car","Team name"\r\n1,2,3', ","],
    ["Rank\tCar\tEntrant", "\t"],
    ['\n\n"a;b";c,d,e\n', ","],
    ["a;b,c", ";"],
    ["single", ","],
    ["", ","],
  ])("%j", (text, delimiter) => {
    expect(guessDelimiter(text)).toBe(delimiter);
  });
});

const lines = (text: string, delimiter: Delimiter = ";") => {
  const read = readDelimited(text, "r.csv", delimiter);
  if (!read.ok) throw new Error(read.error.message);
  return [...read.value].map((r) => [r.line, r.fields]);
};

describe("records and the lines they start on", () => {
  it.each<[string, string, (string | number | string[])[][]]>([
    [
      "LF",
      "a;b\nc;d\n",
      [
        [1, ["a", "b"]],
        [2, ["c", "d"]],
      ],
    ],
    [
      "CRLF, blank lines skipped",
      "a;b\r\n\r\n\r\nc;d",
      [
        [1, ["a", "b"]],
        [4, ["c", "d"]],
      ],
    ],
    [
      "CR alone",
      "a\r\rb\r",
      [
        [1, ["a"]],
        [3, ["b"]],
      ],
    ],
    [
      "a line of spaces is a record",
      "a\n \nb",
      [
        [1, ["a"]],
        [2, [" "]],
        [3, ["b"]],
      ],
    ],
    [
      "quoted line breaks in a CRLF file",
      'a;"x\r\ny"\r\n\r\nb;"""q"""\r\nc',
      [
        [1, ["a", "x\r\ny"]],
        [4, ["b", '"q"']],
        [5, ["c"]],
      ],
    ],
    [
      "a quote inside a cell is a character",
      'a;Team "X"\nb',
      [
        [1, ["a", 'Team "X"']],
        [2, ["b"]],
      ],
    ],
    [
      "a line break quoted before the first separator",
      '"\n"\r;',
      [
        [1, ["\n"]],
        [2, ["", ""]],
      ],
    ],
  ])("%s", (_, text, expected) => {
    expect(lines(text)).toEqual(expected);
  });

  it("the fast path and csv-parse agree on quote-free text", () => {
    const text = "a;b\r\n\r\nc\n;d\r\n";
    const slow = readQuoted(text, "r.csv", ";");
    expect(slow.ok && [...slow.value]).toEqual([...splitPlain(text, ";")]);
  });

  it("an unclosed quote is MALFORMED_CSV on the line it opens", () => {
    const read = readDelimited('a;b\nc;"d\ne;f\n', "r.csv", ";");
    expect(read).toMatchObject({
      ok: false,
      error: { code: "MALFORMED_CSV", file: "r.csv", line: 2 },
    });
  });
});

describe("quotes as csv-parse sees them", () => {
  it.each<[string, ReturnType<typeof scanQuotes>]>([
    ["a;b\r\nc", { separator: "\r\n" }],
    ['"x\ny"\rz', { separator: "\r" }],
    ['a;"open\nb', { unclosedAt: 1 }],
    ['a\nb;c"d\ne;"f', { separator: "\n", unclosedAt: 3 }],
    ["", {}],
  ])("%j", (text, scan) => {
    expect(scanQuotes(text, ";")).toEqual(scan);
  });
});
