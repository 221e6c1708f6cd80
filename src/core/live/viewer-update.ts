// What viewers' streams carry by default: the part of a LiveUpdate that the pages, the board and
// /live.js draw, with the same field names (a viewer update is a LiveUpdate with fields and
// rows left out): every car, each standings table's top VIEWER_TOP. About a third of the bytes of
// the whole update. The whole update stays at GET …/live and on the streams with ?view=full. Pure.
import type { LiveCar, LiveUpdate, ProvisionalStanding } from "./live-types.js";

/** A car as viewers get it: place, car, driver, laps, gap in class, last lap, pit stops. */
export type LiveViewerCar = Pick<
  LiveCar,
  | "number"
  | "classId"
  | "team"
  | "driver"
  | "position"
  | "classPosition"
  | "laps"
  | "classGap"
  | "lastLapMs"
  | "pitStops"
>;

/** A standing as viewers get it: table, name, position (and before), points. */
export type LiveViewerStanding = Pick<
  ProvisionalStanding,
  "championshipId" | "classId" | "name" | "position" | "positionBefore" | "points"
>;

/** Rows of each standings table in the viewer form: the pages draw the top 5. */
export const VIEWER_TOP = 5;

/** The viewer form of a LiveUpdate (the streams' default `view=viewer`). */
export interface LiveViewerUpdate extends Pick<
  LiveUpdate,
  "seasonId" | "round" | "raceId" | "seq" | "provisional" | "leaderLaps"
> {
  readonly cars: readonly LiveViewerCar[];
  /** Each table's first VIEWER_TOP rows by position (ties kept in the update's order). */
  readonly standings: readonly LiveViewerStanding[];
}

/** The forms of an update a stream can send: `viewer` (default) or `full` (the whole LiveUpdate). */
export type LiveView = "viewer" | "full";

/** A table's top `VIEWER_TOP` rows, in the update's order (tables as they come). */
function topRows(standings: readonly ProvisionalStanding[]): ProvisionalStanding[] {
  const tables = new Map<string, ProvisionalStanding[]>();
  for (const s of standings) {
    const key = `${s.championshipId}\u0000${s.classId ?? ""}`;
    let rows = tables.get(key);
    if (!rows) tables.set(key, (rows = []));
    rows.push(s);
  }
  const kept = new Set<ProvisionalStanding>();
  for (const rows of tables.values())
    for (const s of [...rows].sort((a, b) => a.position - b.position).slice(0, VIEWER_TOP))
      kept.add(s);
  return standings.filter((s) => kept.has(s));
}

/** The viewer form of an update: the fields and rows the pages draw, in the order of LiveUpdate. */
export function viewerUpdate(u: LiveUpdate): LiveViewerUpdate {
  return {
    seasonId: u.seasonId,
    round: u.round,
    raceId: u.raceId,
    seq: u.seq,
    provisional: u.provisional,
    leaderLaps: u.leaderLaps,
    cars: u.cars.map((c) => ({
      number: c.number,
      classId: c.classId,
      team: c.team,
      driver: c.driver,
      position: c.position,
      classPosition: c.classPosition,
      laps: c.laps,
      classGap: c.classGap,
      lastLapMs: c.lastLapMs,
      pitStops: c.pitStops,
    })),
    standings: topRows(u.standings).map((s) => ({
      championshipId: s.championshipId,
      classId: s.classId,
      name: s.name,
      position: s.position,
      positionBefore: s.positionBefore,
      points: s.points,
    })),
  };
}
