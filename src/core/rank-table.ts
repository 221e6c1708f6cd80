// From competitors' tallies to a ranked standings table: which results count (drop rules,
// wiped rounds), stewards' points decisions, per-round cells with markers, and the order with
// its tie-breaks.
import type { CoDriverOrder } from "./level-rows.js";
import { ZERO, add, cmp, int, isZero, sub } from "./points.js";
import type { Points } from "./points.js";
import type { Championship, TieBreak } from "./points-rules.js";
import { selects } from "./points-rules.js";
import { countedUnits } from "./drop-results.js";
import type { ScoringUnit } from "./drop-results.js";
import type { Decision } from "./season.js";
import { roundPoints, roundPosition, roundStatus } from "./score-race.js";
import type { Tally } from "./score-race.js";
import type { StandingCell, StandingRow, TrailEntry, TrailKind } from "./standings-types.js";
import { FINISH_STATUSES } from "./vocabulary.js";
import type { CellMarker, FinishStatus } from "./vocabulary.js";

const STATUS_MARKER: Record<FinishStatus, CellMarker> = {
  classified: "no_points",
  not_classified: "not_classified",
  dnf: "dnf",
  dsq: "dsq",
  dns: "dns",
};

export interface TableFrame {
  readonly ch: Championship;
  readonly classId: string | null;
  /** Round numbers of the table's columns, in order; tallies are indexed alike. */
  readonly rounds: readonly number[];
  /** Round number -> its column in `rounds`. */
  readonly roundColumn: ReadonlyMap<number, number>;
  /** Race ids and their round numbers, in running order; tallies are indexed alike. */
  readonly races: readonly { readonly id: string; readonly roundNumber: number }[];
  /** The points decisions (deductions, exclusions, wiped points) in force. */
  readonly decisions: readonly Decision[];
  readonly trail: TrailEntry[] | null;
  /**
   * For levelRows previousRound and the previousRound tie-break: each competitor with points in
   * the table after the previous round, and its place in that table's order (null: no previous
   * round). A function, called only when two rows are level: finding it costs a computation of
   * every earlier round.
   */
  readonly previousOrder?: (() => ReadonlyMap<string, number> | null) | null;
  /** For levelRows earliestResults and previousRound: co-drivers of one car in the car's order. */
  readonly coDrivers?: CoDriverOrder | null;
}

/** A row's figures, its cells built on first read (most callers read totals only). */
interface RowParts {
  readonly competitor: StandingRow["competitor"];
  readonly cells: () => readonly StandingCell[];
  readonly gross: Points;
  readonly deductions: Points;
  readonly total: Points;
  readonly excluded: boolean;
  readonly ex: { readonly positionMarker?: "EX"; readonly pointsHidden?: boolean };
  readonly note: string;
  readonly finishes: () => readonly number[];
}

/**
 * A standings row: figures in own fields, cells and finishes built on first read and shared by
 * every reader. A class rather than a literal with getters: such a literal is a dictionary-mode
 * object of about 1 KB, this one is a fast object of about 130 bytes. `toJSON` writes the row
 * as the plain object it stands for (cells and finishes included).
 */
export class LazyStandingRow implements StandingRow {
  readonly position: number | null;
  readonly tied: boolean;
  readonly competitor: StandingRow["competitor"];
  readonly gross: Points;
  readonly deductions: Points;
  readonly total: Points;
  readonly excluded: boolean;
  readonly positionMarker?: "EX";
  readonly pointsHidden?: boolean;
  readonly note: string;
  readonly #parts: RowParts;

  constructor(p: RowParts, position: number | null, tied: boolean) {
    this.position = position;
    this.tied = tied;
    this.competitor = p.competitor;
    this.gross = p.gross;
    this.deductions = p.deductions;
    this.total = p.total;
    this.excluded = p.excluded;
    if (p.ex.positionMarker !== undefined) this.positionMarker = p.ex.positionMarker;
    if (p.ex.pointsHidden !== undefined) this.pointsHidden = p.ex.pointsHidden;
    this.note = p.note;
    this.#parts = p;
  }

