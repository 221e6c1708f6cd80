// Scoring one race for one championship table: which cars count, their points on the race's
// scale, bonuses and their sharing, and how a car's points reach its competitors. Adds to each
// competitor's tally and, when asked, writes the trail. The engine's hot path: it reads the
// race's columns and numbered competitors, and allocates nothing per row unless the trail is on.
import { ZERO, add, divInt, formatPoints, int, isZero, mul } from "./points.js";
import type { Points } from "./points.js";
import type { Bonus, Championship, Countback, RaceSettings } from "./points-rules.js";
import { selects } from "./points-rules.js";
import { eligibilityCode, scalePoints } from "./race-positions.js";
import type { RacePositions } from "./race-positions.js";
import { DNS, DSQ, STATUS_CODE } from "./season-index.js";
import type { ResultRow } from "./season.js";
import type { Competitor, TrailEntry, TrailKind } from "./standings-types.js";

/**
 * Exact points per slot (a round or a race), kept as a whole-number column plus the rare fractions:
 * adding whole points touches no object, so a season's tally costs a few typed arrays.
 */
export class PointsColumn {
  private whole: Float64Array;
  private seen: Uint8Array;
  private fractions: (Points | undefined)[] | undefined;
  constructor(slots: number) {
    this.whole = new Float64Array(slots);
    this.seen = new Uint8Array(slots);
  }
  add(slot: number, p: Points): void {
    this.seen[slot] = 1;
    if (p.d === 1) this.whole[slot] = (this.whole[slot] as number) + p.n;
    else {
      const f = (this.fractions ??= []);
      f[slot] = add(f[slot] ?? ZERO, p);
    }
  }
  /** A copy to add to apart from this one. */
  copy(): PointsColumn {
    const c = new PointsColumn(0);
    c.whole = this.whole.slice();
    c.seen = this.seen.slice();
    c.fractions = this.fractions?.slice();
    return c;
  }
  /** The slot's points, or undefined when the competitor took no part in it. */
  get(slot: number): Points | undefined {
    if (this.seen[slot] !== 1) return undefined;
    const whole = int(this.whole[slot] as number);
    const f = this.fractions?.[slot];
    return f === undefined ? whole : add(whole, f);
  }
}

/**
 * A table's per-round figures, one column per competitor it has met, round by round: a race's
 * rows update neighbouring cells instead of one array per competitor. Columns are added as
 * competitors appear; the grid doubles its width (copying round by round) when full.
 */
export class RoundGrid {
  /** Columns per round; cell (round i, column c) is at i * width + c. */
  width: number;
  columns = 0;
  /** Whole points per cell; fractions, rare, aside in Tally.roundFractions. */
  whole: Float64Array;
  /** Best status code per cell (see STATUS_CODE); -1 when the competitor took no part. */
  status: Int8Array;
  /** Best position per cell; 0 when none. */
  position: Int32Array;
  /** `expected`: how many competitors the table may meet (a first width, widened as needed). */
  constructor(
    readonly rounds: number,
    expected = 8,
  ) {
    this.width = Math.max(1, Math.min(expected, 256));
    this.whole = new Float64Array(rounds * this.width);
    this.status = new Int8Array(rounds * this.width).fill(-1);
    this.position = new Int32Array(rounds * this.width);
  }
  /** A copy to add to apart from this one (same width and columns). */
  copy(): RoundGrid {
    const g = new RoundGrid(this.rounds, 1);
    g.width = this.width;
    g.columns = this.columns;
    g.whole = this.whole.slice();
    g.status = this.status.slice();
    g.position = this.position.slice();
    return g;
  }
  addColumn(): number {
    if (this.columns === this.width) this.widen();
    return this.columns++;
  }
  private widen(): void {
    const from = this.width;
    const to = from * 2;
    const whole = new Float64Array(this.rounds * to);
    const status = new Int8Array(this.rounds * to).fill(-1);
    const position = new Int32Array(this.rounds * to);
    for (let i = 0; i < this.rounds; i++) {
      whole.set(this.whole.subarray(i * from, i * from + from), i * to);
      status.set(this.status.subarray(i * from, i * from + from), i * to);
      position.set(this.position.subarray(i * from, i * from + from), i * to);
    }
    this.width = to;
    this.whole = whole;
    this.status = status;
    this.position = position;
  }
}

