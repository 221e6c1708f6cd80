// The lap-analysis import on a real WEC export (fixtures/timing): the classification it makes is
// checked against the file read here with csv-parse, car by car: laps, elapsed time at the last
// lap, running order, drivers, best lap.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { classificationFromLaps, isLapAnalysis } from "./lap-analysis.js";
import { parseClassification } from "./parse-classification.js";
import { readDelimited } from "./read-delimited.js";

const FILE = "wec-2025-cota-6h-analysis.csv";
const text = readFileSync(
  join(import.meta.dirname, "..", "..", "fixtures", "timing", FILE),
  "utf8",
).replace(/^\uFEFF/, "");
const laps = parse(text, {
  columns: (h: string[]) => h.map((x) => x.trim()),
  delimiter: ";",
  skip_empty_lines: true,
}) as Record<string, string>[];
/** "3:38.404" or "1:02:03.004" in milliseconds, read here without Paddock's parser. */
const ms = (t: string) =>
  Math.round(t.split(":").reduce((acc, part) => acc * 60 + Number(part), 0) * 1000);

function read() {
  const records = readDelimited(text, FILE, ";");
  if (!records.ok) throw new Error(records.error.message);
  const [head, ...rest] = [...records.value];
  return {
    header: head?.fields ?? [],
    result: classificationFromLaps(head?.fields ?? [], rest, FILE),
  };
}

describe("Al Kamel lap analysis to a classification", () => {
  it("recognises the lap analysis by its columns", () => {
    expect(isLapAnalysis(read().header)).toBe(true);
    expect(isLapAnalysis(["POSITION", "NUMBER", "LAPS", "TOTAL_TIME"])).toBe(false);
  });

  it("gives each car its laps, time, drivers and best lap, in running order", () => {
    const { result } = read();
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const byCar = new Map<string, Record<string, string>[]>();
    for (const l of laps) byCar.set(l.NUMBER ?? "", [...(byCar.get(l.NUMBER ?? "") ?? []), l]);
    const expected = [...byCar.entries()]
      .map(([number, rows]) => {
        const last = rows.reduce((a, b) => (Number(b.LAP_NUMBER) > Number(a.LAP_NUMBER) ? b : a));
        const times = rows.map((r) => ms(r.LAP_TIME ?? "")).filter((t) => t > 0);
        const best = Math.min(...times);
        // The lap it came on: the first of the car's laps (in file order) with that time.
        const bestRow = rows.find((r) => ms(r.LAP_TIME ?? "") === best);
        return {
          number,
          laps: Number(last.LAP_NUMBER),
          elapsed: ms(last.ELAPSED ?? ""),
          drivers: [...new Set(rows.map((r) => r.DRIVER_NAME ?? ""))].join(";"),
          best,
          bestLap: bestRow?.LAP_NUMBER ?? "",
          bestText: bestRow?.LAP_TIME?.trim() ?? "",
        };
      })
      .sort((a, b) => b.laps - a.laps || a.elapsed - b.elapsed);
    expect(result.value.laps).toBe(laps.length);
    expect(result.value.rows.map((r) => [r.cells.pos, r.cells.number, r.cells.laps])).toEqual(
      expected.map((e, i) => [String(i + 1), e.number, String(e.laps)]),
    );
    expect(result.value.rows.map((r) => r.cells.drivers)).toEqual(expected.map((e) => e.drivers));
    // Times written back in race-time form read as the same milliseconds.
    expect(result.value.rows.map((r) => ms(r.cells.time ?? ""))).toEqual(
      expected.map((e) => e.elapsed),
    );
    // Each car's best lap, as its milliseconds, and the lap number it came on; no longer a note.
    expect(
      result.value.rows.map((r) => [
        r.cells.number,
        ms(r.cells.best_lap ?? ""),
        r.cells.best_lap_number,
      ]),
    ).toEqual(expected.map((e) => [e.number, e.best, e.bestLap]));
    // The file writes laps as m:ss.sss, Paddock's own form: the same text.
    expect(result.value.rows.map((r) => r.cells.best_lap)).toEqual(expected.map((e) => e.bestText));
    expect(result.value.rows.every((r) => (r.cells.note ?? "") === "")).toBe(true);
    const fastest = expected.reduce((a, b) => (b.best < a.best ? b : a));
    expect(
      result.value.rows.filter((r) => r.cells.fastest_lap === "1").map((r) => r.cells.number),
    ).toEqual([fastest.number]);
    expect(result.value.notes.join(" ")).toContain("lap-by-lap analysis");
  });

  it.each([
    { field: "LAP_NUMBER", index: 2, value: "x" },
    { field: "LAP_TIME", index: 3, value: "3:3x.404" },
    { field: "ELAPSED", index: 13, value: "soon" },
  ])(
    "names the line and column of a lap it cannot read: $field $value",
    ({ field, index, value }) => {
      const broken = text.split("\n");
      const cells = (broken[5] ?? "").split(";");
      cells[index] = value;
      broken[5] = cells.join(";");
      const records = readDelimited(broken.join("\n"), FILE, ";");
      if (!records.ok) throw new Error("unreadable");
      const [head, ...rest] = [...records.value];
      const result = classificationFromLaps(head?.fields ?? [], rest, FILE);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.error.map((p) => [p.code, p.file, p.line, p.field])).toEqual([
          ["INVALID_FIELD", FILE, 6, field],
        ]);
    },
  );

  it("is recognised by the results import, which says what it made of the file", () => {
    const bytes = readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "timing", FILE));
    const parsed = parseClassification(new Uint8Array(bytes), FILE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.layout).toBe("alkamel-analysis");
    expect(parsed.value.encoding).toBe("utf-8-bom");
    expect(parsed.value.rows.length).toBe(new Set(laps.map((l) => l.NUMBER)).size);
    expect(parsed.value.notes.join(" ")).toMatch(/lap-by-lap analysis: \d+ laps of \d+ cars/);
  });
});
