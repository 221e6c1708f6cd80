// The per-result facts of the rules language (who set a shared car's fastest lap, a stated split
// of its points, a result declared ineligible) as the JSON API gives them, checked against the
// fixtures' results files read here with csv-parse, not through Paddock's readers.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { RaceResultsJson } from "../src/api/round-results-json.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

const HISTORY = join(import.meta.dirname, "..", "fixtures", "rules-history");

async function served(name: string) {
  const dir = join(HISTORY, name, "bundle");
  const read = readSeasonBundle(dir);
  if (!read.ok) throw new Error(`${name} does not validate`);
  const store = new MemoryStore();
  await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
  const app = httpApp(new SeasonService(store, { versionTtlMs: 0 }), () => {});
  const file = readdirSync(join(dir, "results"))[0] ?? "";
  const rows = parse(readFileSync(join(dir, "results", file), "utf8"), {
    columns: true,
  }) as Record<string, string>[];
  const round = read.value.season.rounds.find((r) => r.number !== null)?.number ?? 0;
  const res = await app.request(`/api/seasons/${read.value.season.id}/rounds/${round}/results`);
  expect(res.status).toBe(200);
  const [race] = (await res.json()) as RaceResultsJson[];
  return { rows, results: race?.results ?? [] };
}

const at = (results: RaceResultsJson["results"], row: Record<string, string>) =>
  results.find(
    (r) =>
      // "unknown": a car whose number the sources do not give (docs/season-bundle.md).
      r.number === (row.number === "unknown" ? null : row.number) &&
      r.drivers.map((d) => d.name).join(";") === row.drivers,
  );

describe("per-result facts in a round's results JSON", () => {
  it("names the driver who set a shared car's fastest lap, and a stated split (1957 British GP)", async () => {
    const { rows, results } = await served("f1-1957-british-gp");
    let checked = 0;
    for (const row of rows) {
      const json = at(results, row);
      expect(json, `car ${row.number}`).toBeDefined();
      expect(json?.fastestLapDriver?.name ?? "").toBe(row.fastest_lap_driver);
      const shares = (row.driver_shares ?? "") === "" ? null : (row.driver_shares ?? "").split(";");
      expect(json?.driverShares ?? null).toEqual(shares);
      if (row.fastest_lap_driver || row.driver_shares) checked++;
    }
    expect(checked).toBe(2);
  });

  it("says which results were declared ineligible, and with what effect (1958 German GP)", async () => {
    const { rows, results } = await served("f1-1958-german-gp");
    const declared = rows.filter((r) => r.ineligible);
    expect(declared.length).toBeGreaterThan(0);
    for (const row of rows) {
      const json = at(results, row);
      expect(json, `car ${row.number}`).toBeDefined();
      expect(json?.ineligible ?? "").toBe(row.ineligible ?? "");
      // An ineligible result scores in no championship.
      if (row.ineligible)
        expect(Object.values(json?.points ?? {}).every((p) => p === "0")).toBe(true);
    }
  });
});
