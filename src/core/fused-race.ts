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
import { addFinish, readsRaces, tallyOf } from "./score-race.js";
import type { RoundGrid, TableTallies, Tally } from "./score-race.js";
import { DSQ, FLAG_INELIGIBLE, FLAG_PLACED, FLAG_SHARED } from "./season-index.js";
import type { RaceTable, SeasonRaces } from "./season-index.js";

/** Positions below this are counted in FusedChampionship.finishes; others on the tally itself. */
const FINISH_SLOTS = 64;

/**
 * A championship the fused route scores. Its tables (one per scoring class) share one grid, and
 * what the scoring loop keeps per competitor is in flat typed arrays, one slot per class and
 * competitor (k * pool + c): the loop holds them all in local variables. flushFused adds the
 * finishes to the tallies once every race is scored. Starts are not counted: only a drivers'
 * table reads them (minParticipation), and drivers' tables take the general route.
 */
export interface FusedChampionship {
  readonly ch: Championship;
  readonly byTeam: boolean;
  /** Cars counted per competitor and race (Infinity: all). */
  readonly best: number;
  readonly noShared: boolean;
  /** Whole points of position p at index p; index 0 and the last index (past the scale) hold 0. */
  readonly points: Float64Array;
  /** Its table per scoring class index. */
  readonly tables: readonly (TableTallies | undefined)[];
  readonly grid: RoundGrid;
  /** How many competitors the pool holds: slots per class. */
  readonly pool: number;
  /** The race (its stamp) in which used[slot] was last set: no clearing between races. */
  readonly stamp: Int32Array;
  readonly used: Int32Array;
  /** The competitor's grid column + 1; 0 while it has no tally. */
  readonly column: Int32Array;
  /** finishes[slot * FINISH_SLOTS + p]: how many times the slot's counting cars took position p. */
  readonly finishes: Int32Array;
}

