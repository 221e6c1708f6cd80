// The HTTP application in process (app.request): API answers equal the engine's, caching headers,
// the error shape, and the pages people read.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeStandings } from "../src/core/compute-standings.js";
import { formatPoints } from "../src/core/points.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

const root = join(import.meta.dirname, "..");
let app: ReturnType<typeof httpApp>;
let bundle: SeasonBundle;
let store: MemoryStore;

beforeAll(async () => {
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  bundle = read.value;
  store = new MemoryStore();
  await store.putSeason({ season: bundle.season, rulesDocument: bundle.rulesDocument });
  // A season whose names are markup, to see that pages show them as text.
  const hostile = structuredClone(bundle.season);
  const teams = hostile.teams.map((t) =>
    t.id === "alex-job-racing" ? { ...t, name: `<script>alert("x")</script> & Co` } : t,
  );
  await store.putSeason({
    season: { ...hostile, id: "hostile", name: "Hostile <b>season</b>", teams },
    rulesDocument: bundle.rulesDocument,
  });
  app = httpApp(new SeasonService(store, { versionTtlMs: 0 }), () => {});
});

describe("JSON API", () => {
  it.each(["LMP900", "LMP675", "GTS", "GT"])(
    "standings of %s equal the engine's",
    async (klass) => {
      const res = await app.request(`/api/seasons/alms-2003/standings?class=${klass}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        tables: {
          class: string;
          rows: {
            position: number;
            competitor: { name: string };
            total: string;
            rounds: { points: string }[];
          }[];
        }[];
      };
      const engine = computeStandings(bundle.season, bundle.rules).tables.find(
        (t) => t.classId === klass,
      )!;
      expect(body.tables).toHaveLength(1);
      expect(
        body.tables[0]!.rows.map((r) => [
          r.position,
          r.competitor.name,
          r.total,
          r.rounds.map((x) => x.points),
        ]),
      ).toEqual(
        engine.rows.map((r) => [
          r.position,
          r.competitor.name,
          formatPoints(r.total),
          r.cells.map((c) => formatPoints(c.points)),
        ]),
      );
    },
  );

  it("reads carry an ETag and Cache-Control, and a matching If-None-Match gets 304", async () => {
    const first = await app.request("/api/seasons/alms-2003/standings?class=GT");
    const tag = first.headers.get("ETag");
    expect(tag).toBeTruthy();
    expect(first.headers.get("Cache-Control")).toContain("max-age");
    const again = await app.request("/api/seasons/alms-2003/standings?class=GT", {
      headers: { "If-None-Match": tag! },
    });
    expect(again.status).toBe(304);
  });

  it("a changed season is served anew: cached answers last only as long as its version", async () => {
    const before = await app.request("/api/seasons/hostile/standings?class=GT&format=csv");
    const tag = before.headers.get("ETag");
    const loaded = (await store.getSeason("hostile"))!;
    const renamed = loaded.season.teams.map((t) =>
      t.id === "risi-competizione" ? { ...t, name: "Risi Renamed" } : t,
    );
    await store.putSeason({
      season: { ...loaded.season, teams: renamed },
      rulesDocument: loaded.rulesDocument,
    });
    const after = await app.request("/api/seasons/hostile/standings?class=GT&format=csv", {
      headers: { "If-None-Match": tag! },
    });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Risi Renamed");
    expect(after.headers.get("ETag")).not.toBe(tag);
  });

  it("tables come as CSV too", async () => {
    const res = await app.request("/api/seasons/alms-2003/standings?class=GT&format=csv");
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect(await res.text()).toContain("GT,1,Alex Job Racing,26,20,20,20,20,10,20,20,26,182");
  });

  it.each([
    ["/api/seasons/nope", 404, "NOT_FOUND"],
    ["/api/seasons/alms-2003/standings?class=LMP1", 404, "UNKNOWN_CLASS"],
    ["/api/seasons/alms-2003/rounds/12/results", 404, "UNKNOWN_ROUND"],
    ["/api/seasons/alms-2003/standings?afterRound=abc", 400, "INVALID_REQUEST"],
    ["/api/nothing-here", 404, "NOT_FOUND"],
  ])("%s -> %i %s", async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: code, message: expect.any(String) });
  });

  it("the season summary marks the overall winner", async () => {
    const res = await app.request("/api/seasons/alms-2003/summary");
    const body = (await res.json()) as {
      round: number;
      winners: Record<string, { team: string; overallWinner: boolean } | null>;
    }[];
    const r3 = body.find((x) => x.round === 3)!;
    expect(r3.winners["LMP675"]).toMatchObject({ team: "Dyson Racing Team", overallWinner: true });
  });

  it("the OpenAPI 3.1 document lists the routes", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/seasons/{season}/standings");
  });

  it("health", async () => {
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
  });
});

describe("web pages", () => {
  it.each([
    "/",
    "/seasons/alms-2003",
    "/seasons/alms-2003/entries",
    "/seasons/alms-2003/standings?class=GT",
    "/seasons/alms-2003/rounds/7",
    "/seasons/alms-2003/teams/alex-job-racing",
    "/seasons/alms-2003/explain?round=1&team=team-bentley",
    "/api/docs",
  ])("%s renders", async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<html lang="en">');
  });

  it("the GT standings page shows Alex Job Racing's 182", async () => {
    const html = await (await app.request("/seasons/alms-2003/standings?class=GT")).text();
    expect(html).toMatch(/Alex Job Racing<\/a><\/th>.*?<td class="total">182<\/td>/s);
    const chart = /<img src="([^"]+chart\.svg[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(chart).toBeDefined();
    const svg = await app.request(chart!);
    expect(svg.headers.get("Content-Type")).toContain("image/svg+xml");
    expect(await svg.text()).toContain("Alex Job Racing");
  });

  it("the calendar shows the cancelled Grand Prix of Mexico", async () => {
    const html = await (await app.request("/seasons/alms-2003")).text();
    expect(html).toMatch(/class="cancelled".*Grand Prix of Mexico.*Cancelled/s);
  });

  it("names from the data are shown as text, never as markup", async () => {
    for (const path of [
      "/seasons/hostile",
      "/seasons/hostile/standings?class=GT",
      "/seasons/hostile/teams/alex-job-racing",
      "/",
    ]) {
      const html = await (await app.request(path)).text();
      expect(html, path).not.toContain('<script>alert("x")</script>');
      expect(html, path).not.toContain("<b>season</b>");
    }
    const standings = await (await app.request("/seasons/hostile/standings?class=GT")).text();
    expect(standings).toContain("&lt;script&gt;");
  });
});
