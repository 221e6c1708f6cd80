// Comparing seasons across a rewrite of their bundle: source references (file and line) point
// into the files a season was read from, so round-trip tests compare with them left out.
import type { Standings } from "../../../core/compute-standings.js";
import type { Season } from "../../../core/season.js";

/** The season with the source references of its entries, line-ups, results and decisions removed. */
export function withoutSources(s: Season): unknown {
  const strip = <T extends { source: unknown }>({ source: _source, ...rest }: T) => rest;
  return {
    ...s,
    entries: s.entries.map(strip),
    lineups: s.lineups.map(strip),
    results: s.results.map(strip),
    decisions: s.decisions.map(strip),
  };
}

/** The standings with the points trail's file and line references removed. */
export function withoutTrailLines(s: Standings): unknown {
  return { ...s, trail: s.trail.map((t) => ({ ...t, row: t.row && { number: t.row.number } })) };
}
