// Each car's best lap where people and programs read results: the round page, the API's round
// results (JSON and CSV) and the results export. Expected values come from the fixture file
// (fixtures/seasons/sprint-cup-2024/results/r1.csv), read here with csv-parse.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { RaceResultsJson } from "../src/api/round-results-json.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

const root = join(import.meta.dirname, "..");
const SPRINT = join(root, "fixtures", "seasons", "sprint-cup-2024");
const r1 = parse(readFileSync(join(SPRINT, "results", "r1.csv"), "utf8"), {
  columns: true,
}) as Record<string, string>[];
let app: ReturnType<typeof httpApp>;

beforeAll(async () => {
  const store = new MemoryStore();
  for (const dir of [SPRINT, join(root, "data", "alms-2003")]) {
    const read = readSeasonBundle(dir);
    if (!read.ok) throw new Error(`${dir} does not validate`);
    await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
  }
  app = httpApp(new SeasonService(store, { versionTtlMs: 0 }), () => {});
});

describe("best laps", () => {
  it("the round page shows each car's best lap with its lap, and marks the fastest lap", async () => {
    const res = await app.request("/seasons/sprint-cup-2024/rounds/1");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Best lap</th>");
    for (const c of r1.filter((x) => x.best_lap !== "")) {
      expect(html).toContain(`${c.best_lap}<span class="note"> lap ${c.best_lap_number}</span>`);
    }
    // One mark per credited car in the overall table and again in its class table.
    const credited = r1.filter((x) => x.fastest_lap === "yes").length;
    expect(html.split('class="badge fastest"').length - 1).toBe(2 * credited);
  });

  it("a round whose results give no best laps and credit no fastest lap has no column", async () => {
    const html = await (await app.request("/seasons/alms-2003/rounds/1")).text();
    expect(html).not.toContain("Best lap");
  });

  it("the API's round results give each car's best lap and the fastest-lap mark", async () => {
    const res = await app.request("/api/seasons/sprint-cup-2024/rounds/1/results");
    expect(res.status).toBe(200);
    const [race] = (await res.json()) as RaceResultsJson[];
    expect(race?.results.map((r) => [r.number, r.bestLap, r.fastestLap]).sort(byCar)).toEqual(
      r1.map((c) => [c.number, c.best_lap || null, c.fastest_lap === "yes"]).sort(byCar),
    );
  });

  it.each([
    "/api/seasons/sprint-cup-2024/rounds/1/results?format=csv",
    "/seasons/sprint-cup-2024/export/rounds/1/results.csv",
  ])("%s: a best lap column", async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.number, r["best lap"]]).sort(byCar)).toEqual(
      r1.map((c) => [c.number, c.best_lap]).sort(byCar),
    );
  });
});

function byCar(a: readonly unknown[], b: readonly unknown[]): number {
  return Number(a[0]) - Number(b[0]);
}
