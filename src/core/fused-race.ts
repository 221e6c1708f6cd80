// The engine's fused route: one race positioned and scored in a single pass over its rows, for
// the common shape of championship (teams or manufacturers per class, counting their best cars
// or all of them, the points of non-counting cars going to nobody, whole points, no bonuses, no
// countback or tie-break reading races or results) when no trail is asked for. It writes exactly
// what positionRaceColumns + scoreRace write (compute-standings.shortcuts.test.ts holds the two
// routes to the same output); a race whose classes come with published class positions or out of
// overall order is left to the general route.
import type { Championship, EligibilityRule, PointsRules, RaceSettings } from "./points-rules.js";
import type { Eligibility } from "./race-positions.js";
import { eligibilityOf, MOVE_UP, scalePoints, UNAWARDED } from "./race-positions.js";
import { addFinish, newTally, readsRaces } from "./score-race.js";
import type { TableTallies, Tally } from "./score-race.js";
import { DNS, DSQ } from "./season-index.js";
import type { RaceTable } from "./season-index.js";
import type { Competitor } from "./standings-types.js";

/** One championship table on the fused route, with its per-race count of cars already counted. */
interface FusedTable {
  readonly tallies: TableTallies;
  /** The race (its stamp) in which used[c] was last set: no clearing between races. */
  readonly stamp: Int32Array;
  readonly used: Int32Array;
}

/** A championship the fused route scores: its table per scoring class index. */
export interface FusedChampionship {
  readonly ch: Championship;
  readonly byTeam: boolean;
  /** Cars counted per competitor and race (Infinity: all). */
  readonly best: number;
  readonly noShared: boolean;
  /** Whole points of position p at index p - 1 (nothing beyond). */
  readonly points: Float64Array;
  readonly byClass: readonly (FusedTable | undefined)[];
}

/**
 * The championship on the fused route, or null when its shape needs the general one. `settings`
 * must be the same in every race (no race overrides in the rules).
 */
export function fusedChampionship(
  ch: Championship,
  settings: RaceSettings,
  tablesByClass: ReadonlyMap<number, TableTallies>,
  classes: number,
): FusedChampionship | null {
  if (!ch.perClass || ch.kind === "drivers") return null;
  if (ch.counting.best !== null && ch.counting.nonCounting !== "unawarded") return null;
  if (settings.bonuses && ch.bonuses.length > 0) return null;
  if (ch.countbacks.length > 0 || readsRaces(ch) || ch.drop?.unit === "result") return null;
  const points = new Float64Array(settings.scale.length);
  for (let p = 1; p <= settings.scale.length; p++) {
    const x = scalePoints(settings.scale, p, settings.multiplier);
    if (x.d !== 1) return null;
    points[p - 1] = x.n;
  }
  const byClass: (FusedTable | undefined)[] = [];
  for (let k = 0; k < classes; k++) {
    const t = tablesByClass.get(k);
    byClass.push(
      t && {
        tallies: t,
        stamp: new Int32Array(t.pool.length),
        used: new Int32Array(t.pool.length),
      },
    );
  }
  return {
    ch,
    byTeam: ch.kind === "teams",
    best: ch.counting.best ?? Infinity,
    noShared: ch.sharedDrives === "none",
    points,
    byClass,
  };
}

/**
 * The rules' eligibility checks folded for one row at a time: exclusionOf's answer from two
 * status masks, two flags and the distance rules, without walking the rules.
 */
interface FoldedEligibility {
  /** Statuses that remove the car (the cars behind move up), and that leave its points to nobody. */
  readonly moveUpStatuses: number;
  readonly unawardedStatuses: number;
  /** The effect of an entry declared ineligible: moves up, leaves its points to nobody (0 or 1). */
  readonly entriesMoveUp: number;
  readonly entriesUnawarded: number;
  /** Distance rules: against the class winner (1) or the winner (0), n/d, moves up (1) or not. */
  readonly distanceOfClass: Uint8Array;
  readonly distanceN: Float64Array;
  readonly distanceD: Float64Array;
  readonly distanceMoveUp: Uint8Array;
  readonly namesDsq: boolean;
}

