import { describe, expect, it } from "vitest";
import { parseRoundList, parseStatus } from "./season-from-input.js";

describe("round lists as entry lists print them", () => {
  it.each([
    ["All", null],
    ["", null],
    ["1", [1]],
    ["1–2, 9", [1, 2, 9]],
    ["1-3; 6", [1, 2, 3, 6]],
    ["4–9", [4, 5, 6, 7, 8, 9]],
    ["1;2;2", [1, 2]],
    ["1*", [1]],
  ])("%j", (text, expected) => {
    expect(parseRoundList(text)).toEqual(expected);
  });
  it.each(["one", "3-1", "1..2"])("rejects %j", (text) => {
    expect(parseRoundList(text)).toBeUndefined();
  });
});

describe("status words from timing sheets", () => {
  it.each([
    ["", "classified"],
    ["Classified", "classified"],
    ["NC", "not_classified"],
    ["Not classified", "not_classified"],
    ["Retired", "dnf"],
    ["DNF", "dnf"],
    ["Disqualified", "dsq"],
    ["DNS", "dns"],
  ])("%j", (word, status) => {
    expect(parseStatus(word)).toBe(status);
  });
  it("rejects an unknown word", () => {
    expect(parseStatus("crashed")).toBeUndefined();
  });
});
