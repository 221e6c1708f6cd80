// The store's port: what Paddock keeps (whole seasons with their rules document) and how it is
// read back. Implementations: memory (beside this file), SQLite and PostgreSQL (through one query
// layer); one contract suite runs against all of them.
import type { PointsRules } from "../core/points-rules.js";
import type { Season } from "../core/season.js";

/** A season as stored: the validated model and the rules document as written. */
export interface StoredSeason {
  readonly season: Season;
  /** The points-rules document (JSON), stored as written and validated on the way in and out. */
  readonly rulesDocument: unknown;
}

/** A season as read back: the stored season with its rules validated. */
export interface LoadedSeason extends StoredSeason {
  readonly rules: PointsRules;
}

export interface SeasonSummary {
  readonly id: string;
  readonly seriesId: string;
  readonly seriesName: string;
  readonly year: number;
  readonly name: string;
  readonly rounds: number;
  readonly completedRounds: number;
  /** A version that changes whenever the season is written; for ETags and caches. */
  readonly version: string;
}

export interface SeasonStore {
  /** Every season, newest year first, then by series. */
  listSeasons(): Promise<SeasonSummary[]>;
  /** A season with its rules, or undefined. */
  getSeason(id: string): Promise<LoadedSeason | undefined>;
  /** Writes a whole season in one transaction, replacing one with the same id: all or nothing. */
  putSeason(stored: StoredSeason): Promise<SeasonSummary>;
  /** Removes a season; false if there was none. */
  deleteSeason(id: string): Promise<boolean>;
  close(): Promise<void>;
}