function folded(c: Eligibility): FoldedEligibility {
  let moveUpStatuses = 0;
  let unawardedStatuses = 0;
  let entriesMoveUp = 0;
  let entriesUnawarded = 0;
  const distance: Extract<EligibilityRule, { rule: "minDistance" }>[] = [];
  c.rules.forEach((r, k) => {
    const up = r.effect === "moveUp";
    switch (r.rule) {
      case "status":
        if (up) moveUpStatuses |= c.masks[k] as number;
        else unawardedStatuses |= c.masks[k] as number;
        break;
      case "ineligibleEntries":
        if (up) entriesMoveUp = 1;
        else entriesUnawarded = 1;
        break;
      case "minDistance":
        distance.push(r);
        break;
      case "ineligibleResult": // the result's own fact, read below
        break;
      default: {
        const never: never = r;
        throw new Error(`unhandled eligibility rule ${JSON.stringify(never)}`);
      }
    }
  });
  return {
    moveUpStatuses,
    unawardedStatuses,
    entriesMoveUp,
    entriesUnawarded,
    distanceOfClass: Uint8Array.from(distance, (r) => (r.of === "classWinner" ? 1 : 0)),
    distanceN: Float64Array.from(distance, (r) => r.fraction.n),
    distanceD: Float64Array.from(distance, (r) => r.fraction.d),
    distanceMoveUp: Uint8Array.from(distance, (r) => (r.effect === "moveUp" ? 1 : 0)),
    namesDsq: c.namesDsq,
  };
}

/** Row i's exclusion (0, UNAWARDED or MOVE_UP), as exclusionOf gives it. */
function exclusionFolded(
  e: FoldedEligibility,
  t: RaceTable,
  i: number,
  status: number,
  classWinnerLaps: number,
  overallWinnerLaps: number,
): number {
  let up = (e.moveUpStatuses >> status) & 1;
  let unawarded = (e.unawardedStatuses >> status) & 1;
  if (t.ineligible[i] === 1) {
    up |= e.entriesMoveUp;
    unawarded |= e.entriesUnawarded;
  }
  const rules = e.distanceN.length;
  if (rules > 0) {
    const laps = t.laps[i] as number;
    for (let k = 0; k < rules; k++) {
      const ref = e.distanceOfClass[k] === 1 ? classWinnerLaps : overallWinnerLaps;
      // Laps not published (-1): the rule cannot be checked. Exact: laps < (n/d) * ref.
      if (
        ref >= 0 &&
        laps >= 0 &&
        laps * (e.distanceD[k] as number) < (e.distanceN[k] as number) * ref
      ) {
        if (e.distanceMoveUp[k] === 1) up = 1;
        else unawarded = 1;
      }
    }
  }
  if (up === 1 || (status === DSQ && !e.namesDsq)) return MOVE_UP;
  const own = t.ineligibleResult[i] as number;
  return own === 2 ? MOVE_UP : own !== 0 || unawarded === 1 ? UNAWARDED : 0;
}

/** Per-class figures of one race, reused race after race. */
export interface FusedWork {
  readonly eligibility: FoldedEligibility;
  readonly winnerLaps: Int32Array;
  readonly lastPosition: Int32Array;
  readonly road: Int32Array;
  readonly removed: Int32Array;
  /** Per row of the race: its scoring class (-1: none), its points position if eligible (else 0). */
  readonly scoringClass: Int32Array;
  readonly eligiblePosition: Int32Array;
  /** Rows whose finish is counted after the scoring loop (their tally's list must grow). */
  readonly deferred: Int32Array;
}

/** Sized for the rules, the season's classes and its largest race. */
export function newFusedWork(rules: PointsRules, classes: number, rows: number): FusedWork {
  return {
    eligibility: folded(eligibilityOf(rules)),
    winnerLaps: new Int32Array(classes),
    lastPosition: new Int32Array(classes),
    road: new Int32Array(classes),
    removed: new Int32Array(classes),
    scoringClass: new Int32Array(rows),
    eligiblePosition: new Int32Array(rows),
    deferred: new Int32Array(rows),
  };
}

/**
 * Positions and scores one race for every championship in `plan` (those that count its round).
 * Returns false, having written nothing, when a class of the race has published class positions
 * or its placed cars out of overall order: the general route then takes the race.
 * `stamp` must differ from race to race (and not be 0).
 */
