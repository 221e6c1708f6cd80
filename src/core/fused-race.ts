// The engine's fused route: one race positioned and scored in a single pass over its rows, for
// the common shape of championship (teams or manufacturers per class, counting their best cars
// or all of them, the points of non-counting cars going to nobody, whole points, no bonuses, no
// countback or tie-break reading races or results) when no trail is asked for. It writes exactly
// what positionRaceColumns + scoreRace write (compute-standings.shortcuts.test.ts holds the two
// routes to the same output); a race whose classes come with published class positions or out of
// overall order is left to the general route.
import type { Championship, EligibilityRule, PointsRules, RaceSettings } from "./points-rules.js";
import type { Eligibility } from "./race-positions.js";
import { eligibilityOf, scalePoints } from "./race-positions.js";
import { addFinish, newTally, readsRaces } from "./score-race.js";
import type { TableTallies, Tally } from "./score-race.js";
import { DNS, DSQ } from "./season-index.js";
import type { RaceTable } from "./season-index.js";
import type { Competitor } from "./standings-types.js";

/** Positions below this are counted in FusedTable.finishes; others go straight to the tally. */
const FINISH_SLOTS = 64;

/**
 * One championship table on the fused route, with its per-race count of cars already counted.
 * Per competitor number: its grid column, starts and finishes in typed arrays, so that the scoring
 * loop touches no objects; flushFused adds them to the tallies once every race is scored.
 */
interface FusedTable {
  readonly tallies: TableTallies;
  /** The race (its stamp) in which used[c] was last set: no clearing between races. */
  readonly stamp: Int32Array;
  readonly used: Int32Array;
  /** The competitor's grid column + 1; 0 while it has no tally. */
  readonly column: Int32Array;
  readonly starts: Int32Array;
  /** finishes[c * FINISH_SLOTS + p]: how many times c's counting cars took position p. */
  readonly finishes: Int32Array;
}