/** What one competitor has gathered so far in one table, indexed by round and race order. */
export interface Tally {
  readonly competitor: Competitor;
  /** Its column in the table's grid of points, statuses and positions per round. */
  readonly grid: RoundGrid;
  readonly column: number;
  /** Fractions of points per round index (rare; the whole points are in the grid). */
  roundFractions: (Points | undefined)[] | undefined;
  /** Points per race index, for drop rules counting races (null when the rules count none). */
  readonly racePoints: PointsColumn | null;
  /** Best position per race index, 0 when none; null when no tie-break reads it (latestResult). */
  readonly racePosition: Int32Array | null;
  /** How many times counting cars took each position (index: the position; 0 unused). */
  finishes: Int32Array;
  /** Each result's points on its own, for drop rules counting results (drop.unit "result"). */
  readonly results: {
    readonly race: number;
    readonly row: number;
    readonly car: string | null;
    readonly points: Points;
  }[];
  /** The positions each of the championship's other countbacks reads (Championship.countbacks). */
  readonly countbacks: number[][];
  /** Races started; counted for drivers' tables only, the one reader (minParticipation). */
  starts: number;
  /** Classified finishes; counted for drivers' tables only (minParticipation.classified). */
  classified: number;
}

/** The countback lists of a championship without other countbacks: none, shared. */
const NO_COUNTBACKS: number[][] = [];

export function newTally(
  competitor: Competitor,
  grid: RoundGrid,
  races: number,
  countbacks = 0,
  perRace = true,
): Tally {
  return {
    countbacks: countbacks === 0 ? NO_COUNTBACKS : Array.from({ length: countbacks }, () => []),
    results: [],
    competitor,
    grid,
    column: grid.addColumn(),
    roundFractions: undefined,
    racePoints: perRace ? new PointsColumn(races) : null,
    racePosition: perRace ? new Int32Array(races) : null,
    finishes: new Int32Array(16),
    starts: 0,
    classified: 0,
  };
}

/** Competitor c's tally in the table, made (with its grid column) the first time it is met. */
export function tallyOf(table: TableTallies, c: number): Tally {
  let t = table.tallies[c];
  if (t === undefined)
    table.tallies[c] = t = newTally(
      table.pool[c] as Competitor,
      table.grid,
      table.races,
      table.ch.countbacks.length,
      table.perRace,
    );
  return t;
}

/** The competitor's best status code in round index i; -1 when it took no part in the round. */
export function roundStatus(t: Tally, i: number): number {
  return t.grid.status[i * t.grid.width + t.column] as number;
}

/** The competitor's best position in round index i; 0 when none. */
export function roundPosition(t: Tally, i: number): number {
  return t.grid.position[i * t.grid.width + t.column] as number;
}

/** The competitor's points in round index i, or undefined when it took no part in the round. */
export function roundPoints(t: Tally, i: number): Points | undefined {
  const cell = i * t.grid.width + t.column;
  if ((t.grid.status[cell] as number) < 0) return undefined;
  const whole = int(t.grid.whole[cell] as number);
  const f = t.roundFractions?.[i];
  return f === undefined ? whole : add(whole, f);
}

/** Counts `count` more finishes (one by default) in position pos (a whole number above 0). */
export function addFinish(t: Tally, pos: number, count = 1): void {
  let f = t.finishes;
  if (pos >= f.length) {
    const grown = new Int32Array(Math.max(pos + 1, 2 * f.length));
    grown.set(f);
    t.finishes = f = grown;
  }
  f[pos] = (f[pos] as number) + count;
}

/** Where a race sits in the season, and the settings that apply to it. */
export interface RaceSlot {
  readonly raceId: string;
  readonly raceIndex: number;
  readonly roundNumber: number;
  readonly roundIndex: number;
  readonly settings: RaceSettings;
}

/** One championship table's competitors and tallies, by competitor number. */
export interface TableTallies {
  readonly ch: Championship;
  readonly classId: string | null;
  /** The competitors of this championship's kind, numbered as in the season index. */
  readonly pool: readonly Competitor[];
  readonly tallies: (Tally | undefined)[];
  readonly rounds: number;
  readonly races: number;
  /** Points, statuses and positions per round, a column per competitor met. */
  readonly grid: RoundGrid;
  /** Whether tallies keep points and positions per race (drop rules or tie-breaks read them). */
  readonly perRace: boolean;
}

