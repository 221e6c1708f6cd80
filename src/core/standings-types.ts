// What the standings engine produces: tables of rows with per-round cells, and the points trail.
import type { Points } from "./points.js";
import type { CellMarker, ChampionshipKind } from "./vocabulary.js";

export interface ComputeOptions {
  /** Standings as they stood after this round (later rounds and their decisions left out). */
  readonly uptoRound?: number;
  /** Record the points trail (default true); off for bulk work that only needs totals. */
  readonly trail?: boolean;
}

export type TrailKind =
  "awarded" | "withheld" | "dropped" | "deducted" | "wiped" | "excluded" | "noted";

/** One step of the points trail: which rule gave or withheld how many points, and for which row. */
export interface TrailEntry {
  readonly championshipId: string;
  readonly classId: string | null;
  readonly competitorId: string;
  readonly roundNumber: number | null;
  readonly raceId: string | null;
  readonly kind: TrailKind;
  /** Stable rule code: SCALE, BONUS_POLE, NOT_COUNTING_CAR, MIN_DISTANCE, STATUS, DROP, … */
  readonly rule: string;
  readonly points: Points;
  readonly detail: string;
  /** The result row concerned, where there is one. */
  readonly row: {
    readonly file?: string;
    readonly line?: number;
    readonly number: string | null;
  } | null;
}

export interface StandingCell {
  readonly roundNumber: number;
  /** Points scored in the round (all its races), before drops. */
  readonly points: Points;
  /** Points of the round that count towards the total. */
  readonly counted: Points;
  readonly marker: CellMarker | null;
  /** Best finishing position (in the championship's order) in the round, if any. */
  readonly position: number | null;
}

export interface Competitor {
  readonly kind: ChampionshipKind;
  readonly id: string;
  readonly name: string;
}

export interface StandingRow {
  /** Null when unranked (excluded, or short of the minimum participation). */
  readonly position: number | null;
  readonly tied: boolean;
  readonly competitor: Competitor;
  readonly cells: readonly StandingCell[];
  readonly gross: Points;
  readonly deductions: Points;
  readonly total: Points;
  readonly excluded: boolean;
  /** "EX" for a competitor excluded from the championship by a stewards' decision. */
  readonly positionMarker?: "EX";
  /** True when the rules say an excluded competitor's points are not shown. */
  readonly pointsHidden?: boolean;
  readonly note: string;
  /**
   * The positions the competitor's counting cars finished in, best first ([1, 1, 3]: two wins and
   * a third): the countback's evidence, compact however far down the field a car finished.
   */
  readonly finishes: readonly number[];
}

export interface StandingsTable {
  readonly championshipId: string;
  readonly championshipName: string;
  readonly kind: ChampionshipKind;
  readonly classId: string | null;
  readonly rounds: readonly number[];
  readonly rows: readonly StandingRow[];
}

export interface Standings {
  readonly seasonId: string;
  readonly rulesId: string;
  readonly uptoRound: number | null;
  readonly tables: readonly StandingsTable[];
  readonly trail: readonly TrailEntry[];
}
