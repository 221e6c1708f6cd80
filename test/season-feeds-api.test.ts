// What a developer gets from the API for the 2003 ALMS: a round's results with typed fields
// (numbers, booleans, points per championship as exact strings), and the season's calendar as
// an iCalendar feed that the season page links to.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeStandings } from "../src/core/compute-standings.js";
import { formatPoints } from "../src/core/points.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import type { RaceResultsJson } from "../src/api/round-results-json.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

let app: ReturnType<typeof httpApp>;
let bundle: SeasonBundle;

beforeAll(async () => {
  const read = readSeasonBundle(join(import.meta.dirname, "..", "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  bundle = read.value;
  const store = new MemoryStore();
  await store.putSeason({ season: bundle.season, rulesDocument: bundle.rulesDocument });
  app = httpApp(new SeasonService(store, { versionTtlMs: 0 }), () => {});
});

describe("a round's results as JSON", () => {
  const results = async (query: string) => {
    const res = await app.request(`/api/seasons/alms-2003/rounds/1/results${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as RaceResultsJson[];
  };

  it("types its fields: positions and laps are numbers, marks are booleans", async () => {
    const [race] = await results("?class=GTS");
    expect(race).toMatchObject({ round: 1, race: { id: "r1" }, resultStatus: "official" });
    expect(race?.results[0]).toMatchObject({
      position: 8,
      classPosition: 1,
      class: "GTS",
      number: "3",
      team: { id: "corvette-racing", name: "Corvette Racing" },
      laps: 332,
      fastestLap: false,
      status: "classified",
      points: { teams: "26" },
    });
    for (const row of race?.results ?? []) {
      for (const field of ["position", "classPosition", "pointsPosition", "laps"] as const)
        expect(row[field] === null || Number.isInteger(row[field]), field).toBe(true);
      expect(typeof row.pole).toBe("boolean");
    }
  });

  it("gives each row the points the standings count, per championship", async () => {
    const [race] = await results("");
    const standings = computeStandings(bundle.season, bundle.rules);
    const expected = new Map<string, Record<string, string>>();
    for (const e of standings.trail)
      if (e.kind === "awarded" && e.raceId === "r1" && e.row?.number)
        expected.set(e.row.number, {
          ...expected.get(e.row.number),
          [e.championshipId]: formatPoints(e.points),
        });
    const scored = (race?.results ?? []).filter((r) => r.number !== null && r.points.teams);
    expect(scored.length).toBeGreaterThan(5);
    for (const r of scored) expect(r.points, `#${r.number}`).toEqual(expected.get(r.number!));
  });

  it("still gives the table as CSV", async () => {
    const res = await app.request("/api/seasons/alms-2003/rounds/1/results?format=csv");
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect((await res.text()).split("\n")[0]).toContain("class pos");
  });
});

describe("the season's calendar feed", () => {
  it("has every dated round, the cancelled one as cancelled, with UIDs stable across requests", async () => {
    const get = () => app.request("/api/seasons/alms-2003/calendar.ics");
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const ics = await res.text();
    const events = ics.replace(/\r\n /g, "").split("BEGIN:VEVENT").slice(1);
    const dated = bundle.season.rounds.filter((r) => r.date !== null);
    expect(events).toHaveLength(dated.length);
    const mexico = events.find((e) => e.includes("SUMMARY:Grand Prix of Mexico"));
    expect(mexico).toContain("STATUS:CANCELLED");
    expect(mexico).toContain("DTSTART;VALUE=DATE:20030406");
    expect(events.filter((e) => e.includes("STATUS:CANCELLED"))).toHaveLength(1);
    expect(events[0]).toContain("LOCATION:Sebring International Raceway");
    const uids = (text: string) => [...text.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]);
    expect(new Set(uids(ics)).size).toBe(dated.length);
    expect(uids(await (await get()).text())).toEqual(uids(ics));
  });

  it("is cached like the other reads: an ETag, and 304 for a calendar app that has it", async () => {
    const first = await app.request("/api/seasons/alms-2003/calendar.ics");
    const etag = first.headers.get("ETag");
    expect(etag).toBeTruthy();
    const again = await app.request("/api/seasons/alms-2003/calendar.ics", {
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it("is linked from the season page", async () => {
    const html = await (await app.request("/seasons/alms-2003")).text();
    expect(html).toContain('href="/api/seasons/alms-2003/calendar.ics"');
  });

  it("answers 404 for a season that is not there", async () => {
    const res = await app.request("/api/seasons/nope/calendar.ics");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "NOT_FOUND" });
  });
});
