// Standings computed again and again while one race's results change (a live race, lap after
// lap): the engine's tallies after every other race are kept once, in a checkpoint, and each new
// computation copies them and scores only that race. The same standings as computeStandings
// (without a trail), for a fraction of the work: a 60-car race of a 10-round season is one race
// of twenty to score, not twenty.
import {
  computeStandings,
  rankRun,
  runBuffers,
  scoreRaceOfRun,
  startRun,
  tablesByGroupOf,
  trailSink,
} from "./compute-standings.js";
import type { Run, Standings } from "./compute-standings.js";
import { flushFused } from "./fused-race.js";
import type { PointsRules } from "./points-rules.js";
import type { RoundGrid } from "./score-race.js";
import type { TableTallies, Tally } from "./score-race.js";
import type { Season } from "./season.js";
import { seasonIndex } from "./season-index.js";

export interface StandingsCheckpoint {
  /** The race left out, scored by each standingsFromCheckpoint. */
  readonly raceId: string;
  /** The run over every other race; its tables are copied, never ranked. */
  readonly run: Run;
}

/**
 * The engine's state after every race of `season` but `raceId` (up to round `uptoRound`, when
 * given): the season as it stands without that race's results.
 */
export function standingsCheckpoint(
  season: Season,
  rules: PointsRules,
  raceId: string,
  uptoRound?: number,
): StandingsCheckpoint {
  const run = startRun(season, rules, { uptoRound, trail: false }, true);
  run.inOrder.forEach(({ race, table }, i) => {
    if (race.id !== raceId) scoreRaceOfRun(run, race, table, i);
  });
  if (run.fused !== null) flushFused(run.fused);
  return { raceId, run };
}

/**
 * The standings of `season`: the checkpoint's season with the race's results as `season` gives
 * them. Where `season` differs from the checkpoint's in more than that race (its competitors,
 * entries, decisions or calendar), the standings are computed the whole way.
 */
export function standingsFromCheckpoint(
  cp: StandingsCheckpoint,
  season: Season,
  options: { readonly trail?: boolean } = {},
): Standings {
  const base = cp.run;
  const trail = options.trail ?? false;
  const found = applies(cp, season);
  if (found === null)
    return computeStandings(season, base.rules, { uptoRound: base.upto ?? undefined, trail });
  const { index, inOrder, at } = found;
  const tables = copyTables(base.tables);
  const live = inOrder[at] as (typeof inOrder)[number];
  // The checkpoint's buffers serve again (scratch space; runs do not overlap) when the race fits.
  const rows = live.table?.rows.length ?? 0;
  const { buffers, scratch } = rows <= base.scratch.counts.length ? base : runBuffers(index, rows);
  const run: Run = {
    ...base,
    season,
    index,
    inOrder,
    races: inOrder.map((x) => x.race),
    tables,
    tablesByGroup: tablesByGroupOf(season, base.rules, index, tables),
    buffers,
    scratch,
    // The one race is scored by the general route (the same figures as the fused one, which
    // keeps its finishes aside until the end of a whole run).
    fused: null,
    fusedWork: null,
    // A trail, when asked for, tells this race and the ranking (not the checkpoint's races).
    trail: trail ? trailSink(base.decisions) : null,
  };
  scoreRaceOfRun(run, live.race, live.table, at);
  return rankRun(run);
}

/** Whether `season` differs from the checkpoint's only in the race left out (its results). */
export function checkpointApplies(cp: StandingsCheckpoint, season: Season): boolean {
  return applies(cp, season) !== null;
}

function applies(cp: StandingsCheckpoint, season: Season) {
  const base = cp.run;
  const index = seasonIndex(season);
  // The same numbering of competitors and classes (the tallies are indexed by it), the same
  // decisions and entries, and the same races in the same order.
  if (
    index.teams !== base.index.teams ||
    index.drivers !== base.index.drivers ||
    index.makes !== base.index.makes ||
    index.classIds !== base.index.classIds ||
    season.decisions !== base.season.decisions ||
    season.entries !== base.season.entries ||
    season.classes !== base.season.classes
  )
    return null;
  const inOrder = index.inOrder.filter((x) => base.roundIndex.has(x.race.roundNumber));
  const at = inOrder.findIndex((x) => x.race.id === cp.raceId);
  if (
    at < 0 ||
    inOrder.length !== base.inOrder.length ||
    inOrder.some((x, i) => x.race.id !== base.inOrder[i]?.race.id)
  )
    return null;
  return { index, inOrder, at };
}

/** The tables with their grids and tallies copied (a championship's tables share one grid). */
function copyTables(tables: ReadonlyMap<string, TableTallies>): Map<string, TableTallies> {
  const grids = new Map<RoundGrid, RoundGrid>();
  const out = new Map<string, TableTallies>();
  for (const [key, t] of tables) {
    let grid = grids.get(t.grid);
    if (!grid) grids.set(t.grid, (grid = t.grid.copy()));
    const g = grid;
    out.set(key, { ...t, grid: g, tallies: t.tallies.map((x) => x && copyTally(x, g)) });
  }
  return out;
}

function copyTally(t: Tally, grid: RoundGrid): Tally {
  return {
    ...t,
    grid,
    roundFractions: t.roundFractions?.slice(),
    racePoints: t.racePoints?.copy() ?? null,
    racePosition: t.racePosition?.slice() ?? null,
    finishes: t.finishes.slice(),
    results: t.results.slice(),
    countbacks: t.countbacks.length === 0 ? t.countbacks : t.countbacks.map((l) => l.slice()),
  };
}
