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

/** The current season with the version it was read at (the one a change must expect). */
export interface VersionedSeason extends LoadedSeason {
  readonly version: string;
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

/** Who changes a season, how and why: every write records one (the audit log). */
export interface SeasonChange {
  /** Username, or "paddock" for data the system loads itself. */
  readonly actor: string;
  /** What kind of change: "import-results", "decision", "publish", "edit-round", … */
  readonly action: string;
  readonly reason: string;
  /** One line for people: "round 3: 42 result rows from wec-r3.csv". */
  readonly summary: string;
  /**
   * Optimistic concurrency: write only if the season is still at this version (the one the
   * change was prepared from); null: only if there is no such season yet. Undefined: any.
   */
  readonly expectedVersion?: string | null;
  /** ISO-8601 time of the change; the store reads the clock when it is not given. */
  readonly at?: string;
}

/** A recorded change: one per written version of a season, newest first in listings. */
export interface SeasonChangeRecord {
  readonly seasonId: string;
  readonly version: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly reason: string;
  readonly summary: string;
}

/** A column mapping of a custom results file, kept per series for the next import. */
export interface SavedMapping {
  readonly seriesId: string;
  readonly name: string;
  /** The mapping as JSON-able data (checked by the importer when used). */
  readonly mapping: unknown;
  readonly savedBy: string;
  readonly savedAt: string;
}

/** A write refused because the season moved on since the change was prepared; nothing written. */
export class VersionConflictError extends Error {
  constructor(
    readonly seasonId: string,
    readonly expectedVersion: string | null,
    readonly currentVersion: string | null,
  ) {
    super(
      expectedVersion === null
        ? `season ${seasonId} already exists (version ${currentVersion})`
        : `season ${seasonId} changed since version ${expectedVersion}: it is now at ${currentVersion ?? "(deleted)"}; reload it and apply your change again`,
    );
    this.name = "VersionConflictError";
  }
}

/** The change recorded for writes that do not say who made them. */
export const UNATTRIBUTED: SeasonChange = {
  actor: "paddock",
  action: "put",
  reason: "",
  summary: "season written",
};

export interface SeasonStore {
  /** Every season, newest year first, then by series. */
  listSeasons(): Promise<SeasonSummary[]>;
  /** A season with its rules, or undefined. */
  getSeason(id: string): Promise<VersionedSeason | undefined>;
  /**
   * Writes a whole season in one transaction, replacing one with the same id, together with the
   * change's record and a snapshot of what was written: all or nothing. Throws
   * VersionConflictError when change.expectedVersion no longer holds.
   */
  putSeason(stored: StoredSeason, change?: SeasonChange): Promise<SeasonSummary>;
  /** Removes a season (its history stays); false if there was none. */
  deleteSeason(id: string, change?: SeasonChange): Promise<boolean>;
  /** The season's recorded changes, newest first (kept after the season is deleted). */
  listChanges(seasonId: string): Promise<SeasonChangeRecord[]>;
  /** The season as a past write left it, from its snapshot; undefined if there is none. */
  getSeasonVersion(seasonId: string, version: string): Promise<LoadedSeason | undefined>;
  /** Column mappings of custom result files saved for a series, by name. */
  listImportMappings(seriesId: string): Promise<SavedMapping[]>;
  /** Saves (or replaces) a named column mapping for a series. */
  saveImportMapping(mapping: SavedMapping): Promise<void>;
  close(): Promise<void>;
}
