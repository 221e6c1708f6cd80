// Search over one season's drivers, teams and rounds, for the site's search box. Names match
// across case, accents and ß/SS (nameKey), on any part of a name, an alias, a round's circuit.
import { nameKey } from "../../core/names.js";
import type { Driver, Round, Season, Team } from "../../core/season.js";

export interface SeasonMatches {
  readonly drivers: readonly Driver[];
  readonly teams: readonly Team[];
  readonly rounds: readonly Round[];
}

/** The shortest query searched: one letter would match nearly everything. */
export const MIN_QUERY_LENGTH = 2;

export function searchSeason(season: Season, query: string): SeasonMatches {
  const key = nameKey(query);
  if (key.length < MIN_QUERY_LENGTH) return { drivers: [], teams: [], rounds: [] };
  const hit = (...texts: readonly string[]) => texts.some((t) => nameKey(t).includes(key));
  return {
    drivers: season.drivers.filter((d) => hit(d.name, ...d.aliases)),
    teams: season.teams.filter((t) => hit(t.name, ...t.aliases)),
    rounds: season.rounds.filter((r) => hit(r.name, r.circuit)),
  };
}

export const matchCount = (m: SeasonMatches) => m.drivers.length + m.teams.length + m.rounds.length;
