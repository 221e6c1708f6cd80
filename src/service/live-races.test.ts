// Live races over the fixture WEC 2025 season (fixtures/live/wec-2025-cota): updates numbered
// per race and published in order, the latest kept, races ended, unknown seasons and rounds, and
// official results refusing live data (the official import replaces it).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LiveLap, LiveUpdate } from "../core/live/live-types.js";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import { LiveRaces, RaceOfficialError } from "./live-races.js";
import { NotFoundError } from "./service-errors.js";

const ROOT = join(import.meta.dirname, "..", "..");

function bundle(path: string): SeasonBundle {
  const read = readSeasonBundle(join(ROOT, path));
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.value;
}

/** A season source holding bundles, each at a version the test may bump. */
function source(...bundles: SeasonBundle[]) {
  const held = new Map(bundles.map((b) => [b.season.id, { b, version: "1" }]));
  return {
    held,
    async season(id: string) {
      const h = held.get(id);
      return h && { season: h.b.season, rules: h.b.rules, summary: { version: h.version } };
    },
  };
}

const lap = (number: string, n: number, elapsedMs: number, classId: string): LiveLap => ({
  number,
  lap: n,
  lapTimeMs: null,
  elapsedMs,
  driver: null,
  classId,
  team: null,
  pitMs: null,
});

describe("live races", () => {
  const wec = bundle("fixtures/live/wec-2025-cota");

  it("numbers updates per race, publishes each in order and keeps the latest", async () => {
    const published: LiveUpdate[] = [];
    const live = new LiveRaces(source(wec), { publish: (u) => void published.push(u) });
    const posts = await Promise.all([
      live.post("wec-2025", 6, [lap("7", 1, 120_000, "HYPERCAR"), lap("92", 1, 130_000, "LMGT3")]),
      live.post("wec-2025", 6, [{ ...lap("8", 1, 119_000, "HYPERCAR"), driver: "Ryo Hirakawa" }]),
    ]);
    expect(posts.map((p) => p.update.seq)).toEqual([1, 2]);
    expect(published.map((u) => u.seq)).toEqual([1, 2]);
    const latest = live.latest("wec-2025", 6);
    expect(latest).toBe(published[1]);
    expect(latest).toMatchObject({
      seasonId: "wec-2025",
      round: 6,
      raceId: "r6",
      provisional: true,
    });
    expect(latest?.cars.map((c) => [c.number, c.entryId])).toEqual([
      ["8", "toyota-gazoo-racing-8"],
      ["7", "toyota-gazoo-racing-7"],
      ["92", "manthey-1st-phorm-92"],
    ]);
    expect(latest?.racePoints["toyota-gazoo-racing-8"]).toEqual({ teams: "25", drivers: "25" });
    // Drivers score with the car they are seen driving (names matched as the drivers file has them).
    expect(latest?.racePoints["manthey-1st-phorm-92"]).toEqual({ teams: "25", drivers: "0" });
    expect(latest?.standings).toContainEqual(
      expect.objectContaining({
        championshipId: "drivers",
        classId: "HYPERCAR",
        name: "Ryo HIRAKAWA",
        position: 1,
        points: "25",
        pointsBefore: "0",
      }),
    );
    // A lap sent again replaces the one held: nothing is counted twice.
    const again = await live.post("wec-2025", 6, [lap("8", 1, 119_000, "HYPERCAR")]);
    expect(again.applied).toEqual({ added: 0, replaced: 1 });
    expect(again.update.cars).toHaveLength(3);
  });

  it("ends a race: its latest update is gone, and the next post starts from seq 1 again", async () => {
    const live = new LiveRaces(source(wec));
    await live.post("wec-2025", 6, [lap("7", 1, 120_000, "HYPERCAR")]);
    expect(live.end("wec-2025", 6)).toBe(true);
    expect(live.latest("wec-2025", 6)).toBeUndefined();
    expect(live.end("wec-2025", 6)).toBe(false);
    expect((await live.post("wec-2025", 6, [])).update.seq).toBe(1);
  });

  it("goes on from the broker's last seq when a race starts on this node mid-way (a restart)", async () => {
    const asked: string[] = [];
    const live = new LiveRaces(source(wec), {
      lastSeq: (seasonId, round) => {
        asked.push(`${seasonId}/${round}`);
        return Promise.resolve(41);
      },
    });
    expect((await live.post("wec-2025", 6, [lap("7", 1, 120_000, "HYPERCAR")])).update.seq).toBe(
      42,
    );
    expect((await live.post("wec-2025", 6, [lap("7", 2, 240_000, "HYPERCAR")])).update.seq).toBe(
      43,
    );
    expect(asked).toEqual(["wec-2025/6"]);
  });

  it.each([
    ["an unknown season", "wec-1999", 6],
    ["a round not on the calendar", "wec-2025", 12],
  ])("refuses %s (NotFoundError)", async (_, season, round) => {
    const live = new LiveRaces(source(wec));
    await expect(live.post(season, round, [])).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses live data for a race whose results are official, and drops what it held", async () => {
    const minimal = bundle("fixtures/bundles/valid-minimal");
    const live = new LiveRaces(source(minimal));
    await expect(live.post("mini-2024", 1, [lap("1", 1, 1000, "P")])).rejects.toBeInstanceOf(
      RaceOfficialError,
    );
    // A race running live whose official classification is then imported: live data is refused.
    const src = source(wec);
    const running = new LiveRaces(src);
    await running.post("wec-2025", 6, [lap("7", 1, 120_000, "HYPERCAR")]);
    const h = src.held.get("wec-2025");
    if (!h) throw new Error("no season");
    const raceId = "r6";
    h.b = {
      ...h.b,
      season: {
        ...h.b.season,
        results: [...minimal.season.results.slice(0, 1).map((r) => ({ ...r, raceId }))],
      },
    };
    h.version = "2";
    await expect(
      running.post("wec-2025", 6, [lap("7", 2, 240_000, "HYPERCAR")]),
    ).rejects.toBeInstanceOf(RaceOfficialError);
    expect(running.latest("wec-2025", 6)).toBeUndefined();
  });

  it("runs a round's next race live once the first one's results are official (sprint, then feature)", async () => {
    const minimal = bundle("fixtures/bundles/valid-minimal");
    const src = source(wec);
    const live = new LiveRaces(src);
    const sprint = await live.post("wec-2025", 6, [lap("7", 1, 120_000, "HYPERCAR")]);
    expect(sprint.update.raceId).toBe("r6");
    const h = src.held.get("wec-2025");
    const first = h?.b.season.rounds.find((r) => r.number === 6)?.races[0];
    if (!h || !first) throw new Error("no round 6");
    h.b = {
      ...h.b,
      season: {
        ...h.b.season,
        rounds: h.b.season.rounds.map((r) =>
          r.number === 6
            ? {
                ...r,
                races: [
                  ...r.races.map((x) => ({ ...x, resultStatus: "official" as const })),
                  { ...first, id: "r6-feature", name: "Feature", order: 2 },
                ],
              }
            : r,
        ),
        results: [...minimal.season.results.slice(0, 1).map((r) => ({ ...r, raceId: "r6" }))],
      },
    };
    h.version = "2";
    const feature = await live.post("wec-2025", 6, [lap("8", 1, 121_000, "HYPERCAR")]);
    expect(feature.update.raceId).toBe("r6-feature");
    // The sprint's laps are not carried into the feature race.
    expect(feature.update.cars.map((c) => c.number)).toEqual(["8"]);
  });
});
