// The round page as results sites print a classification: gaps to the leader in laps for cars laps
// down, the pole marked, Ret/DNS/DSQ in the position cell of a car without one, and the points each
// car scored per championship. Expected values come from the fixture's own files: the laps and pole
// flags of results/*.csv, and the teams' totals worked out by hand in expected-standings.csv (the
// points the pages show per car, summed over the season, less the deduction in decisions.csv).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

const root = join(import.meta.dirname, "..");
const SPRINT = join(root, "fixtures", "seasons", "sprint-cup-2024");
const csv = (path: string) =>
  parse(readFileSync(path, "utf8"), { columns: true }) as Record<string, string>[];
const results = new Map(
  readdirSync(join(SPRINT, "results")).map((f) => [
    f.replace(/\.csv$/, ""),
    csv(join(SPRINT, "results", f)),
  ]),
);
let app: ReturnType<typeof httpApp>;

beforeAll(async () => {
  const store = new MemoryStore();
  const read = readSeasonBundle(SPRINT);
  if (!read.ok) throw new Error("sprint-cup-2024 does not validate");
  await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
  app = httpApp(new SeasonService(store, { versionTtlMs: 0 }), () => {});
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();

/** The page's tables with the given caption: header texts and each row's cell texts. */
function tables(html: string, caption: string): { head: string[]; rows: string[][] }[] {
  return [...html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)]
    .map((m) => m[1] ?? "")
    .filter((t) => text(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(t)?.[1] ?? "") === caption)
    .map((t) => ({
      head: [
        ...(/<thead>([\s\S]*?)<\/thead>/.exec(t)?.[1] ?? "").matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g),
      ].map((c) => text(c[1] ?? "")),
      rows: [
        ...(/<tbody>([\s\S]*?)<\/tbody>/.exec(t)?.[1] ?? "").matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g),
      ].map((r) =>
        [...(r[1] ?? "").matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1] ?? "")),
      ),
    }));
}

const season = JSON.parse(readFileSync(join(SPRINT, "season.json"), "utf8")) as {
  rounds: { number: number; races?: { id: string }[] }[];
};
/** The overall classification of a race: its round page lists its races' tables in order. */
async function overallOf(raceId: string): Promise<{ head: string[]; rows: string[][] }> {
  const round = season.rounds.find((r) => (r.races ?? []).some((x) => x.id === raceId));
  if (!round) throw new Error(`${raceId} is in no round`);
  const html = await (await app.request(`/seasons/sprint-cup-2024/rounds/${round.number}`)).text();
  const index = (round.races ?? []).findIndex((x) => x.id === raceId);
  const table = tables(html, "Overall classification")[index];
  if (!table) throw new Error(`no overall table for ${raceId}`);
  return table;
}

/** A row's car number cell: the number, then "P" for the pole car. */
const carOf = (row: readonly string[]) => row[3]?.split(" ")[0];

describe("the round page", () => {
  it("gives each car laps down its gap to the leader in laps, the leader none", async () => {
    for (const [raceId, rows] of results) {
      const table = await overallOf(raceId);
      const gap = table.head.indexOf("Gap");
      const leaderLaps = Number(rows.find((r) => r.pos === "1")?.laps);
      for (const r of rows.filter((x) => x.status === "classified")) {
        const behind = leaderLaps - Number(r.laps);
        const shown = table.rows.find((x) => carOf(x) === r.number)?.[gap];
        expect([raceId, r.number, shown]).toEqual([
          raceId,
          r.number,
          behind > 0 ? `+${behind} ${behind === 1 ? "lap" : "laps"}` : "",
        ]);
      }
    }
  });

  it("marks the pole car, and says Ret, DNS or DSQ where a car has no position", async () => {
    const statusText: Record<string, string> = {
      dnf: "Ret",
      dns: "DNS",
      dsq: "DSQ",
      not_classified: "NC",
    };
    for (const [raceId, rows] of results) {
      const table = await overallOf(raceId);
      for (const r of rows) {
        const row = table.rows.find((x) => carOf(x) === r.number) ?? [];
        expect([raceId, r.number, row[3]]).toEqual([
          raceId,
          r.number,
          r.pole === "yes" ? `${r.number} P` : r.number,
        ]);
        if (r.status !== "classified")
          expect([raceId, r.number, row[0]]).toEqual([
            raceId,
            r.number,
            statusText[r.status ?? ""],
          ]);
      }
    }
  });

  it("shows the teams' points each car scored: summed over the season, the published totals", async () => {
    const expected = csv(join(SPRINT, "expected-standings.csv")).filter(
      (r) => r.championship === "teams",
    );
    const deducted = new Map(
      csv(join(SPRINT, "decisions.csv"))
        .filter((d) => d.kind === "deduct_points" && d.championship === "teams")
        .map((d) => [d.team ?? "", Number(d.points)]),
    );
    const sums = new Map<string, number>();
    for (const round of season.rounds.map((r) => r.number)) {
      const html = await (await app.request(`/seasons/sprint-cup-2024/rounds/${round}`)).text();
      for (const t of tables(html, "Overall classification")) {
        const points = t.head.indexOf("Teams' Championship pts");
        const team = t.head.indexOf("Team");
        expect(points).toBeGreaterThan(0);
        for (const row of t.rows) {
          const name = row[team] ?? "";
          sums.set(name, (sums.get(name) ?? 0) + Number(row[points] || 0));
        }
      }
    }
    expect(
      expected.map((r) => [
        r.competitor,
        (sums.get(r.competitor ?? "") ?? 0) - (deducted.get(r.competitor ?? "") ?? 0),
      ]),
    ).toEqual(expected.map((r) => [r.competitor, Number(r.total)]));
  });
});