/** Whether a championship's ranking reads points or positions race by race. */
export function readsRaces(ch: Championship): boolean {
  return ch.drop?.unit === "race" || ch.tieBreaks.some((tb) => tb.rule === "latestResult");
}

export interface TrailSink {
  readonly entries: TrailEntry[];
  /** Stewards' decisions on a result, told in its trail. */
  readonly decisionsOn: (row: ResultRow) => readonly string[];
}

/** Buffers one race's scoring reuses across its groups, one slot per row of the race. */
export interface Scratch {
  readonly counts: Uint8Array;
  readonly finalPositions: Int32Array;
  /** Cars counted so far per competitor number; back to 0 after each group. */
  readonly used: Int32Array;
  /** A group's rows in points order (pointsOrder). */
  readonly order: Int32Array;
  /** Drivers' counting (driverCounting): bit k of row i is set when its k-th driver counts it. */
  readonly driverCounts: Int32Array;
}

/** Sized for the largest race and the largest competitor pool; reused race after race. */
export function newScratch(rows: number, competitors: number): Scratch {
  return {
    counts: new Uint8Array(rows),
    finalPositions: new Int32Array(rows),
    used: new Int32Array(competitors),
    order: new Int32Array(rows),
    driverCounts: new Int32Array(rows),
  };
}

const CLASSIFIED = STATUS_CODE.classified;

interface BonusShare {
  readonly points: Points;
  readonly rule: string;
  readonly detail: string;
  /** The driver (competitor number) credited alone; -1: the car, shared like its points. */
  readonly driver: number;
  /** A car's bonus withheld from a driver for whom the car does not count (drivers' counting). */
  readonly notCounted?: true;
}

const NONE: readonly number[] = [];

/**
 * Rows with a points position, in that order (ties by row), written to the scratch buffer; most
 * groups arrive in that order already. Clears the group's counts on the way, when given.
 */
function pointsOrder(
  rp: RacePositions,
  members: Int32Array,
  into: Int32Array,
  counts: Uint8Array | null,
): Int32Array {
  const pp = rp.pointsPosition;
  let n = 0;
  let sorted = true;
  let last = 0;
  for (let j = 0; j < members.length; j++) {
    const i = members[j] as number;
    if (counts !== null) counts[i] = 0;
    const p = pp[i] as number;
    if (p === 0) continue;
    if (p < last) sorted = false;
    last = p;
    into[n++] = i;
  }
  const placed = into.subarray(0, n);
  return sorted ? placed : placed.sort((a, b) => (pp[a] as number) - (pp[b] as number) || a - b);
}

