// paddock-results/1 carries a result's own facts (issue 10) under the results columns' names:
// the entry of a car swap, who set the fastest lap, a stated split (a list, or ";" text) and a
// result declared ineligible, read into the same cells as a bundle's results CSV.
import { describe, expect, it } from "vitest";
import { readPaddockResultsJson } from "./paddock-results-json.js";

describe("paddock-results/1: per-result facts", () => {
  it("reads them into the results columns", () => {
    const read = readPaddockResultsJson(
      JSON.stringify({
        format: "paddock-results/1",
        results: [
          {
            pos: 1,
            number: "20",
            drivers: ["Tony Brooks", "Stirling Moss"],
            fastest_lap: true,
            fastest_lap_driver: "Stirling Moss",
            driver_shares: ["1/2", 0.5],
          },
          { pos: 2, number: "8", entry: "vanwall-8-spare", ineligible: "unawarded" },
          { pos: 3, number: "16", drivers: "A;B", driver_shares: "1;0" },
        ],
      }),
      "r5.json",
    );
    if (!read.ok) return expect.fail(JSON.stringify(read.error));
    const [a, b, c] = read.value.rows.map((r) => r.cells);
    expect(a).toMatchObject({ fastest_lap_driver: "Stirling Moss", driver_shares: "1/2;0.5" });
    expect(b).toMatchObject({ entry: "vanwall-8-spare", ineligible: "unawarded" });
    expect(c).toMatchObject({ driver_shares: "1;0" });
    expect(read.value.header).toEqual(
      expect.arrayContaining(["entry", "fastest_lap_driver", "driver_shares", "ineligible"]),
    );
  });

  it("says where a share list is not one", () => {
    const read = readPaddockResultsJson(
      '{\n  "format": "paddock-results/1",\n  "results": [\n    { "number": "1", "driver_shares": {"a": 1} }\n  ]\n}',
      "r1.json",
    );
    expect(read.ok ? [] : read.error.map((p) => [p.code, p.line, p.field])).toEqual([
      ["INVALID_FIELD", 4, "driver_shares"],
    ]);
  });
});