export function scoreRaceFused(
  t: RaceTable,
  status: Uint8Array,
  scoringOfRaced: Int32Array,
  plan: readonly FusedChampionship[],
  roundIndex: number,
  work: FusedWork,
  stamp: number,
): boolean {
  const n = t.rows.length;
  const { winnerLaps, lastPosition, road, removed } = work;
  winnerLaps.fill(-1);
  lastPosition.fill(0);
  road.fill(0);
  removed.fill(0);
  const raced = t.raced;
  const laps = t.laps;
  const position = t.position;
  const classPosition = t.classPosition;
  // First look: the general route's conditions for its one-pass positioning, and winners' laps.
  let overallWinnerLaps = -1;
  for (let i = 0; i < n; i++) {
    const l = laps[i] as number;
    const dsq = status[i] === DSQ;
    if (!dsq && l > overallWinnerLaps) overallWinnerLaps = l;
    const rc = raced[i] as number;
    const k = rc < 0 ? -1 : (scoringOfRaced[rc] as number);
    if (k < 0) continue;
    if (classPosition[i] !== 0) return false;
    if (!dsq && l > (winnerLaps[k] as number)) winnerLaps[k] = l;
    const pos = position[i] as number;
    if (pos === 0) continue;
    if (pos < (lastPosition[k] as number)) return false;
    lastPosition[k] = pos;
  }
  // Second pass: road and points positions; a row's position counts only if the car is eligible.
  const c = work.eligibility;
  const { scoringClass, eligiblePosition } = work;
  for (let i = 0; i < n; i++) {
    const rc = raced[i] as number;
    const k = rc < 0 ? -1 : (scoringOfRaced[rc] as number);
    scoringClass[i] = k;
    if (k < 0) continue;
    let pp = 0;
    // Only a placed car's exclusion matters here: without a position it scores nothing anyway.
    if (position[i] !== 0) {
      const x = exclusionFolded(
        c,
        t,
        i,
        status[i] as number,
        winnerLaps[k] as number,
        overallWinnerLaps,
      );
      const r = (road[k] = (road[k] as number) + 1);
      if (x === MOVE_UP) removed[k] = (removed[k] as number) + 1;
      else if (x === 0) pp = r - (removed[k] as number);
    }
    eligiblePosition[i] = pp;
  }
  for (let q = 0; q < plan.length; q++)
    scoreFused(plan[q] as FusedChampionship, t, status, roundIndex, work, stamp);
  return true;
}

/** Scores one positioned race for one championship: counting cars, then each row's tally. */
function scoreFused(
  f: FusedChampionship,
  t: RaceTable,
  status: Uint8Array,
  roundIndex: number,
  work: FusedWork,
  stamp: number,
): void {
  const n = t.rows.length;
  const { scoringClass, eligiblePosition, deferred } = work;
  const comps = f.byTeam ? t.team : t.make;
  const byClass = f.byClass;
  // Competitors met for the first time get their tallies first, in row order: the scoring loop
  // below then calls nothing, so the engine keeps its arrays at hand from row to row.
  for (let i = 0; i < n; i++) {
    const k = scoringClass[i] as number;
    if (k < 0) continue;
    const ft = byClass[k];
    if (ft === undefined) continue;
    const comp = comps[i] as number;
    if (comp < 0) continue;
    const table = ft.tallies;
    if (table.tallies[comp] === undefined)
      table.tallies[comp] = newTally(
        table.pool[comp] as Competitor,
        table.grid,
        table.races,
        0,
        table.perRace,
      );
  }
  const best = f.best;
  const noShared = f.noShared;
  const points = f.points;
  let later = 0;
  for (let i = 0; i < n; i++) {
    const k = scoringClass[i] as number;
    if (k < 0) continue;
    const ft = byClass[k];
    if (ft === undefined) continue;
    const comp = comps[i] as number;
    if (comp < 0) continue;
    const pp = eligiblePosition[i] as number;
    let scores = false;
    if (pp !== 0 && !(noShared && (t.drivers[i]?.length ?? 0) > 1)) {
      // Rows come in points order within their class: the first `best` of a competitor count.
      const seen = ft.stamp[comp] === stamp;
      if (!seen) ft.stamp[comp] = stamp;
      if (best === 1) scores = !seen;
      else {
        const taken = seen ? (ft.used[comp] as number) : 0;
        if (taken < best) {
          ft.used[comp] = taken + 1;
          scores = true;
        }
      }
    }
    const s = status[i] as number;
    const tally = ft.tallies.tallies[comp] as Tally;
    const grid = ft.tallies.grid;
    const cell = roundIndex * grid.width + tally.column;
    if (scores && pp <= points.length)
      grid.whole[cell] = (grid.whole[cell] as number) + (points[pp - 1] as number);
    if (s !== DNS) tally.starts++;
    const prev = grid.status[cell] as number;
    if (prev < 0 || s < prev) grid.status[cell] = s;
    if (scores) {
      const p0 = grid.position[cell] as number;
      if (p0 === 0 || pp < p0) grid.position[cell] = pp;
      const fin = tally.finishes;
      if (pp < fin.length) fin[pp] = (fin[pp] as number) + 1;
      else deferred[later++] = i; // counted below, once the list has grown
    }
  }
  for (let j = 0; j < later; j++) {
    const i = deferred[j] as number;
    const ft = byClass[scoringClass[i] as number] as FusedTable;
    addFinish(ft.tallies.tallies[comps[i] as number] as Tally, eligiblePosition[i] as number);
  }
}