/** Scores one race's rows of one class (or of the whole race, for a combined table). */
export function scoreRace(
  table: TableTallies,
  slot: RaceSlot,
  rp: RacePositions,
  members: Int32Array,
  scratch: Scratch,
  trail: TrailSink | null,
): void {
  const { ch } = table;
  const { settings } = slot;
  const { counts, used } = scratch;
  const m = members.length;
  const pointsPosition = rp.pointsPosition;
  const exclusion = rp.exclusion;
  const drivers = ch.kind === "drivers";
  // Teams and manufacturers: the competitor number of each row (-1: none).
  const single = drivers ? null : ch.kind === "teams" ? rp.table.team : rp.table.make;
  // Which rows count (counts[i] is set for every row of the group, 1 or 0): for teams and manufacturers, each competitor's best K eligible cars; a
  // shared car scores nothing for them when the rules say so (sharedDrives "none").
  let nonCountingPositions: number[] | undefined; // only read when they let the next car up
  const nextCar = ch.counting.nonCounting === "nextCar";
  const noShared = !drivers && ch.sharedDrives === "none";
  if (single !== null && ch.counting.best !== null) {
    const best = ch.counting.best;
    const order = pointsOrder(rp, members, scratch.order, counts);
    for (let j = 0; j < order.length; j++) {
      const i = order[j] as number;
      if (exclusion[i] !== 0) continue;
      if (noShared && sharedCar(rp, i)) continue;
      const c = single[i] as number;
      if (c < 0) continue;
      const taken = used[c] as number;
      if (taken < best) {
        counts[i] = 1;
        used[c] = taken + 1;
      } else if (nextCar) (nonCountingPositions ??= []).push(pointsPosition[i] as number);
    }
    for (let j = 0; j < order.length; j++) {
      const c = single[order[j] as number] as number;
      if (c >= 0) used[c] = 0;
    }
  } else
    for (let j = 0; j < m; j++) {
      const i = members[j] as number;
      counts[i] =
        pointsPosition[i] !== 0 && exclusion[i] === 0 && !(noShared && sharedCar(rp, i)) ? 1 : 0;
    }
  // The position each row scores from: with "nextCar", non-counting cars ahead let it move up.
  // Otherwise it is its points position.
  let finalPositions = pointsPosition;
  if (nonCountingPositions !== undefined) {
    finalPositions = scratch.finalPositions;
    for (let j = 0; j < m; j++) {
      const i = members[j] as number;
      const pp = pointsPosition[i] as number;
      if (pp === 0 || counts[i] === 0) finalPositions[i] = pp;
      else {
        let ahead = 0;
        for (const q of nonCountingPositions) if (q < pp) ahead++;
        finalPositions[i] = pp - ahead;
      }
    }
  }
  const driverCounts =
    drivers && ch.counting.best !== null
      ? driverCounting(rp, members, counts, ch.counting.best, scratch)
      : null;
  const bonusOf =
    settings.bonuses && ch.bonuses.length > 0
      ? bonusShares(ch, slot.roundNumber, rp, members, counts, finalPositions)
      : null;
  // A race the rules keep out of countbacks (a sprint) adds nothing to the lists they read.
  const readByCountbacks = settings.countback;
  const order = readByCountbacks && ch.countbacks.length > 0 ? finishingOrder(rp, members) : null;
  const r = slot.roundIndex;
  const race = slot.raceIndex;
  const byResult = ch.drop?.unit === "result";
  const stateds = drivers ? rp.table.shares : null;

  for (let j = 0; j < m; j++) {
    const gi = members[j] as number;
    let list: readonly number[] | null = null;
    let shared: number;
    if (single !== null) shared = (single[gi] as number) < 0 ? 0 : 1;
    else shared = (list = rp.table.drivers[gi] ?? NONE).length;
    if (shared === 0) continue;
    const status = rp.status[gi] as number;
    const pos = finalPositions[gi] as number;
    const scores = counts[gi] === 1 && pos !== 0;
    let rowPoints = ZERO;
    let scalePts = ZERO;
    // A bonus may be paid to a car whose position scores nothing (paidIf classified/anyFinish);
    // one credited to a driver goes whole to that driver, outside the car's shared points.
    const bonuses = bonusOf?.[gi];
    if (scores) {
      scalePts = scalePoints(settings.scale, pos, settings.multiplier);
      rowPoints = scalePts;
    }
    if (bonuses) for (const b of bonuses) if (b.driver < 0) rowPoints = add(rowPoints, b.points);
    // A result may state how its car's points are split between its drivers.
    const stated = stateds?.[gi];
    for (let k = 0; k < shared; k++) {
      const c = list === null ? (single?.[gi] as number) : (list[k] as number);
      // A driver's car that is not among his best-placed ones in this race: his share of its
      // points goes to nobody (a bonus credited to him alone is still his).
      const notHisBest =
        driverCounts !== null && k < 31 && ((driverCounts[gi] as number) & (1 << k)) === 0;
      const t = tallyOf(table, c);
      let got = notHisBest ? ZERO : shareOf(ch, stated, rowPoints, k, shared);
      if (bonuses) for (const b of bonuses) if (b.driver === c) got = add(got, b.points);
      // The round's cell: its status, set here, says the competitor took part.
      const grid = table.grid;
      const cell = r * grid.width + t.column;
      if (got.d === 1) grid.whole[cell] = (grid.whole[cell] as number) + got.n;
      else {
        const f = (t.roundFractions ??= []);
        f[r] = add(f[r] ?? ZERO, got);
      }
      t.racePoints?.add(race, got);
      if (byResult)
        t.results.push({ race, row: gi, car: rp.table.rows[gi]?.number ?? null, points: got });
      if (drivers) {
        if (status !== DNS) t.starts++;
        if (status === CLASSIFIED) t.classified++;
      }
      const prev = grid.status[cell] as number;
      if (prev < 0 || status < prev) grid.status[cell] = status;
      if (pos !== 0 && (scores || drivers)) {
        const rp0 = grid.position[cell] as number;
        if (rp0 === 0 || pos < rp0) grid.position[cell] = pos;
        const rps = t.racePosition;
        if (rps !== null) {
          const rc0 = rps[race] as number;
          if (rc0 === 0 || pos < rc0) rps[race] = pos;
        }
        if (scores && !notHisBest && readByCountbacks) addFinish(t, pos);
      }
      if (order !== null)
        for (const cb of ch.countbacks) {
          const p = countbackPosition(
            cb,
            settings.scale,
            rp,
            gi,
            counts,
            finalPositions,
            order,
            notHisBest,
          );
          if (p !== 0) (t.countbacks[cb.slot] as number[]).push(p);
        }
      if (trail !== null) {
        const parts: BonusShare[] = [];
        if (scores && !notHisBest && (!isZero(scalePts) || pos <= settings.scale.length))
          parts.push({
            driver: -1,
            points: scalePts,
            rule: "SCALE",
            detail: `P${pos} on the ${settings.scaleName} scale${settings.multiplier ? ` x ${formatPoints(settings.multiplier)}` : ""}${settings.short ? ` (${settings.short})` : ""}`,
          });
        if (bonuses)
          for (const b of bonuses)
            if (b.driver === c || (b.driver < 0 && !notHisBest)) parts.push(b);
            else if (b.driver < 0) parts.push({ ...b, notCounted: true });
        tellTrail(
          trail,
          table,
          slot,
          rp,
          gi,
          t.competitor,
          scores && !notHisBest,
          parts,
          stated,
          k,
          shared,
        );
      }
    }
  }
}

