// What every SeasonStore does the same way: check the rules document on the way in, summarise a
// season for listings, and order the listing.
import { rulesFromInput } from "../core/points-rules.js";
import type { PointsRules } from "../core/points-rules.js";
import type { Problem } from "../core/problems.js";
import type { SeasonSummary, StoredSeason } from "./season-store.js";

/** A put refused because the season's rules document is not valid; nothing was written. */
export class InvalidRulesError extends Error {
  constructor(
    readonly seasonId: string,
    readonly problems: readonly Problem[],
  ) {
    super(`rules document of ${seasonId} is invalid: ${problems.map((p) => p.message).join("; ")}`);
    this.name = "InvalidRulesError";
  }
}

/** The season's rules, validated; throws InvalidRulesError. */
export function validatedRules(stored: StoredSeason): PointsRules {
  const rules = rulesFromInput(stored.rulesDocument);
  if (!rules.ok) throw new InvalidRulesError(stored.season.id, rules.error);
  return rules.value;
}

export function summarize(stored: StoredSeason, version: string): SeasonSummary {
  const s = stored.season;
  const numbered = s.rounds.filter((r) => r.number !== null);
  return {
    id: s.id,
    seriesId: s.series.id,
    seriesName: s.series.name,
    year: s.year,
    name: s.name,
    rounds: numbered.length,
    completedRounds: numbered.filter((r) => r.status === "completed").length,
    version,
  };
}

/** The order of SeasonStore.listSeasons(): newest year first, then by series, then by id. */
export function bySeriesAndYear(a: SeasonSummary, b: SeasonSummary): number {
  return b.year - a.year || a.seriesName.localeCompare(b.seriesName) || a.id.localeCompare(b.id);
}