/** A championship the fused route scores: its table per scoring class index. */
export interface FusedChampionship {
  readonly ch: Championship;
  readonly byTeam: boolean;
  /** Cars counted per competitor and race (Infinity: all). */
  readonly best: number;
  readonly noShared: boolean;
  /** Whole points of position p at index p; index 0 and the last index (past the scale) hold 0. */
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
  const points = new Float64Array(settings.scale.length + 2);
  for (let p = 1; p <= settings.scale.length; p++) {
    const x = scalePoints(settings.scale, p, settings.multiplier);
    if (x.d !== 1) return null;
    points[p] = x.n;
  }
  const byClass: (FusedTable | undefined)[] = [];
  for (let k = 0; k < classes; k++) {
    const t = tablesByClass.get(k);
    byClass.push(
      t && {
        tallies: t,
        stamp: new Int32Array(t.pool.length),
        used: new Int32Array(t.pool.length),
        column: new Int32Array(t.pool.length),
        starts: new Int32Array(t.pool.length),
        finishes: new Int32Array(t.pool.length * FINISH_SLOTS),
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

/**
 * The distance rules folded into lap counts per class for one race: a car with fewer laps than
 * upBelow[k] is removed (the cars behind move up), one with fewer than unawardedBelow[k] scores
 * nothing. Exact: laps < (n/d) * ref holds for whole laps exactly when laps < ceil(n * ref / d).
 * A reference without published laps (-1) sets no limit.
 */
function distanceLimits(
  e: FoldedEligibility,
  winnerLaps: Int32Array,
  overallWinnerLaps: number,
  upBelow: Int32Array,
  unawardedBelow: Int32Array,
): void {
  upBelow.fill(0);
  unawardedBelow.fill(0);
  for (let r = 0; r < e.distanceN.length; r++) {
    const n = e.distanceN[r] as number;
    const d = e.distanceD[r] as number;
    const limits = e.distanceMoveUp[r] === 1 ? upBelow : unawardedBelow;
    for (let k = 0; k < winnerLaps.length; k++) {
      const ref = e.distanceOfClass[r] === 1 ? (winnerLaps[k] as number) : overallWinnerLaps;
      if (ref < 0) continue;
      const q = Math.floor((n * ref) / d);
      const limit = q * d === n * ref ? q : q + 1;
      if (limit > (limits[k] as number)) limits[k] = limit;
    }
  }
}

/** Per-class figures of one race, reused race after race. */
export interface FusedWork {
  readonly eligibility: FoldedEligibility;
  readonly winnerLaps: Int32Array;
  readonly lastPosition: Int32Array;
  readonly road: Int32Array;
  readonly removed: Int32Array;
  /** Per class, this race's distance limits (distanceLimits). */
  readonly upBelow: Int32Array;
  readonly unawardedBelow: Int32Array;
  /** Per row of the race: its scoring class (-1: none), its points position if eligible (else 0). */
  readonly scoringClass: Int32Array;
  readonly eligiblePosition: Int32Array;
}

/** Sized for the rules, the season's classes and its largest race. */
export function newFusedWork(rules: PointsRules, classes: number, rows: number): FusedWork {
  return {
    eligibility: folded(eligibilityOf(rules)),
    winnerLaps: new Int32Array(classes),
    lastPosition: new Int32Array(classes),
    road: new Int32Array(classes),
    removed: new Int32Array(classes),
    upBelow: new Int32Array(classes),
    unawardedBelow: new Int32Array(classes),
    scoringClass: new Int32Array(rows),
    eligiblePosition: new Int32Array(rows),
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
  // Then road and points positions and the scoring: in one pass for one championship, else the
  // positions first and then a pass per championship.
  distanceLimits(
    work.eligibility,
    winnerLaps,
    overallWinnerLaps,
    work.upBelow,
    work.unawardedBelow,
  );
  const { scoringClass, eligiblePosition } = work;
  const only = plan.length === 1 ? (plan[0] as FusedChampionship) : null;
  for (let i = 0; i < n; i++) {
    const rc = raced[i] as number;
    const k = rc < 0 ? -1 : (scoringOfRaced[rc] as number);
    if (k < 0) {
      scoringClass[i] = -1;
      continue;
    }
    const pp = position[i] === 0 ? 0 : pointsPosition(work, t, status[i] as number, i, k);
    if (only !== null) scoreRow(only, t, i, k, pp, status[i] as number, roundIndex, stamp);
    else {
      scoringClass[i] = k;
      eligiblePosition[i] = pp;
    }
  }
  if (only === null)
    for (const f of plan)
      for (let i = 0; i < n; i++) {
        const k = scoringClass[i] as number;
        if (k >= 0)
          scoreRow(
            f,
            t,
            i,
            k,
            eligiblePosition[i] as number,
            status[i] as number,
            roundIndex,
            stamp,
          );
      }
  return true;
}

/**
 * A placed row's points position in its class k (0: it scores nothing), counting it on the road:
 * exclusionOf's answer folded into status masks, the entry's and the result's own flags and the
 * race's distance limits.
 */
function pointsPosition(work: FusedWork, t: RaceTable, s: number, i: number, k: number): number {
  const c = work.eligibility;
  const l = t.laps[i] as number;
  const own = t.ineligibleResult[i] as number;
  let up = (c.moveUpStatuses >> s) & 1;
  let unawarded = (c.unawardedStatuses >> s) & 1;
  if (t.ineligible[i] === 1) {
    up |= c.entriesMoveUp;
    unawarded |= c.entriesUnawarded;
  }
  if (l >= 0) {
    if (l < (work.upBelow[k] as number)) up = 1;
    if (l < (work.unawardedBelow[k] as number)) unawarded = 1;
  }
  const road = (work.road[k] = (work.road[k] as number) + 1);
  if (up === 1 || (s === DSQ && !c.namesDsq) || own === 2) {
    work.removed[k] = (work.removed[k] as number) + 1;
    return 0;
  }
  return own === 0 && unawarded === 0 ? road - (work.removed[k] as number) : 0;
}

/** Whether row i, placed and eligible, is one of its competitor's counting cars in this race. */
function counts(
  f: FusedChampionship,
  ft: FusedTable,
  t: RaceTable,
  i: number,
  comp: number,
  stamp: number,
): boolean {
  if (f.noShared && (t.drivers[i]?.length ?? 0) > 1) return false;
  const seen = ft.stamp[comp] === stamp;
  ft.stamp[comp] = stamp;
  if (f.best === 1) return !seen;
  const taken = seen ? (ft.used[comp] as number) : 0;
  if (taken >= f.best) return false;
  ft.used[comp] = taken + 1;
  return true;
}

/**
 * Counts row i (of scoring class k, points position pp) for championship f: whether it is one of
 * its competitor's counting cars, then the points, status, position, start and finish of its cell.
 */
function scoreRow(
  f: FusedChampionship,
  t: RaceTable,
  i: number,
  k: number,
  pp: number,
  s: number,
  roundIndex: number,
  stamp: number,
): void {
  const ft = f.byClass[k];
  if (ft === undefined) return;
  const comp = (f.byTeam ? t.team[i] : t.make[i]) as number;
  if (comp < 0) return;
  // Rows come in points order within their class: the first `best` of a competitor count.
  const scores = pp !== 0 && counts(f, ft, t, i, comp, stamp);
  let column = ft.column[comp] as number;
  if (column === 0) column = tallyColumn(ft, comp); // met for the first time
  const grid = ft.tallies.grid;
  const cell = roundIndex * grid.width + column - 1;
  if (s !== DNS) ft.starts[comp] = (ft.starts[comp] as number) + 1;
  const prev = grid.status[cell] as number;
  if (prev < 0 || s < prev) grid.status[cell] = s;
  if (!scores) return;
  const points = f.points;
  grid.whole[cell] =
    (grid.whole[cell] as number) + (points[Math.min(pp, points.length - 1)] as number);
  const p0 = grid.position[cell] as number;
  if (p0 === 0 || pp < p0) grid.position[cell] = pp;
  if (pp < FINISH_SLOTS) {
    const x = comp * FINISH_SLOTS + pp;
    ft.finishes[x] = (ft.finishes[x] as number) + 1;
  } else addFinish(ft.tallies.tallies[comp] as Tally, pp);
}

/**
 * Gives competitor comp a tally (and a grid column) in table ft if it has none yet; returns its
 * column + 1. Called from the scoring loop the first time a competitor is met (rarely: kept out
 * of line so that the loop stays small).
 */
function tallyColumn(ft: FusedTable, comp: number): number {
  const table = ft.tallies;
  let tally = table.tallies[comp];
  if (tally === undefined)
    table.tallies[comp] = tally = newTally(
      table.pool[comp] as Competitor,
      table.grid,
      table.races,
      0,
      table.perRace,
    );
  return (ft.column[comp] = tally.column + 1);
}

/** Adds the starts and finishes the fused route counted to the tallies: once, after every race. */
export function flushFused(plan: readonly FusedChampionship[]): void {
  for (const f of plan)
    for (const ft of f.byClass) {
      if (ft === undefined) continue;
      const { tallies } = ft.tallies;
      for (let comp = 0; comp < tallies.length; comp++) {
        const tally = tallies[comp];
        if (tally === undefined) continue;
        tally.starts += ft.starts[comp] as number;
        for (let p = 1; p < FINISH_SLOTS; p++) {
          const count = ft.finishes[comp * FINISH_SLOTS + p] as number;
          if (count !== 0) addFinish(tally, p, count);
        }
      }
    }
}