/** The trail of one row for one competitor: what it was awarded, or why it was not. */
function tellTrail(
  trail: TrailSink,
  table: TableTallies,
  slot: RaceSlot,
  rp: RacePositions,
  i: number,
  c: Competitor,
  scores: boolean,
  parts: readonly BonusShare[],
  stated: readonly Points[] | undefined,
  k: number,
  shared: number,
): void {
  // Built here, not in the scoring loop: a closure there over the loop's variables would cost
  // every row a context object, trail or not.
  const { ch } = table;
  const mineOf = (whole: Points): Points => shareOf(ch, stated, whole, k, shared);
  const note = stated
    ? `, ${formatPoints(stated[k] ?? ZERO)} of the car's points as the result states`
    : shareNote(ch, shared);
  const { settings } = slot;
  const row = rp.table.rows[i] as ResultRow;
  const say = (kind: TrailKind, rule: string, points: Points, detail: string) =>
    trail.entries.push({
      championshipId: ch.id,
      classId: table.classId,
      competitorId: c.id,
      roundNumber: slot.roundNumber,
      raceId: slot.raceId,
      kind,
      rule,
      points,
      detail,
      row: { file: row.source.file, line: row.source.line, number: row.number },
    });
  for (const d of trail.decisionsOn(row)) say("noted", "DECISION", ZERO, d);
  for (const part of parts) {
    const mine = part.driver >= 0 ? part.points : mineOf(part.points);
    if (part.notCounted)
      say(
        "withheld",
        part.rule,
        mine,
        `${part.detail}: the driver drove more than one car in this race and this one does not count for him; his share goes to nobody`,
      );
    else
      say(
        isZero(mine) && !isZero(part.points) ? "withheld" : "awarded",
        part.rule,
        mine,
        part.driver >= 0 ? part.detail : part.detail + note,
      );
  }
  if (scores) return;
  const failed = rp.failed[i];
  const road = rp.roadPosition[i] as number;
  const pp = rp.pointsPosition[i] as number;
  if (failed !== undefined) {
    const would = road !== 0 ? scalePoints(settings.scale, road, settings.multiplier) : ZERO;
    for (const f of failed) {
      const outcome =
        f.rule.effect === "moveUp"
          ? "removed, the cars behind move up"
          : "keeps its position, its points go to nobody";
      say(
        "withheld",
        eligibilityCode(f.rule),
        rp.exclusion[i] === 1 ? would : ZERO,
        `${f.reason}: ${outcome}`,
      );
    }
  } else if (pp !== 0 && ch.kind !== "drivers" && ch.sharedDrives === "none" && sharedCar(rp, i)) {
    say(
      "withheld",
      "SHARED_DRIVE",
      scalePoints(settings.scale, pp, settings.multiplier),
      `P${pp}: a car shared by ${rp.table.drivers[i]?.length ?? 0} drivers scores nothing for its ${ch.kind === "teams" ? "team" : "manufacturer"}; the position's points go to nobody`,
    );
  } else if (pp !== 0 && ch.kind === "drivers") {
    const cars = ch.counting.best === 1 ? "car" : `${ch.counting.best} cars`;
    say(
      "withheld",
      "NOT_COUNTING_CAR",
      mineOf(scalePoints(settings.scale, pp, settings.multiplier)),
      `P${pp}: the driver drove more than one car in this race and only his best-placed ${cars} ${ch.counting.best === 1 ? "scores" : "score"}; his share goes to nobody${note}`,
    );
  } else if (pp !== 0) {
    const unawarded = ch.counting.nonCounting === "unawarded";
    const cars = ch.counting.best === 1 ? "car scores" : `${ch.counting.best} cars score`;
    say(
      "withheld",
      "NOT_COUNTING_CAR",
      unawarded ? scalePoints(settings.scale, pp, settings.multiplier) : ZERO,
      unawarded
        ? `P${pp}: only the team's best ${cars}; the position's points go to nobody`
        : `P${pp}: not among the counting cars; the cars behind move up`,
    );
  } else say("withheld", "NO_POSITION", ZERO, "no classified position is known");
}