  get cells(): readonly StandingCell[] {
    return this.#parts.cells();
  }

  get finishes(): readonly number[] {
    return this.#parts.finishes();
  }

  toJSON(): StandingRow {
    return {
      position: this.position,
      tied: this.tied,
      competitor: this.competitor,
      cells: this.cells,
      gross: this.gross,
      deductions: this.deductions,
      total: this.total,
      excluded: this.excluded,
      ...(this.positionMarker !== undefined ? { positionMarker: this.positionMarker } : {}),
      ...(this.pointsHidden !== undefined ? { pointsHidden: this.pointsHidden } : {}),
      note: this.note,
      finishes: this.finishes,
    };
  }
}

function standingRow(p: RowParts, position: number | null, tied: boolean): StandingRow {
  return new LazyStandingRow(p, position, tied);
}

/** A standings row while it is being ranked, with what tie-breaks need. */
interface RowInProgress {
  readonly parts: RowParts;
  readonly tally: Tally;
}

function decisionConcerns(d: Decision, frame: TableFrame, competitorId: string): boolean {
  if (d.championshipId !== frame.ch.id) return false;
  if (d.target.classId !== null && frame.classId !== null && d.target.classId !== frame.classId)
    return false;
  switch (frame.ch.kind) {
    case "teams":
      return d.target.teamId === competitorId;
    case "drivers":
      return d.target.driverId === competitorId;
    case "manufacturers":
      return d.target.manufacturer === competitorId;
    default: {
      const never: never = frame.ch.kind;
      throw new Error(`unhandled championship kind ${String(never)}`);
    }
  }
}

