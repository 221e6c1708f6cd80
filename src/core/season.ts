// The validated season model. Everything here has passed seasonFromInput(): references resolve,
// ids are unique, positions are consistent. Downstream code never re-validates.
import type {
  DecisionKind,
  FinishStatus,
  IneligibleEffect,
  ResultStatus,
  RoundStatus,
} from "./vocabulary.js";
import type { Points } from "./points.js";

/** Where a fact came from in its source files, for error messages and the points trail. */
export interface SourceRef {
  readonly file?: string;
  readonly line?: number;
}

export interface Series {
  readonly id: string;
  readonly name: string;
}

export interface SeasonClass {
  readonly id: string;
  readonly name: string;
  /** False for a class that races but has no championship of its own (2003: LMGTP). */
  readonly championship: boolean;
}

export interface Race {
  readonly id: string;
  readonly name: string;
  readonly roundNumber: number;
  /** Order of the race within its round (a sprint before a feature race). */
  readonly order: number;
  /** Provisional until published official; a bundle's results are official unless it says so. */
  readonly resultStatus: ResultStatus;
  /** When the results were published official (ISO-8601), where known. */
  readonly publishedAt: string | null;
  /** The laps the race was scheduled for, where known (rules on races cut short read it). */
  readonly scheduledLaps?: number | null;
}

export interface Round {
  /** Stable key: the number for numbered rounds, a slug for unnumbered (cancelled) ones. */
  readonly key: string;
  /** Championship round number; null for an event called off before it got a number. */
  readonly number: number | null;
  readonly name: string;
  readonly circuit: string;
  /**
   * The venue's short label in standings round headers ("SEB", "PET"), where the season gives
   * one; otherwise one is derived from the circuit (formats/tables/round-labels.ts).
   */
  readonly shortName?: string;
  /** ISO-8601 date (YYYY-MM-DD), or null where unknown. */
  readonly date: string | null;
  readonly status: RoundStatus;
  readonly races: readonly Race[];
  readonly note: string;
}

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly nationality: string | null;
  readonly aliases: readonly string[];
}

export interface Entry {
  readonly id: string;
  /** Car number as printed ("0", "08"), or null where the sources do not give it. */
  readonly number: string | null;
  readonly classId: string;
  readonly teamId: string;
  readonly chassis: string;
  readonly engine: string;
  readonly tyre: string;
  readonly manufacturer: string | null;
  /** Round numbers the entry was entered for; null for the whole season. */
  readonly rounds: readonly number[] | null;
  /** False for an entry declared ineligible for points. */
  readonly pointsEligible: boolean;
  readonly note: string;
  /** Where the fact comes from, as the bundle's `source` column cites it. */
  readonly citation: string;
  readonly source: SourceRef;
}

export interface Driver {
  readonly id: string;
  readonly name: string;
  readonly nationality: string | null;
  readonly aliases: readonly string[];
}

/** A driver's place in an entry: the rounds driven and those entered but not started. */
export interface Lineup {
  readonly entryId: string;
  readonly driverId: string;
  /** Null where the source does not say which rounds. */
  readonly rounds: readonly number[] | null;
  readonly notStarted: readonly number[];
  readonly note: string;
  readonly citation: string;
  readonly source: SourceRef;
}

/** One row of a race classification. Unknown facts are null, never invented. */
export interface ResultRow {
  readonly raceId: string;
  /** Order of the row in its source, for stable output. */
  readonly index: number;
  /** Overall finishing position, or null where not published. */
  readonly position: number | null;
  /** Class position as published, where the source gives class results; null to derive it. */
  readonly classPosition: number | null;
  /** The class the car raced in; null where unknown. */
  readonly classId: string | null;
  readonly number: string | null;
  readonly teamId: string | null;
  readonly entryId: string | null;
  readonly driverIds: readonly string[];
  /** The car as raced, where the classification prints it (chassis and engine may change). */
  readonly chassis: string;
  readonly engine: string;
  readonly tyre: string;
  readonly laps: number | null;
  readonly time: string | null;
  readonly gap: string | null;
  readonly status: FinishStatus;
  readonly pole: boolean;
  /** Credited with the fastest lap (a bonus may pay it): the officials' word, not derived. */
  readonly fastestLap: boolean;
  /**
   * The car's own best lap in the canonical form of formatRaceTime ("1:47.123"); absent where the
   * source does not give it. Kept as text, like `time` and `gap`; parseRaceTime reads it back.
   */
  readonly bestLap?: string;
  /** The lap the best lap was set on (Al Kamel's FL_LAPNUM), where the source says. */
  readonly bestLapNumber?: number;
  readonly lapsLed: number;
  /** The driver (of driverIds) who set the fastest lap, where the result names one. */
  readonly fastestLapDriverId?: string;
  /**
   * The share of the car's points each driver (in driverIds order) gets, where the result states
   * it ("1;0": all to the first driver): overrides the championship's sharedDrives rule.
   */
  readonly driverShares?: readonly Points[];
  /**
   * This result declared ineligible for points (one car in one race, e.g. a Formula 2 car in a
   * Grand Prix), and what that does to the cars behind; absent for an eligible result.
   */
  readonly ineligible?: IneligibleEffect;
  readonly note: string;
  readonly citation: string;
  readonly source: SourceRef;
}

/** Which result, or which competitor, a decision is about. */
export interface DecisionTarget {
  readonly raceId: string | null;
  readonly roundNumber: number | null;
  readonly classId: string | null;
  readonly number: string | null;
  readonly teamId: string | null;
  /**
   * The entry (car) a race decision concerns, where two cars carried one number in the race (a car
   * swap, a reserve car): the decision then matches that entry's results only. Null: any car with
   * the number (and team and class, where given).
   */
  readonly entryId: string | null;
  readonly driverId: string | null;
  readonly manufacturer: string | null;
}

export interface Decision {
  readonly id: string;
  readonly date: string | null;
  readonly kind: DecisionKind;
  readonly target: DecisionTarget;
  /** The championship a points decision applies to; null for a race result decision. */
  readonly championshipId: string | null;
  readonly points: Points | null;
  /** For time_penalty: seconds added to the car's race time (thousandths allowed). */
  readonly seconds: number | null;
  /** For position_penalty: places the car drops in the classification. */
  readonly places: number | null;
  /** For wipe_points: every round up to and including this one. */
  readonly uptoRound: number | null;
  /** For reinstate: the decision it overturns. */
  readonly overturns: string | null;
  readonly reason: string;
  readonly citation: string;
  readonly source: SourceRef;
}

export interface Season {
  readonly id: string;
  readonly series: Series;
  readonly year: number;
  readonly name: string;
  readonly classes: readonly SeasonClass[];
  readonly rounds: readonly Round[];
  readonly teams: readonly Team[];
  readonly entries: readonly Entry[];
  readonly drivers: readonly Driver[];
  readonly lineups: readonly Lineup[];
  readonly results: readonly ResultRow[];
  readonly decisions: readonly Decision[];
  readonly provenance: readonly string[];
}

/** Numbered rounds in calendar order (cancelled unnumbered events left out). */
export function numberedRounds(season: Season): Round[] {
  return season.rounds
    .filter((r): r is Round & { number: number } => r.number !== null)
    .sort((a, b) => a.number - b.number);
}

export function racesInOrder(season: Season): Race[] {
  return numberedRounds(season).flatMap((r) => [...r.races].sort((a, b) => a.order - b.order));
}
