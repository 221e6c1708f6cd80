// From competitors' tallies to a ranked standings table: which results count (drop rules,
// wiped rounds), stewards' points decisions, per-round cells with markers, and the order with
// its tie-breaks.
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
 * A standings row in place: a plain object whose `cells` is an enumerable getter (copied,
 * serialised and compared like the array it returns, built once and shared by every copy).
 */
function standingRow(p: RowParts, position: number | null, tied: boolean): StandingRow {
  const { cells, finishes } = p;
  // Three literals rather than one with a spread: a spread in a literal with getters is slow.
  if (p.ex.positionMarker === undefined)
    return {
      position,
      tied,
      competitor: p.competitor,
      get cells() {
        return cells();
      },
      gross: p.gross,
      deductions: p.deductions,
      total: p.total,
      excluded: p.excluded,
      note: p.note,
      get finishes() {
        return finishes();
      },
    };
  if (p.ex.pointsHidden === undefined)
    return {
      position,
      tied,
      competitor: p.competitor,
      get cells() {
        return cells();
      },
      gross: p.gross,
      deductions: p.deductions,
      total: p.total,
      excluded: p.excluded,
      positionMarker: p.ex.positionMarker,
      note: p.note,
      get finishes() {
        return finishes();
      },
    };
  return {
    position,
    tied,
    competitor: p.competitor,
    get cells() {
      return cells();
    },
    gross: p.gross,
    deductions: p.deductions,
    total: p.total,
    excluded: p.excluded,
    positionMarker: p.ex.positionMarker,
    pointsHidden: p.ex.pointsHidden,
    note: p.note,
    get finishes() {
      return finishes();
    },
  };
}

/** A standings row while it is being ranked, with what tie-breaks need. */
interface RowInProgress {
  readonly parts: RowParts;
  readonly row: StandingRow;
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
  const short = ch.kind === "drivers" && tally.starts < ch.minParticipation;
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
        ? `fewer than ${ch.minParticipation} starts`
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
  for (const tally of tallies) {
    const parts = buildRow(frame, tally);
    rows.push({ parts, row: standingRow(parts, null, false), tally });
  }
  const compare = (a: RowInProgress, b: RowInProgress): number => {
    const byTotal = cmp(b.row.total, a.row.total);
    if (byTotal !== 0) return byTotal;
    for (const tb of frame.ch.tieBreaks) {
      const r = tieBreak(tb, a, b);
      if (r !== 0) return r;
    }
    return 0;
  };
  const byName = (a: RowInProgress, b: RowInProgress) =>
    a.row.competitor.name.localeCompare(b.row.competitor.name);
  const ranked = rows.filter((r) => !r.row.excluded).sort((a, b) => compare(a, b) || byName(a, b));
  const out: StandingRow[] = [];
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    const tied = prev !== undefined && compare(prev, r) === 0;
    if (tied) {
      const before = out[i - 1] as StandingRow;
      out[i - 1] = standingRow((prev as RowInProgress).parts, before.position, true);
    }
    out.push(
      standingRow(r.parts, tied ? ((out[i - 1] as StandingRow).position as number) : i + 1, tied),
    );
  });
  // Unranked rows follow: those short of the minimum participation, then (last) the
  // competitors excluded by a decision, marked EX; each by points, then name.
  const ex = (r: RowInProgress) => (r.row.positionMarker === "EX" ? 1 : 0);
  const unranked = rows
    .filter((r) => r.row.excluded)
    .sort((a, b) => ex(a) - ex(b) || cmp(b.row.total, a.row.total) || byName(a, b));
  return [...out, ...unranked.map((r) => r.row)];
}

const NO_POSITIONS = new Int32Array(0);

/** Best first, place by place; where one list is the other's beginning, the longer is ahead. */
function compareFinishes(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return y.length - x.length;
}

function statedPlace(order: readonly string[], row: StandingRow): number {
  const c = row.competitor;
  const k = order.findIndex((o) => o === c.id || o === c.name);
  return k < 0 ? order.length : k;
}

function tieBreak(tb: TieBreak, a: RowInProgress, b: RowInProgress): number {
  switch (tb.rule) {
    case "countback": {
      // Most wins, then most second places, and so on: the positions read, best first, compared
      // place by place. The default reads the sorted finishes; the others their own lists.
      const slot = tb.countback.slot;
      if (slot < 0) return compareFinishes(a.row.finishes, b.row.finishes);
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
    case "statedOrder":
      return statedPlace(tb.order, a.row) - statedPlace(tb.order, b.row);
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