function buildRow(frame: TableFrame, tally: Tally): RowParts {
  const { ch } = frame;
  const c = tally.competitor;
  const say = (
    roundNumber: number | null,
    raceId: string | null,
    kind: TrailKind,
    rule: string,
    points: Points,
    detail: string,
  ) =>
    frame.trail?.push({
      championshipId: ch.id,
      classId: frame.classId,
      competitorId: c.id,
      roundNumber,
      raceId,
      kind,
      rule,
      points,
      detail,
      row: null,
    });
  const mine = frame.decisions.filter((d) => decisionConcerns(d, frame, c.id));
  let wipedUpto = 0;
  for (const d of mine)
    if (d.kind === "wipe_points" && (d.uptoRound ?? 0) > wipedUpto) wipedUpto = d.uptoRound ?? 0;

  // With drop rules, the points of each round that count (without, a countable round's all).
  let countedByRound: (Points | undefined)[] | null = null;
  // Whole points add up as a plain number; fractions (rare) as exact rationals.
  let grossWhole = 0;
  let grossFraction = ZERO;
  const count = (column: number, points: Points) => {
    if (countedByRound !== null)
      countedByRound[column] = add(countedByRound[column] ?? ZERO, points);
    if (points.d === 1) grossWhole += points.n;
    else grossFraction = add(grossFraction, points);
  };
  const notCounted = (round: number, raceId: string | null, points: Points, what = "") => {
    if (isZero(points)) return;
    const wiped = round <= wipedUpto;
    say(
      round,
      raceId,
      wiped ? "wiped" : "dropped",
      wiped ? "WIPED" : "DROP",
      points,
      what + (wiped ? "points wiped by a stewards' decision" : "not among the results that count"),
    );
  };
  const countable = (round: number) => selects(ch.rounds, round) && round > wipedUpto;
  if (ch.drop === null) {
    // Without drop rules every countable round counts: its whole points read straight from the
    // grid (a season may have thousands of rounds), its fractions (rare) added exactly.
    const { grid, column, roundFractions } = tally;
    const { width, status, whole } = grid;
    const rounds = frame.rounds;
    // Every round countable (no rounds chosen, nothing wiped): a plain sum down the column.
    if (ch.rounds === null && wipedUpto === 0 && roundFractions === undefined)
      for (let cell = column; cell < rounds.length * width; cell += width) {
        if ((status[cell] as number) >= 0) grossWhole += whole[cell] as number;
      }
    else
      for (let i = 0; i < rounds.length; i++) {
        const cell = i * width + column;
        if ((status[cell] as number) < 0) continue; // took no part
        const round = rounds[i] as number;
        if (countable(round)) {
          grossWhole += whole[cell] as number;
          const f = roundFractions?.[i];
          if (f !== undefined) grossFraction = add(grossFraction, f);
        } else notCounted(round, null, roundPoints(tally, i) as Points);
      }
  } else {
    countedByRound = new Array<Points | undefined>(frame.rounds.length).fill(undefined);
    // The units drop rules choose among: rounds, races or results; each with its round's column.
    const byRace = ch.drop.unit === "race";
    const units: (ScoringUnit & { column: number; raceId?: string; what?: string })[] = [];
    if (ch.drop.unit === "result")
      for (const res of tally.results) {
        const race = frame.races[res.race] as { id: string; roundNumber: number };
        units.push({
          key: `${race.id}#${res.row}`,
          round: race.roundNumber,
          points: res.points,
          column: frame.roundColumn.get(race.roundNumber) ?? 0,
          raceId: race.id,
          what: `the result of car #${res.car ?? "?"}: `,
        });
      }
    else if (byRace)
      frame.races.forEach((race, i) => {
        const points = tally.racePoints?.get(i);
        if (points !== undefined)
          units.push({
            key: race.id,
            round: race.roundNumber,
            points,
            column: frame.roundColumn.get(race.roundNumber) ?? 0,
            raceId: race.id,
          });
      });
    else
      frame.rounds.forEach((round, i) => {
        const points = roundPoints(tally, i);
        if (points !== undefined) units.push({ key: String(round), round, points, column: i });
      });
    const kept = countedUnits(
      units.filter((u) => countable(u.round)),
      ch.drop,
    );
    for (const u of units)
      if (kept.has(u.key)) count(u.column, u.points);
      else notCounted(u.round, u.raceId ?? null, u.points, u.what);
  }
  const gross = add(int(grossWhole), grossFraction);
  let deductions = ZERO;
  for (const d of mine) {
    if (d.kind !== "deduct_points" || d.points === null) continue;
    deductions = add(deductions, d.points);
    say(
      d.target.roundNumber,
      d.target.raceId,
      "deducted",
      "DEDUCTION",
      d.points,
      `${d.id}: ${d.reason}`,
    );
  }
  const exclusion = mine.find((d) => d.kind === "exclude_from_championship");
  if (exclusion)
    say(
      exclusion.target.roundNumber,
      null,
      "excluded",
      "EXCLUSION",
      ZERO,
      `${exclusion.id}: ${exclusion.reason}`,
    );

  let finishes: number[] | undefined;
  const counted = countedByRound;
  let built: StandingCell[] | undefined;
  const cells = (): readonly StandingCell[] =>
    (built ??= frame.rounds.map((round, i) => {
      const points = roundPoints(tally, i);
      const code = roundStatus(tally, i);
      const status = code < 0 ? undefined : FINISH_STATUSES[code];
      const inRound =
        counted !== null
          ? (counted[i] ?? ZERO)
          : points !== undefined && countable(round)
            ? add(ZERO, points)
            : ZERO;
      let marker: CellMarker | null = null;
      if (!selects(ch.rounds, round)) marker = "excluded";
      else if (points !== undefined && !isZero(points))
        marker = cmp(inRound, points) < 0 ? "dropped" : "counted";
      else if (status !== undefined) marker = STATUS_MARKER[status];
      const position = roundPosition(tally, i);
      return {
        roundNumber: round,
        points: points ?? ZERO,
        counted: inRound,
        marker,
        position: position === 0 ? null : position,
      };
    }));
  const fewStarts = ch.kind === "drivers" && tally.starts < ch.minParticipation;
  const fewFinishes = ch.kind === "drivers" && tally.classified < ch.minClassified;
  const short = fewStarts || fewFinishes;
  return {
    competitor: c,
    cells,
    gross,
    deductions,
    total: sub(gross, deductions),
    excluded: exclusion !== undefined || short,
    ex: exclusion
      ? {
          positionMarker: "EX" as const,
          ...(ch.excluded.points === "hidden" ? { pointsHidden: true } : {}),
        }
      : {},
    note: exclusion
      ? "excluded from the championship"
      : short
        ? fewStarts
          ? `fewer than ${ch.minParticipation} starts`
          : `fewer than ${ch.minClassified} classified finishes`
        : wipedUpto > 0
          ? `points up to round ${wipedUpto} wiped`
          : "",
    finishes: () => (finishes ??= positionsFromCounts(tally.finishes)),
  };
}

