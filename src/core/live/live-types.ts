// The live race's vocabulary, shared by the timing feed (in), the live state (core) and the
// distribution to viewers (SSE, the broker between nodes). Plain JSON-serialisable data: an update
// computed on one node is sent as it is to every other node and every viewer.

/** Points in their text form ("25", "12.5", "100/3": formatPoints), as in the JSON API. */
export type PointsText = string;

/** One timing line: a car crossing the line, as the timing system sends it. */
export interface LiveLap {
  readonly number: string;
  readonly lap: number;
  /** Lap time in ms; null for a lap not completed in timing. */
  readonly lapTimeMs: number | null;
  /** Race time elapsed at the line, in ms, from the start. */
  readonly elapsedMs: number;
  readonly driver: string | null;
  readonly classId: string | null;
  readonly team: string | null;
  /** Time in the pit lane on this lap, in ms (a pit stop), or null. */
  readonly pitMs: number | null;
  /**
   * True when the car crossed the line in the pit lane at the end of this lap (Al Kamel's
   * CROSSING_FINISH_LINE_IN_PIT): the lap a pit stop starts on. Absent: not said.
   */
  readonly inPit?: boolean;
}

/** A car in the live running order. */
export interface LiveCar {
  readonly number: string;
  /** The season's entry id, or null when the number is not on the entry list. */
  readonly entryId: string | null;
  readonly classId: string | null;
  readonly team: string | null;
  readonly driver: string | null;
  readonly position: number;
  readonly classPosition: number;
  readonly laps: number;
  readonly elapsedMs: number;
  /** To the leader (overall / in class): ms when on the same lap, else whole laps behind. */
  readonly gap: LiveGap | null;
  readonly classGap: LiveGap | null;
  /** To the car ahead (overall / in class). */
  readonly interval: LiveGap | null;
  readonly classInterval: LiveGap | null;
  readonly lastLapMs: number | null;
  readonly bestLapMs: number | null;
  readonly pitStops: number;
  /** Class positions gained (+) or lost (-) since the start (first lap's order). */
  readonly classPositionsGained: number;
}

export type LiveGap = { readonly ms: number } | { readonly laps: number };

/** Points a car would score, and a competitor's standing, if the race ended now. */
export interface ProvisionalStanding {
  readonly championshipId: string;
  /** The table's class, for a championship per class; null for an overall one. */
  readonly classId: string | null;
  readonly competitorId: string;
  readonly name: string;
  readonly position: number;
  /** Position in the official standings before this race (null: not ranked then). */
  readonly positionBefore: number | null;
  readonly points: PointsText;
  readonly pointsBefore: PointsText;
  readonly status: "champion" | "contender" | "out";
}

/** What viewers receive after each feed post: the whole provisional picture, never official. */
export interface LiveUpdate {
  readonly seasonId: string;
  readonly round: number;
  readonly raceId: string;
  /** Increases by one per update of this race; SSE event ids and Last-Event-ID are built on it. */
  readonly seq: number;
  /** Always true: nothing live is ever taken as official. */
  readonly provisional: true;
  readonly leaderLaps: number;
  readonly cars: readonly LiveCar[];
  /** Points per car (entry id → championship id → points) if the race ended now. */
  readonly racePoints: Readonly<Record<string, Readonly<Record<string, PointsText>>>>;
  readonly standings: readonly ProvisionalStanding[];
  /** Milliseconds spent computing this update (for the bench). */
  readonly computeMs: number;
}
