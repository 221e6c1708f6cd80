// Runs the store's numbered migrations, listed here in code (no folder scanning, so a bundled or
// compiled build finds them too). Kysely's Migrator records what ran in kysely_migration and
// holds a lock while it runs, so stores opening the same database at once migrate it once.
import { Migrator } from "kysely";
import type { Kysely, Migration, MigrationProvider } from "kysely";
import * as m001 from "./migrations/001-seasons.js";
import * as m002 from "./migrations/002-foreign-key-indexes.js";
import * as m003 from "./migrations/003-citations.js";
import * as m004 from "./migrations/004-history-and-accounts.js";
import * as m005 from "./migrations/005-best-lap.js";
import * as m006 from "./migrations/006-season-parts.js";
import * as m007 from "./migrations/007-result-facts.js";
import * as m008 from "./migrations/008-round-short-names.js";
import * as m009 from "./migrations/009-decision-entries.js";
import * as m010 from "./migrations/010-race-scheduled-laps.js";

/** Every migration, by name; names sort in the order they run. Append, never edit or reorder. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "001-seasons": m001,
  "002-foreign-key-indexes": m002,
  "003-citations": m003,
  "004-history-and-accounts": m004,
  "005-best-lap": m005,
  "006-season-parts": m006,
  "007-result-facts": m007,
  "008-round-short-names": m008,
  "009-decision-entries": m009,
  "010-race-scheduled-laps": m010,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** One step of a migration run, for the report. */
export interface MigrationStep {
  readonly migration: string;
  readonly status: "applied" | "failed" | "not run";
}

export interface MigrationReport {
  /** Migrations this run applied (or tried to), in order; empty when the schema was current. */
  readonly steps: readonly MigrationStep[];
}

/** A migration run that failed: the report of every step, and the database's error as cause. */
export class MigrationError extends Error {
  constructor(
    readonly report: MigrationReport,
    options: { cause: unknown },
  ) {
    const failed = report.steps.find((s) => s.status === "failed");
    super(
      `migration ${failed?.migration ?? "(before the first step)"} failed: ${String(
        (options.cause as Error | undefined)?.message ?? options.cause,
      )}`,
      options,
    );
    this.name = "MigrationError";
  }
}

/** Brings the database's schema up to date; throws a MigrationError (with its report) on failure. */
export async function migrate(db: Kysely<unknown>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const steps = (results ?? []).map((r): MigrationStep => ({
    migration: r.migrationName,
    status: r.status === "Success" ? "applied" : r.status === "Error" ? "failed" : "not run",
  }));
  const report = { steps };
  if (error !== undefined) throw new MigrationError(report, { cause: error });
  return report;
}