/**
 * Drivers' counting (Championship.counting for drivers): a driver who drove several cars in the
 * race scores with his best-placed `best` of them: his placed, eligible cars in points order,
 * then his cars without a points position (a bonus may still be paid to them) in row order.
 * Returns, per row of the group, a bit per driver (bit k: the row's k-th driver counts it;
 * drivers past the 31st always do).
 */
function driverCounting(
  rp: RacePositions,
  members: Int32Array,
  counts: Uint8Array,
  best: number,
  scratch: Scratch,
): Int32Array {
  const { driverCounts, used } = scratch;
  const take = (i: number): void => {
    const list = rp.table.drivers[i] ?? NONE;
    for (let k = 0; k < list.length && k < 31; k++) {
      const c = list[k] as number;
      const taken = used[c] as number;
      if (taken < best) {
        used[c] = taken + 1;
        driverCounts[i] = (driverCounts[i] as number) | (1 << k);
      }
    }
  };
  for (let j = 0; j < members.length; j++) driverCounts[members[j] as number] = 0;
  const order = pointsOrder(rp, members, scratch.order, null);
  for (let j = 0; j < order.length; j++)
    if (counts[order[j] as number] === 1) take(order[j] as number);
  for (let j = 0; j < members.length; j++) {
    const i = members[j] as number;
    if (rp.pointsPosition[i] === 0) take(i);
  }
  for (let j = 0; j < members.length; j++)
    for (const c of rp.table.drivers[members[j] as number] ?? NONE) used[c] = 0;
  return driverCounts;
}

/** Bonus points per row (by row index), split between the cars credited with each bonus. */
/** The trail's rule name of each bonus kind (BONUS_FASTEST_LAP), made once. */
const BONUS_RULE: Record<Bonus["kind"], string> = {
  pole: "BONUS_POLE",
  fastestLap: "BONUS_FASTEST_LAP",
  mostLapsLed: "BONUS_MOST_LAPS_LED",
  lapLed: "BONUS_LAP_LED",
};

/** Whether row i earns bonus b (most: the most laps any car of the group led). */
function earnsBonus(b: Bonus, t: RacePositions["table"], i: number, most: number): boolean {
  switch (b.kind) {
    case "pole":
      return t.pole[i] === 1;
    case "fastestLap":
      return t.fastestLap[i] === 1;
    case "mostLapsLed":
      return most > 0 && t.lapsLed[i] === most;
    case "lapLed":
      return (t.lapsLed[i] as number) >= b.minLapsLed;
    default: {
      const never: never = b.kind;
      throw new Error(`unhandled bonus ${String(never)}`);
    }
  }
}

