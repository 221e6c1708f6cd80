// Gaps as results sites print them: to the leader and to the car ahead, in laps when a car is
// laps down, else in time, from each car's laps and total time. Where the times are not known
// the file's own gap to the leader is used. Only classified cars have gaps: a retired or
// disqualified car's laps say how far it got.
import { formatGap, parseGap, parseRaceTime } from "./race-time.js";
import type { Gap } from "./race-time.js";

export interface GapInput {
  readonly laps: number | null;
  /** Total race time as stored (h:mm:ss.sss), or null. */
  readonly time: string | null;
  /** The gap to the leader as the timing file printed it, or null. */
  readonly gap: string | null;
  readonly classified: boolean;
}

export interface RaceGap {
  /** To the first row ("" for it, and for unclassified rows or where nothing says). */
  readonly gap: string;
  /** To the classified row before ("" likewise). */
  readonly interval: string;
  /** Laps behind the first row, where both lap counts are known (0 on the lead lap). */
  readonly lapsBehind: number | null;
}

function between(ahead: GapInput, car: GapInput): Gap | undefined {
  if (ahead.laps !== null && car.laps !== null && car.laps < ahead.laps)
    return { kind: "laps", laps: ahead.laps - car.laps };
  const a = ahead.time === null ? undefined : parseRaceTime(ahead.time);
  const b = car.time === null ? undefined : parseRaceTime(car.time);
  if (a !== undefined && b !== undefined && b >= a) return { kind: "time", ms: b - a };
  return undefined;
}

/** Each row's gap and interval, the rows in finishing order (overall or within a class). */
export function raceGaps(rows: readonly GapInput[]): RaceGap[] {
  const leader = rows[0];
  let ahead: GapInput | undefined;
  return rows.map((car, i) => {
    const lapsBehind =
      leader && leader.laps !== null && car.laps !== null ? leader.laps - car.laps : null;
    if (i === 0 || !leader || !car.classified) {
      if (car.classified) ahead = car;
      return { gap: "", interval: "", lapsBehind: i === 0 ? lapsBehind : null };
    }
    const printed = car.gap === null ? undefined : parseGap(car.gap);
    const toLeader = between(leader, car) ?? printed;
    const toAhead = ahead ? between(ahead, car) : undefined;
    ahead = car;
    return {
      gap: toLeader ? formatGap(toLeader) : "",
      interval: toAhead ? formatGap(toAhead) : "",
      lapsBehind,
    };
  });
}
