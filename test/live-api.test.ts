// The live timing feed through the JSON API (in process): writes need a steward's token (401
// without); a post in either format answers the update that GET then returns, never from the
// response cache; bad feeds are 400 naming the line or field; an official race is 409; the
// routes are in the OpenAPI document.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { LiveUpdate } from "../src/core/live/live-types.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { LiveRaces } from "../src/service/live-races.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { stewardToken } from "./support/steward-token.js";

const ROOT = join(import.meta.dirname, "..");
const LIVE = "/api/seasons/wec-2025/rounds/6/live";
const timing = readFileSync(
  join(ROOT, "fixtures", "timing", "wec-2025-cota-6h-analysis.csv"),
  "utf8",
).split(/\r?\n/);

let app: ReturnType<typeof httpApp>;
let token = "";
/** A fresh app (its own live races) on the same store and accounts. */
let freshApp: () => ReturnType<typeof httpApp>;

beforeAll(async () => {
  const store = new MemoryStore();
  for (const dir of ["fixtures/live/wec-2025-cota", "fixtures/bundles/valid-minimal"]) {
    const read = readSeasonBundle(join(ROOT, dir));
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    await store.putSeason(
      { season: read.value.season, rulesDocument: read.value.rulesDocument },
      { actor: "test", action: "load-bundle", reason: "", summary: "" },
    );
  }
  const accounts = new MemoryAccountStore();
  token = await stewardToken(accounts, "timing", "timing feed");
  const service = new SeasonService(store, { versionTtlMs: 0 });
  freshApp = () =>
    httpApp(service, () => {}, { requestLog: false, accounts, live: new LiveRaces(service) });
  app = freshApp();
});

const post = (path: string, body: string, type: string, auth = true) =>
  app.request(path, {
    method: "POST",
    body,
    headers: {
      "Content-Type": type,
      Origin: "http://localhost",
      ...(auth ? { Authorization: `Bearer ${token}` } : {}),
    },
  });

