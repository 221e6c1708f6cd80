import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  cmp,
  divInt,
  formatPoints,
  formatPointsForPeople,
  frac,
  int,
  mul,
  parsePoints,
  sum,
  ZERO,
} from "./points.js";

describe("exact points", () => {
  it.each([
    ["seven sevenths make one", () => sum(Array.from({ length: 7 }, () => divInt(int(1), 7))), "1"],
    ["three thirds of ten make ten", () => sum([frac(10, 3), frac(10, 3), frac(10, 3)]), "10"],
    ["half of 3", () => mul(int(3), frac(1, 2)), "1.5"],
    ["a third plus a sixth", () => add(frac(1, 3), frac(1, 6)), "0.5"],
    ["0.1 + 0.2 is exactly 0.3", () => add(parsePoints("0.1")!, parsePoints("0.2")!), "0.3"],
    ["a deduction below zero", () => add(int(2), int(-5)), "-3"],
    ["a repeating fraction stays a fraction", () => frac(100, 3), "100/3"],
  ])("%s", (_name, compute, expected) => {
    expect(formatPoints(compute())).toBe(expected);
  });

  it.each([
    ["20", "20"],
    ["12.5", "12.5"],
    ["1/7", "1/7"],
    ["-3", "-3"],
    ["2/4", "0.5"],
    ["0.125", "0.125"],
  ])("reads %s as %s", (text, canonical) => {
    expect(formatPoints(parsePoints(text)!)).toBe(canonical);
  });

  it.each(["", "abc", "1/0", "1.2.3", "--1"])("rejects %j", (text) => {
    expect(parsePoints(text)).toBeUndefined();
  });

  it("shows people mixed numbers", () => {
    expect(formatPointsForPeople(frac(100, 3))).toBe("33 1/3");
    expect(formatPointsForPeople(frac(1, 7))).toBe("1/7");
    expect(formatPointsForPeople(frac(5, 2))).toBe("2.5");
  });

  it("text round-trips: parse(format(x)) = x", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100000, max: 100000 }),
        fc.integer({ min: 1, max: 5040 }),
        (n, d) => {
          const x = frac(n, d);
          expect(cmp(parsePoints(formatPoints(x))!, x)).toBe(0);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });

  it("addition is associative and commutative, unlike floating point", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 12 })), {
          maxLength: 20,
        }),
        (pairs) => {
          const xs = pairs.map(([n, d]) => frac(n, d));
          const forward = xs.reduce(add, ZERO);
          const backward = [...xs].reverse().reduce(add, ZERO);
          expect(cmp(forward, backward)).toBe(0);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