/** The positions a histogram counts (index: the position), best first: [1, 1, 3]. */
function positionsFromCounts(counts: Int32Array): number[] {
  let n = 0;
  for (let p = 0; p < counts.length; p++) n += counts[p] as number;
  const list = new Array<number>(n);
  let k = 0;
  for (let p = 0; p < counts.length; p++)
    for (let c = counts[p] as number; c > 0; c--) list[k++] = p;
  return list;
}

/** The table's rows in order: ranked rows by total and tie-breaks, then unranked rows. */
export function rankTable(frame: TableFrame, tallies: Iterable<Tally>): StandingRow[] {
  const rows: RowInProgress[] = [];
  // listed: "scorers" leaves out who scored no points (an excluded competitor stays, marked EX).
  const scorersOnly = frame.ch.listed === "scorers";
  for (const tally of tallies) {
    const parts = buildRow(frame, tally);
    if (scorersOnly && isZero(parts.gross) && parts.ex.positionMarker !== "EX") continue;
    rows.push({ parts, tally });
  }
  // Rows are ranked on their parts and built once, in place (a row literal with getters is the
  // dearest allocation here).
  const compare = (a: RowInProgress, b: RowInProgress): number => {
    const byTotal = cmp(b.parts.total, a.parts.total);
    if (byTotal !== 0) return byTotal;
    for (const tb of frame.ch.tieBreaks) {
      const r = tieBreak(tb, a, b, frame);
      if (r !== 0) return r;
    }
    return 0;
  };
  const byName = (a: RowInProgress, b: RowInProgress) =>
    a.parts.competitor.name.localeCompare(b.parts.competitor.name);
  // Rows sharing a place keep it; only the order they are listed in is chosen here.
  const coDrivers = frame.coDrivers ?? null;
  const byEarliest = (a: RowInProgress, b: RowInProgress) => {
    const x = scoringResults(a.tally, frame);
    const y = scoringResults(b.tally, frame);
    const r = compareEarliest(x, y);
    if (r !== 0) return r;
    // The same places in the same rounds: co-drivers of one car, in the car's order. Only then:
    // drivers without a scoring result are listed by name, so the order stays one order.
    if (coDrivers !== null && x.length > 0) {
      const c = coDrivers(a.parts.competitor.id, b.parts.competitor.id);
      if (c !== 0) return c;
    }
    return byName(a, b);
  };
  const byPrevious = (a: RowInProgress, b: RowInProgress) =>
    comparePrevious(frame.previousOrder?.() ?? null, a, b) || byEarliest(a, b);
  const level =
    frame.ch.levelRows === "earliestResults"
      ? byEarliest
      : frame.ch.levelRows === "previousRound"
        ? byPrevious
        : byName;
  const ranked = rows.filter((r) => !r.parts.excluded).sort((a, b) => compare(a, b) || level(a, b));
  // Places first (a row tied with the next shares its place), then each row built once.
  const n = ranked.length;
  const place = new Int32Array(n);
  const tied = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && compare(ranked[i - 1] as RowInProgress, ranked[i] as RowInProgress) === 0) {
      tied[i - 1] = 1;
      tied[i] = 1;
      place[i] = place[i - 1] as number;
    } else place[i] = i + 1;
  }
  const out: StandingRow[] = [];
  for (let i = 0; i < n; i++)
    out.push(standingRow((ranked[i] as RowInProgress).parts, place[i] as number, tied[i] === 1));
  // Unranked rows follow: those short of the minimum participation, then (last) the
  // competitors excluded by a decision, marked EX; each by points, then name.
  const ex = (r: RowInProgress) => (r.parts.ex.positionMarker === "EX" ? 1 : 0);
  const unranked = rows
    .filter((r) => r.parts.excluded)
    .sort((a, b) => ex(a) - ex(b) || cmp(b.parts.total, a.parts.total) || byName(a, b));
  // Drivers below the minimum participation are left out where the rules say so.
  const omitShort = frame.ch.belowMinimum === "omitted";
  for (const r of unranked)
    if (!omitShort || r.parts.ex.positionMarker === "EX")
      out.push(standingRow(r.parts, null, false));
  return out;
}