/** How the trail tells a bonus paid to a car whose position scores nothing, by its condition. */
const PAID_IF_TOLD: Record<Bonus["paidIf"], string> = {
  placed: "to a placed car",
  classified: "to a classified car",
  anyFinish: "whatever the finish",
  always: "whatever the result, a disqualification included",
};

/** Whether bonus b is paid to row i, by its finish (paidIf, onlyIfTop). */
function bonusPaid(
  b: Bonus,
  rp: RacePositions,
  i: number,
  counts: Uint8Array,
  finalPositions: Int32Array,
): boolean {
  if (b.onlyIfTop !== null) {
    const p = finalPositions[i] as number;
    if (p === 0 || p > b.onlyIfTop) return false;
  }
  switch (b.paidIf) {
    case "placed":
      return counts[i] === 1;
    case "classified":
      return rp.status[i] === CLASSIFIED && mayEarnBonus(rp, i, counts);
    case "anyFinish":
      return rp.status[i] !== DSQ && mayEarnBonus(rp, i, counts);
    case "always":
      return mayEarnBonus(rp, i, counts);
    default: {
      const never: never = b.paidIf;
      throw new Error(`unhandled bonus condition ${String(never)}`);
    }
  }
}

function bonusShares(
  ch: Championship,
  roundNumber: number,
  rp: RacePositions,
  group: Int32Array,
  counts: Uint8Array,
  finalPositions: Int32Array,
): (BonusShare[] | undefined)[] {
  const out: (BonusShare[] | undefined)[] = [];
  const t = rp.table;
  let most = 0;
  for (let j = 0; j < group.length; j++) {
    const led = t.lapsLed[group[j] as number] as number;
    if (led > most) most = led;
  }
  for (const b of ch.bonuses) {
    if (!selects(b.rounds, roundNumber)) continue;
    // A bonus credited to a driver reaches a team or manufacturer only if the rules say so.
    if (b.credit === "driver" && ch.kind !== "drivers" && !b.carToo) continue;
    // Most bonuses go to one car of a group: the credited rows are found without a list first.
    let credited = 0;
    for (let j = 0; j < group.length; j++) {
      const i = group[j] as number;
      if (earnsBonus(b, t, i, most) && bonusPaid(b, rp, i, counts, finalPositions)) credited++;
    }
    if (credited === 0) continue;
    // Pole, fastest lap and most laps led are shared; a lap-led bonus goes whole to every leader.
    const shared = b.kind !== "lapLed";
    const each = shared ? divInt(b.points, credited) : b.points;
    const rule = BONUS_RULE[b.kind];
    const base = shared && credited > 1 ? `${b.kind}, shared by ${credited} cars` : b.kind;
    for (let j = 0; j < group.length; j++) {
      const i = group[j] as number;
      if (!earnsBonus(b, t, i, most) || !bonusPaid(b, rp, i, counts, finalPositions)) continue;
      // Told when the bonus is paid to a car whose position scores nothing.
      let detail =
        counts[i] === 1 || b.paidIf === "placed" ? base : `${base}, paid ${PAID_IF_TOLD[b.paidIf]}`;
      let driver = -1;
      if (b.credit === "driver" && ch.kind === "drivers" && b.kind === "fastestLap") {
        driver = t.fastestLapDriver[i] as number;
        if (driver >= 0) detail += ", set by this driver, who alone is credited";
      }
      (out[i] ??= []).push({ points: each, rule, detail, driver });
    }
  }
  return out;
}

/** Whether row i's car was driven by more than one driver. */
function sharedCar(rp: RacePositions, i: number): boolean {
  return (rp.table.drivers[i]?.length ?? 0) > 1;
}

/** A group's finishing order, for countbacks reading it (null when none does). */
interface FinishingOrder {
  /** Place in the whole finishing order (1 = first); 0 for a car that did not start. */
  readonly rank: Int32Array;
  /** The same place less the cars removed by eligibility rules (moveUp) ahead of it. */
  readonly afterRemoved: Int32Array;
}

/**
 * Every start of the group in order: the placed cars by road position, then the cars the
 * classification does not place, by laps completed (most first; unknown laps last; then as listed).
 */