/**
 * The championship on the fused route, or null when its shape needs the general one. `settings`
 * must be the same in every race (no race overrides in the rules), and its tables must share one
 * grid (computeStandings makes them so).
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
  const tables: (TableTallies | undefined)[] = [];
  for (let k = 0; k < classes; k++) tables.push(tablesByClass.get(k));
  const first = tables.find((t) => t !== undefined);
  if (first === undefined || tables.some((t) => t !== undefined && t.grid !== first.grid))
    return null;
  const pool = first.pool.length;
  const slots = classes * pool;
  return {
    ch,
    byTeam: ch.kind === "teams",
    best: ch.counting.best ?? Infinity,
    noShared: ch.sharedDrives === "none",
    points,
    tables,
    grid: first.grid,
    pool,
    stamp: new Int32Array(slots),
    used: new Int32Array(slots),
    column: new Int32Array(slots),
    finishes: new Int32Array(slots * FINISH_SLOTS),
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
  for (let k = 0; k < upBelow.length; k++) {
    upBelow[k] = 0;
    unawardedBelow[k] = 0;
  }
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
}

/** Sized for the rules and the season's classes. */
export function newFusedWork(rules: PointsRules, classes: number): FusedWork {
  return {
    eligibility: folded(eligibilityOf(rules)),
    winnerLaps: new Int32Array(classes),
    lastPosition: new Int32Array(classes),
    road: new Int32Array(classes),
    removed: new Int32Array(classes),
    upBelow: new Int32Array(classes),
    unawardedBelow: new Int32Array(classes),
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
  const { winnerLaps, lastPosition } = work;
  startRace(work);
  // The general route's conditions for its one-pass positioning, and the winners' laps: from the
  // race's summary when it describes these positions and statuses, else from a first pass.
  let overallWinnerLaps = -1;
  const summary = t.summary;
  if (summary.placedInOrder && summary.position === t.position && summary.status === status) {
    overallWinnerLaps = summary.mostLapsOverall;
    winnersFrom(summary.mostLaps, 0, summary.mostLaps.length, scoringOfRaced, winnerLaps);
  } else {
    const { raced, laps, position, classPosition } = t;
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
  }
  const rows: Rows = { flags: t.flags, laps: t.laps, team: t.team, make: t.make, status };
  scorePlan(rows, 0, n, overallWinnerLaps, scoringOfRaced, plan, roundIndex, work, stamp);
  return true;
}

/** Clears the per-class figures of the race before (a plain loop: fill is a call too many). */
function startRace(work: FusedWork): void {
  const { winnerLaps, lastPosition, road, removed } = work;
  for (let k = 0; k < winnerLaps.length; k++) {
    winnerLaps[k] = -1;
    lastPosition[k] = 0;
    road[k] = 0;
    removed[k] = 0;
  }
}

/** Each scoring class's winner's laps from the most laps per raced class, mostLaps[from + rc]. */
function winnersFrom(
  mostLaps: Int32Array,
  from: number,
  count: number,
  scoringOfRaced: Int32Array,
  winnerLaps: Int32Array,
): void {
  for (let rc = 0; rc < count; rc++) {
    const k = scoringOfRaced[rc] as number;
    const laps = mostLaps[from + rc] as number;
    if (k >= 0 && laps > (winnerLaps[k] as number)) winnerLaps[k] = laps;
  }
}

/** The columns the scoring loop reads, and the statuses it reads them with. */
interface Rows {
  readonly flags: Int32Array;
  readonly laps: Int32Array;
  readonly team: Int32Array;
  readonly make: Int32Array;
  readonly status: Uint8Array;
}

/**
 * Scores race j of the season's races side by side (SeasonRaces, by its place in inOrder) for
 * every championship in `plan`, without its table: its rows straight from the season's columns,
 * its winners' laps from the figures kept per race. Only for statuses and positions as laid out
 * (no stewards' decision in force); returns false, having written nothing, where scoreRaceFused
 * would (a race with class positions or out of order).
 */
export function scoreSideBySide(
  races: SeasonRaces,
  j: number,
  scoringOfRaced: Int32Array,
  plan: readonly FusedChampionship[],
  roundIndex: number,
  work: FusedWork,
  stamp: number,
): boolean {
  if (races.placedInOrder[j] !== 1) return false;
  startRace(work);
  const classes = scoringOfRaced.length;
  winnersFrom(races.mostLaps, j * classes, classes, scoringOfRaced, work.winnerLaps);
  const start = races.start[j] as number;
  scorePlan(
    races,
    start,
    start + (races.count[j] as number),
    races.mostLapsOverall[j] as number,
    scoringOfRaced,
    plan,
    roundIndex,
    work,
    stamp,
  );
  return true;
}

/** The race's distance limits, then each championship of the plan scored over rows [from, to). */
function scorePlan(
  rows: Rows,
  from: number,
  to: number,
  overallWinnerLaps: number,
  scoringOfRaced: Int32Array,
  plan: readonly FusedChampionship[],
  roundIndex: number,
  work: FusedWork,
  stamp: number,
): void {
  const { winnerLaps, road, removed } = work;
  distanceLimits(
    work.eligibility,
    winnerLaps,
    overallWinnerLaps,
    work.upBelow,
    work.unawardedBelow,
  );
  for (let q = 0; q < plan.length; q++) {
    if (q > 0)
      for (let k = 0; k < road.length; k++) {
        road[k] = 0;
        removed[k] = 0;
      }
    scoreChampionship(
      rows,
      from,
      to,
      scoringOfRaced,
      plan[q] as FusedChampionship,
      roundIndex,
      work,
      stamp,
    );
  }
}

/**
 * Positions and scores one race for one championship, in one pass over its rows: each placed
 * row's points position in its class (exclusionOf's answer folded into status masks, the entry's
 * and the result's own flags and the race's distance limits), whether it is one of its
 * competitor's counting cars, and its cell's points, status and position. Everything the loop
 * reads is in local variables: a property read per row would cost more than the row's work.
 */
function scoreChampionship(
  rows: Rows,
  from: number,
  to: number,
  scoringOfRaced: Int32Array,
  f: FusedChampionship,
  roundIndex: number,
  work: FusedWork,
  stamp: number,
): void {
  const { flags, laps, status } = rows;
  const comps = f.byTeam ? rows.team : rows.make;
  // A shared car scores nothing under sharedDrives none: its flag then stops it.
  const sharedStops = f.noShared ? FLAG_SHARED : 0;
  const e = work.eligibility;
  const { moveUpStatuses, unawardedStatuses, entriesMoveUp, entriesUnawarded } = e;
  const dsqRemoves = !e.namesDsq;
  const { road, removed, upBelow, unawardedBelow } = work;
  const { stamp: stamps, used, column, finishes, points, best, pool } = f;
  const lastPoints = points.length - 1;
  const grid = f.grid;
  let { width, status: cellStatus, whole, position: cellPosition } = grid;
  for (let i = from; i < to; i++) {
    const fl = flags[i] as number;
    const rc = (fl & 0xffff) - 1;
    const k = rc < 0 ? -1 : (scoringOfRaced[rc] as number);
    if (k < 0) continue;
    const s = status[i] as number;
    // The points position: 0 when the row scores nothing.
    let pp = 0;
    if ((fl & FLAG_PLACED) !== 0) {
      const l = laps[i] as number;
      const own = (fl >>> 18) & 3;
      let up = (moveUpStatuses >> s) & 1;
      let unawarded = (unawardedStatuses >> s) & 1;
      if ((fl & FLAG_INELIGIBLE) !== 0) {
        up |= entriesMoveUp;
        unawarded |= entriesUnawarded;
      }
      if (l >= 0) {
        if (l < (upBelow[k] as number)) up = 1;
        if (l < (unawardedBelow[k] as number)) unawarded = 1;
      }
      const r = (road[k] = (road[k] as number) + 1);
      if (up === 1 || (s === DSQ && dsqRemoves) || own === 2)
        removed[k] = (removed[k] as number) + 1;
      else if (own === 0 && unawarded === 0) pp = r - (removed[k] as number);
    }
    const comp = comps[i] as number;
    if (comp < 0) continue;
    const slot = k * pool + comp;
    let col = column[slot] as number;
    if (col === 0) {
      // Met for the first time, or a class without a table in this championship.
      const table = f.tables[k];
      if (table === undefined) continue;
      col = tallyColumn(f, table, comp, slot);
      // The grid may have grown.
      ({ width, status: cellStatus, whole, position: cellPosition } = grid);
    }
    // Rows come in points order within their class: the first `best` of a competitor count.
    let scores = false;
    if (pp !== 0 && (fl & sharedStops) === 0) {
      const seen = stamps[slot] === stamp;
      stamps[slot] = stamp;
      if (best === 1) scores = !seen;
      else {
        const taken = seen ? (used[slot] as number) : 0;
        if (taken < best) {
          used[slot] = taken + 1;
          scores = true;
        }
      }
    }
    const cell = roundIndex * width + col - 1;
    // The cell's best status: -1 (no part yet) read as 255 loses to any status, without a branch
    // (whether a competitor's car is its first in the round is a coin toss to the processor).
    cellStatus[cell] = Math.min((cellStatus[cell] as number) & 255, s);
    if (!scores) continue;
    whole[cell] = (whole[cell] as number) + (points[pp < lastPoints ? pp : lastPoints] as number);
    const p0 = cellPosition[cell] as number;
    if (p0 === 0 || pp < p0) cellPosition[cell] = pp;
    if (pp < FINISH_SLOTS) {
      const x = slot * FINISH_SLOTS + pp;
      finishes[x] = (finishes[x] as number) + 1;
    } else addFinish(f.tables[k]?.tallies[comp] as Tally, pp);
  }
}

/**
 * Gives competitor comp a tally (and a grid column) in its class's table if it has none yet;
 * returns its column + 1. Called the first time a competitor is met (rarely: kept out of line).
 */
function tallyColumn(
  f: FusedChampionship,
  table: TableTallies,
  comp: number,
  slot: number,
): number {
  return (f.column[slot] = tallyOf(table, comp).column + 1);
}

/** Adds the finishes the fused route counted to the tallies: once, after every race. */
export function flushFused(plan: readonly FusedChampionship[]): void {
  for (const f of plan)
    f.tables.forEach((table, k) => {
      if (table === undefined) return;
      for (let comp = 0; comp < f.pool; comp++) {
        const tally = table.tallies[comp];
        if (tally === undefined) continue;
        const slot = k * f.pool + comp;
        for (let p = 1; p < FINISH_SLOTS; p++) {
          const count = f.finishes[slot * FINISH_SLOTS + p] as number;
          if (count !== 0) addFinish(tally, p, count);
        }
      }
    });
}