const NO_POSITIONS = new Int32Array(0);

/** A row's scoring rounds (points before drops) as [position, column] pairs, best place first, earlier first. */
function scoringResults(t: Tally, frame: TableFrame): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < frame.rounds.length; i++) {
    const p = roundPoints(t, i);
    if (p !== undefined && cmp(p, ZERO) > 0) out.push([roundPosition(t, i) || Infinity, i]);
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** Ahead: the one placed higher in the table after the previous round (with points there). */
function comparePrevious(
  before: ReadonlyMap<string, number> | null,
  a: RowInProgress,
  b: RowInProgress,
): number {
  const x = before?.get(a.parts.competitor.id) ?? Infinity;
  const y = before?.get(b.parts.competitor.id) ?? Infinity;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Result by result, best first: the better place, then the one taken in an earlier round. */
function compareEarliest(x: readonly [number, number][], y: readonly [number, number][]): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const [px, rx] = x[i] as [number, number];
    const [py, ry] = y[i] as [number, number];
    if (px !== py) return px - py;
    if (rx !== ry) return rx - ry;
  }
  return y.length - x.length;
}

/** Best first, place by place; where one list is the other's beginning, the longer is ahead. */
function compareFinishes(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return y.length - x.length;
}

function statedPlace(order: readonly string[], c: StandingRow["competitor"]): number {
  const k = order.findIndex((o) => o === c.id || o === c.name);
  return k < 0 ? order.length : k;
}

function tieBreak(tb: TieBreak, a: RowInProgress, b: RowInProgress, frame: TableFrame): number {
  switch (tb.rule) {
    case "countback": {
      // Most wins, then most second places, and so on: the positions read, best first, compared
      // place by place. The default reads the sorted finishes; the others their own lists.
      const slot = tb.countback.slot;
      if (slot < 0) return compareFinishes(a.parts.finishes(), b.parts.finishes());
      return compareFinishes(sortedList(a.tally, slot), sortedList(b.tally, slot));
    }
    case "latestResult": {
      // The better result in the latest race where the two differ.
      const pa = a.tally.racePosition ?? NO_POSITIONS;
      const pb = b.tally.racePosition ?? NO_POSITIONS;
      for (let i = pa.length - 1; i >= 0; i--) {
        const x = pa[i] || Infinity;
        const y = pb[i] || Infinity;
        if (x !== y) return x - y;
      }
      return 0;
    }
    case "earliestResults":
      return compareEarliest(scoringResults(a.tally, frame), scoringResults(b.tally, frame));
    case "previousRound":
      return comparePrevious(frame.previousOrder?.() ?? null, a, b);
    case "statedOrder":
      return statedPlace(tb.order, a.parts.competitor) - statedPlace(tb.order, b.parts.competitor);
    default: {
      const never: never = tb;
      throw new Error(`unhandled tie-break ${JSON.stringify(never)}`);
    }
  }
}

/** A countback list of a tally, sorted best first (once: sorting a sorted list is cheap). */
function sortedList(t: Tally, slot: number): readonly number[] {
  return (t.countbacks[slot] as number[]).sort((x, y) => x - y);
}