function finishingOrder(rp: RacePositions, group: Int32Array): FinishingOrder {
  const members = Array.from(group);
  const n = rp.table.rows.length;
  const rank = new Int32Array(n);
  const afterRemoved = new Int32Array(n);
  const road = rp.roadPosition;
  const laps = rp.table.laps;
  const started = members.filter((i) => rp.status[i] !== DNS || road[i] !== 0);
  started.sort((a, b) => {
    const ra = road[a] as number;
    const rb = road[b] as number;
    if (ra !== 0 || rb !== 0) return ra === 0 ? 1 : rb === 0 ? -1 : ra - rb;
    return (laps[b] as number) - (laps[a] as number) || a - b;
  });
  let removed = 0;
  started.forEach((i, k) => {
    rank[i] = k + 1;
    afterRemoved[i] = k + 1 - removed;
    if (rp.exclusion[i] === 2) removed++;
  });
  return { rank, afterRemoved };
}

/** The position a countback reads from row i, or 0 when it does not read the row. */
function countbackPosition(
  cb: Countback,
  scale: readonly Points[],
  rp: RacePositions,
  i: number,
  counts: Uint8Array,
  finalPositions: Int32Array,
  order: FinishingOrder | null,
  notHisCar: boolean,
): number {
  const road = rp.roadPosition[i] as number;
  const pp = rp.pointsPosition[i] as number;
  // Withheld: failed an eligibility rule, placed but not among a team's counting cars, or a
  // driver's car that does not count for him (drivers' counting).
  const withheld = rp.exclusion[i] !== 0 || (pp !== 0 && counts[i] === 0) || notHisCar;
  if (withheld && !cb.withheld) return 0;
  switch (cb.over) {
    case "placed":
      if (road === 0) return 0;
      break;
    case "scoring":
      if (
        counts[i] !== 1 ||
        notHisCar ||
        isZero(scalePoints(scale, finalPositions[i] as number, null))
      )
        return 0;
      break;
    case "classified":
      if (road === 0 || rp.status[i] !== CLASSIFIED) return 0;
      break;
    case "finishingOrder": {
      const o = order as FinishingOrder;
      return cb.position === "classified" ? (o.rank[i] as number) : (o.afterRemoved[i] as number);
    }
    default: {
      const never: never = cb.over;
      throw new Error(`unhandled countback ${String(never)}`);
    }
  }
  if (cb.position === "classified") return road;
  return (counts[i] === 1 ? (finalPositions[i] as number) : 0) || pp || road;
}

/**
 * Whether a car may earn a bonus paid beyond the points positions: never when declared ineligible
 * (its entry, or this result), nor a team's car placed but not among its counting cars. Whether a
 * disqualified car may is the condition's to say (only `always` pays it).
 */
function mayEarnBonus(rp: RacePositions, i: number, counts: Uint8Array): boolean {
  if (rp.table.ineligible[i] === 1 || rp.table.ineligibleResult[i] !== 0) return false;
  const placedNotCounting = rp.pointsPosition[i] !== 0 && rp.exclusion[i] === 0 && counts[i] === 0;
  return !placedNotCounting;
}

/**
 * How a car's points reach its competitors: driver k's share of n drivers (the split the result
 * states, else the rules' shared-drive rule); teams and manufacturers take the car's points whole.
 */
function shareOf(
  ch: Championship,
  stated: readonly Points[] | undefined,
  x: Points,
  k: number,
  n: number,
): Points {
  if (ch.kind !== "drivers") return x;
  if (stated) return mul(x, stated[k] ?? ZERO);
  switch (ch.sharedDrives) {
    case "full":
      return x;
    case "split":
      return n > 1 ? divInt(x, n) : x;
    case "first":
      return k === 0 ? x : ZERO;
    case "none":
      return n > 1 ? ZERO : x;
    default: {
      const never: never = ch.sharedDrives;
      throw new Error(`unhandled shared drive rule ${String(never)}`);
    }
  }
}

/** The trail's note on how a car's points were shared between its n drivers. */
function shareNote(ch: Championship, n: number): string {
  if (ch.kind !== "drivers" || n <= 1) return "";
  switch (ch.sharedDrives) {
    case "full":
      return "";
    case "split":
      return `, split between ${n} drivers`;
    case "first":
      return ", to the first-listed driver only";
    case "none":
      return ", shared drives score nothing";
    default: {
      const never: never = ch.sharedDrives;
      throw new Error(`unhandled shared drive rule ${String(never)}`);
    }
  }
}
