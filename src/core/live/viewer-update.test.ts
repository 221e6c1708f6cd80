import { describe, expect, it } from "vitest";
import type { LiveUpdate } from "./live-types.js";
import { viewerUpdate } from "./viewer-update.js";

// A whole update as the live core makes it, and its viewer form written out by hand
// (docs/live.md, "Viewers"): what the pages, the board and /live.js draw.
const full: LiveUpdate = {
  seasonId: "wec-2025",
  round: 6,
  raceId: "r6",
  seq: 41,
  provisional: true,
  leaderLaps: 12,
  cars: [
    {
      number: "7",
      entryId: "toyota-7",
      classId: "HYPERCAR",
      team: "Toyota Gazoo Racing",
      driver: "Kamui KOBAYASHI",
      position: 2,
      classPosition: 2,
      laps: 12,
      elapsedMs: 1_351_004,
      gap: { ms: 3500 },
      classGap: { ms: 3500 },
      interval: { ms: 3500 },
      classInterval: { ms: 3500 },
      lastLapMs: 112_331,
      bestLapMs: 111_002,
      pitStops: 1,
      classPositionsGained: -1,
    },
  ],
  racePoints: { "toyota-7": { teams: "18", drivers: "18" } },
  standings: [
    {
      championshipId: "teams",
      classId: "HYPERCAR",
      competitorId: "toyota",
      name: "Toyota Gazoo Racing",
      position: 1,
      positionBefore: 2,
      points: "118",
      pointsBefore: "100",
      status: "contender",
    },
  ],
  computeMs: 1.25,
};

describe("viewerUpdate", () => {
  it("keeps what the pages draw and leaves the rest out", () => {
    expect(viewerUpdate(full)).toEqual({
      seasonId: "wec-2025",
      round: 6,
      raceId: "r6",
      seq: 41,
      provisional: true,
      leaderLaps: 12,
      cars: [
        {
          number: "7",
          classId: "HYPERCAR",
          team: "Toyota Gazoo Racing",
          driver: "Kamui KOBAYASHI",
          position: 2,
          classPosition: 2,
          laps: 12,
          classGap: { ms: 3500 },
          lastLapMs: 112_331,
          pitStops: 1,
        },
      ],
      standings: [
        {
          championshipId: "teams",
          classId: "HYPERCAR",
          name: "Toyota Gazoo Racing",
          position: 1,
          positionBefore: 2,
          points: "118",
        },
      ],
    });
  });
});

describe("viewerUpdate's standings", () => {
  const row = (classId: string, name: string, position: number) => ({
    championshipId: "drivers",
    classId,
    competitorId: name.toLowerCase(),
    name,
    position,
    positionBefore: null,
    points: "0",
    pointsBefore: "0",
    status: "contender" as const,
  });

  it("keeps each table's top 5 by position, in the update's order", () => {
    const standings = [
      row("GT3", "F", 6),
      row("GT3", "A", 1),
      row("GT3", "B", 2),
      row("HYPERCAR", "X", 1),
      row("GT3", "C", 3),
      row("GT3", "D", 4),
      row("GT3", "E", 5),
      row("GT3", "G", 7),
    ];
    const names = viewerUpdate({ ...full, standings }).standings.map(
      (s) => `${s.classId}:${s.name}`,
    );
    expect(names).toEqual(["GT3:A", "GT3:B", "HYPERCAR:X", "GT3:C", "GT3:D", "GT3:E"]);
  });
});