describe("the live feed API", () => {
  it("refuses writes without a token (401), and has nothing to show before a post (404)", async () => {
    expect((await post(LIVE, timing.slice(0, 3).join("\n"), "text/csv", false)).status).toBe(401);
    const del = await app.request(LIVE, {
      method: "DELETE",
      headers: { Origin: "http://localhost" },
    });
    expect(del.status).toBe(401);
    expect((await app.request(LIVE)).status).toBe(404);
  });

  it("takes Al Kamel lines, the header first and lines alone after it; GET gives the update", async () => {
    const first = await post(LIVE, timing.slice(0, 40).join("\n"), "text/csv");
    expect(first.status).toBe(200);
    const a = (await first.json()) as { applied: { added: number }; update: LiveUpdate };
    expect(a.applied.added).toBe(39);
    expect(a.update).toMatchObject({ seq: 1, provisional: true, raceId: "r6" });
    const second = await post(LIVE, timing.slice(40, 80).join("\n"), "text/csv");
    expect(second.status).toBe(200);
    const got = await app.request(LIVE);
    expect(got.status).toBe(200);
    expect(got.headers.get("Cache-Control")).toBe("no-store");
    const update = (await got.json()) as LiveUpdate;
    expect(update.seq).toBe(2);
    expect(update).toEqual(((await second.json()) as { update: LiveUpdate }).update);
  });

  it("reads a chunk without a header sent at once after the race's first post (its header) in turn: both 200", async () => {
    const mine = freshApp();
    const send = (lines: string[]) =>
      mine.request(LIVE, {
        method: "POST",
        body: lines.join("\n"),
        headers: { "Content-Type": "text/csv", Authorization: `Bearer ${token}` },
      });
    // Not awaited in between: the second is read while the first is still being applied.
    const [first, second] = await Promise.all([
      send(timing.slice(0, 40)),
      send(timing.slice(40, 80)),
    ]);
    expect([first.status, second.status], await second.clone().text()).toEqual([200, 200]);
    const b = (await second.json()) as { applied: { added: number }; update: LiveUpdate };
    expect(b.applied.added).toBe(40);
    expect(b.update.seq).toBe(2);
  });

  it("takes paddock-live/1 JSON, and GET is never answered from the cache", async () => {
    const body = {
      format: "paddock-live/1",
      laps: [
        { number: "7", lap: 1, lapTime: "3:38.404", elapsed: "3:38.404", class: "HYPERCAR" },
        { number: "7", lap: 2, lapTime: "1:52.331", elapsed: "5:30.735", pit: null },
      ],
    };
    const before = (await (await app.request(LIVE)).json()) as LiveUpdate;
    const res = await post(LIVE, JSON.stringify(body), "application/json");
    expect(res.status).toBe(200);
    const after = (await (await app.request(LIVE)).json()) as LiveUpdate;
    expect(after.seq).toBe(before.seq + 1);
    expect(after.cars.find((c) => c.number === "7")?.bestLapMs).toBe(112_331);
  });

  it("leaves the official standings and results alone: nothing live is stored", async () => {
    expect(
      ((await (await app.request(LIVE)).json()) as LiveUpdate).standings.length,
    ).toBeGreaterThan(0);
    const standings = await (await app.request("/api/seasons/wec-2025/standings")).text();
    expect(standings).not.toMatch(/"total":\s*"[1-9]/);
    const results = await app.request("/api/seasons/wec-2025/rounds/6/results");
    expect(JSON.stringify(await results.json())).not.toContain("toyota-gazoo-racing-7");
  });

  it.each([
    [
      "JSON with a bad elapsed time",
      JSON.stringify({
        format: "paddock-live/1",
        laps: [1, 2, 3, 4].map((lap) => ({
          number: "7",
          lap,
          elapsed: lap === 4 ? "soon" : `${lap}:00.000`,
        })),
      }),
      "application/json",
      "laps[3].elapsed",
    ],
    ["JSON of another format", '{"format":"other","laps":[]}', "application/json", "format"],
    ["text that is not JSON", "{", "application/json", "MALFORMED_JSON"],
    [
      "a CSV line with a bad lap time",
      `${timing[0]}\n${(timing[1] ?? "").replace("3:38.404", "3:3x")}`,
      "text/csv",
      "feed:2 [LAP_TIME]",
    ],
    ["a body of another type", "laps", "application/xml", "Content-Type"],
  ])("refuses %s: 400 naming it", async (_, body, type, named) => {
    const res = await post(LIVE, body, type);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(named);
  });

  it("takes a tick of many laps in one post (over a form's 16 KB), and refuses one over 1 MB (413)", async () => {
    const tick = [timing[0], ...timing.slice(80, 480)].join("\n");
    expect(tick.length).toBeGreaterThan(16 * 1024);
    expect((await post(LIVE, tick, "text/csv")).status).toBe(200);
    const huge = [timing[0], ...Array<string>(12).fill(timing.slice(1).join("\n"))].join("\n");
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    const res = await post(LIVE, huge, "text/csv");
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain("smaller batches");
  });

  it("refuses live data for a race whose results are official: 409 RACE_OFFICIAL", async () => {
    const res = await post(
      "/api/seasons/mini-2024/rounds/1/live",
      timing.slice(0, 3).join("\n"),
      "text/csv",
    );
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toBe("RACE_OFFICIAL");
  });

  it("ends a race's live timing", async () => {
    const res = await app.request(LIVE, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(204);
    expect((await app.request(LIVE)).status).toBe(404);
  });

  it("serves no route under /api that the OpenAPI document leaves out", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map(
          (m) => `${m.toUpperCase()} /api${path.replace(/\{([^}]+)\}/g, ":$1")}`,
        ),
      ),
    );
    const served = app.routes
      .filter((r) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(r.method))
      .filter((r) => r.path.startsWith("/api/"))
      .map((r) => `${r.method} ${r.path}`);
    expect(served.filter((r) => r.endsWith("/live") && !documented.has(r))).toEqual([]);
    expect(served).toContain("POST /api/seasons/:season/rounds/:round/live");
  });

  it("documents the three operations, the writes with their security", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const item = doc.paths["/seasons/{season}/rounds/{round}/live"] ?? {};
    expect(Object.keys(item).sort()).toEqual(["delete", "get", "post"]);
    expect(item.post?.security).toBeDefined();
    expect(item.delete?.security).toBeDefined();
    expect(item.get?.security).toBeUndefined();
  });
});
