// From a race's rows to the positions that score: the class each car scores in, its position on
// the road within that class (as published, or derived from the overall order), which
// eligibility rules it fails, and its position once removed cars have let the cars behind move up.
// The engine reads the columns of RacePositions; presenters read PositionedRow objects.
import { mul, int } from "./points.js";
import type { PointsRules, EligibilityRule } from "./points-rules.js";
import { tableAfterPenalties } from "./race-penalties.js";
import { decisionMatchesRow, resultDecisions, statusesAfterDecisions } from "./result-decisions.js";
import type { Decision, ResultRow, Season } from "./season.js";
import { DSQ, seasonIndex } from "./season-index.js";
import type { RaceTable } from "./season-index.js";
import { FINISH_STATUSES } from "./vocabulary.js";
import type { FinishStatus } from "./vocabulary.js";

export type Grouping = "class" | "overall";

export interface Failure {
  readonly rule: EligibilityRule;
  readonly reason: string;
}

export type Exclusion = "moveUp" | "unawarded" | null;
const UNAWARDED = 1;
const MOVE_UP = 2;

/** The group key of a combined (overall) ranking. */
export const OVERALL = -2;

/** One race positioned, column by column; index i is rows[i]. Positions are 0 where none. */
export interface RacePositions {
  readonly table: RaceTable;
  /** Status codes after stewards' decisions. */
  readonly status: Uint8Array;
  /** The championship class each row scores in (an index into classIds); -1 when unknown. */
  readonly scoring: Int32Array;
  readonly classIds: readonly string[];
  /** Position within the group (class, or the whole race) on the road. */
  readonly roadPosition: Int32Array;
  /** Road position less the removed cars ahead of it; 0 for removed or unpositioned rows. */
  readonly pointsPosition: Int32Array;
  /** 0: eligible; 1: unawarded (keeps its position, scores nothing); 2: removed, the cars behind move up. */
  readonly exclusion: Uint8Array;
  /** Rules each row fails, in document order (undefined: none). */
  readonly failed: readonly (readonly Failure[] | undefined)[];
  /** Row indexes of each group (a scoring class index, or OVERALL), in input order. */
  readonly groups: ReadonlyMap<number, readonly number[]>;
}

/** A stewards' decision on one result row, and the reinstatement that overturned it, if any. */
export interface RowDecision {
  readonly decision: Decision;
  readonly overturnedBy: Decision | null;
}

/** One positioned row, for presenters and tests. */
export interface PositionedRow {
  readonly row: ResultRow;
  /**
   * The official overall position: after time and position penalties, with disqualified cars
   * taken out and the cars behind moved up (the row's own when no decision applies); null for a
   * disqualified car or one the source does not place.
   */
  readonly overallPosition: number | null;
  /** The official position within its scoring class, on the same terms as overallPosition. */
  readonly classPosition: number | null;
  readonly status: FinishStatus;
  readonly scoringClass: string | null;
  /** Position within the scoring class on the road, disqualified cars included (points read it). */
  readonly roadPosition: number | null;
  /** Stewards' decisions on this row, standing or overturned, in the season's order. */
  readonly decisions: readonly RowDecision[];
  readonly failed: readonly Failure[];
  /** "moveUp": removed before positions are counted; "unawarded": keeps its position, scores nothing. */
  readonly exclusion: Exclusion;
  readonly pointsPosition: number | null;
}

const RULE_NAMES: Record<EligibilityRule["rule"], string> = {
  minDistance: "MIN_DISTANCE",
  status: "STATUS",
  ineligibleEntries: "INELIGIBLE_ENTRY",
  ineligibleResult: "INELIGIBLE_RESULT",
};
export function eligibilityCode(rule: EligibilityRule): string {
  return RULE_NAMES[rule.rule];
}

/** The class a raced class scores in, through the rules' class map. */
export function scoringClassOf(rules: PointsRules, classId: string | null): string | null {
  if (classId === null) return null;
  return rules.classMap.get(classId) ?? classId;
}

/** Raced class index -> scoring class index, through the rules' class map (-1: not a season class). */
export function scoringMap(rules: PointsRules, classIds: readonly string[]): Int32Array {
  return Int32Array.from(classIds, (id) => classIds.indexOf(rules.classMap.get(id) ?? id));
}

/** The most laps any car not disqualified completed: the winner's distance; -1 if unknown. */
function winnerLaps(t: RaceTable, status: Uint8Array, members: readonly number[]): number {
  let best = -1;
  for (const i of members)
    if (status[i] !== DSQ && (t.laps[i] as number) > best) best = t.laps[i] as number;
  return best;
}

const masks = new WeakMap<readonly string[], number>();
/** A status list as a bit mask over status codes, remembered per list. */
function statusMask(statuses: readonly string[]): number {
  let m = masks.get(statuses);
  if (m === undefined) {
    m = 0;
    for (const s of statuses) m |= 1 << FINISH_STATUSES.indexOf(s as FinishStatus);
    masks.set(statuses, m);
  }
  return m;
}

/**
 * A disqualified car scores nothing even where the rules say nothing of disqualification: it is
 * removed and the cars behind move up, as the official classification shows. Rules that name
 * the dsq status in a status rule decide otherwise (its points may go to nobody).
 */
const DISQUALIFIED: EligibilityRule = Object.freeze({
  rule: "status",
  statuses: Object.freeze(["dsq"]),
  effect: "moveUp",
}) as EligibilityRule;
const INELIGIBLE_MOVE_UP: EligibilityRule = Object.freeze({
  rule: "ineligibleResult",
  effect: "moveUp",
});
const INELIGIBLE_UNAWARDED: EligibilityRule = Object.freeze({
  rule: "ineligibleResult",
  effect: "unawarded",
});
const namesDsq = new WeakMap<readonly EligibilityRule[], boolean>();
function rulesNameDsq(rules: PointsRules): boolean {
  let named = namesDsq.get(rules.eligibility);
  if (named === undefined) {
    named = rules.eligibility.some((r) => r.rule === "status" && r.statuses.includes("dsq"));
    namesDsq.set(rules.eligibility, named);
  }
  return named;
}

function failures(
  rules: PointsRules,
  t: RaceTable,
  i: number,
  status: number,
  classWinnerLaps: number,
  overallWinnerLaps: number,
): Failure[] | undefined {
  let failed: Failure[] | undefined;
  const laps = t.laps[i] as number;
  for (const rule of rules.eligibility) {
    let reason: string | null = null;
    switch (rule.rule) {
      case "minDistance": {
        const ref = rule.of === "classWinner" ? classWinnerLaps : overallWinnerLaps;
        // Laps not published (-1): the rule cannot be checked. Exact: laps < (n/d) * ref.
        if (ref >= 0 && laps >= 0 && laps * rule.fraction.d < rule.fraction.n * ref)
          reason = `${laps} laps, under ${rule.fraction.n}/${rule.fraction.d} of the ${rule.of === "classWinner" ? "class winner's" : "winner's"} ${ref}`;
        break;
      }
      case "status":
        if ((statusMask(rule.statuses) & (1 << status)) !== 0)
          reason = `status ${FINISH_STATUSES[status]}`;
        break;
      case "ineligibleEntries":
        if (t.ineligible[i] === 1) reason = "entry declared ineligible for points";
        break;
      case "ineligibleResult": // the result's own fact, below; never in a rules document
        break;
      default: {
        const never: never = rule;
        throw new Error(`unhandled eligibility rule ${JSON.stringify(never)}`);
      }
    }
    if (reason !== null) (failed ??= []).push({ rule, reason });
  }
  if (status === DSQ && !rulesNameDsq(rules))
    (failed ??= []).push({ rule: DISQUALIFIED, reason: "disqualified" });
  // A result declared ineligible scores nothing whatever the rules say, with its own effect.
  const own = t.ineligibleResult[i] as number;
  if (own !== 0)
    (failed ??= []).push({
      rule: own === 2 ? INELIGIBLE_MOVE_UP : INELIGIBLE_UNAWARDED,
      reason: "result declared ineligible for points",
    });
  return failed;
}

/** Columns positionRaceColumns writes, reusable race after race (sized for the largest race). */
export interface PositionBuffers {
  readonly scoring: Int32Array;
  readonly roadPosition: Int32Array;
  readonly pointsPosition: Int32Array;
  readonly exclusion: Uint8Array;
}

export function newPositionBuffers(rows: number): PositionBuffers {
  return {
    scoring: new Int32Array(rows),
    roadPosition: new Int32Array(rows),
    pointsPosition: new Int32Array(rows),
    exclusion: new Uint8Array(rows),
  };
}

const NO_FAILED: readonly (readonly Failure[] | undefined)[] = Object.freeze([]);

/**
 * Positions every row of one race; `status` is the table's status column after decisions. With
 * `buffers`, the result's columns are those buffers (valid until the next race is positioned).
 */
export function positionRaceColumns(
  t: RaceTable,
  classIds: readonly string[],
  scoringOfRaced: Int32Array,
  rules: PointsRules,
  grouping: Grouping,
  status: Uint8Array,
  buffers: PositionBuffers = newPositionBuffers(t.rows.length),
): RacePositions {
  const n = t.rows.length;
  const { scoring, roadPosition, pointsPosition, exclusion } = buffers;
  roadPosition.fill(0, 0, n);
  pointsPosition.fill(0, 0, n);
  exclusion.fill(0, 0, n);
  const groups = new Map<number, number[]>();
  let overallWinnerLaps = -1; // the most laps of a car not disqualified: the winner's distance
  for (let i = 0; i < n; i++) {
    const raced = t.raced[i] as number;
    const k = raced < 0 ? -1 : (scoringOfRaced[raced] as number);
    scoring[i] = k;
    if (status[i] !== DSQ && (t.laps[i] as number) > overallWinnerLaps)
      overallWinnerLaps = t.laps[i] as number;
    if (k < 0 && grouping === "class") continue;
    const key = grouping === "class" ? k : OVERALL;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  let checks = rules.eligibility.length > 0;
  if (!checks)
    for (let i = 0; i < n && !checks; i++)
      checks = status[i] === DSQ || t.ineligibleResult[i] !== 0;
  let failed: (Failure[] | undefined)[] | undefined;

  for (const members of groups.values()) {
    // Road positions: published class positions when the source gives them, else the overall order.
    let explicit = false;
    if (grouping === "class")
      for (const i of members) if (t.classPosition[i] !== 0) explicit = true;
    if (explicit) {
      for (const i of members) roadPosition[i] = t.classPosition[i] as number;
    } else {
      let sorted = true;
      let last = 0;
      const placed: number[] = [];
      for (const i of members) {
        const pos = t.position[i] as number;
        if (pos === 0) continue;
        if (pos < last) sorted = false;
        last = pos;
        placed.push(i);
      }
      if (!sorted) placed.sort((a, b) => (t.position[a] as number) - (t.position[b] as number));
      for (let k = 0; k < placed.length; k++) roadPosition[placed[k] as number] = k + 1;
    }
    let removed: number[] | undefined;
    if (checks) {
      const classWinnerLaps = winnerLaps(t, status, members);
      for (const i of members) {
        const f = failures(rules, t, i, status[i] as number, classWinnerLaps, overallWinnerLaps);
        if (f === undefined) continue;
        (failed ??= new Array<Failure[] | undefined>(n).fill(undefined))[i] = f;
        const moveUp = f.some((x) => x.rule.effect === "moveUp");
        exclusion[i] = moveUp ? MOVE_UP : UNAWARDED;
        if (moveUp && roadPosition[i] !== 0) (removed ??= []).push(roadPosition[i] as number);
      }
    }
    for (const i of members) {
      const r = roadPosition[i] as number;
      if (r === 0 || exclusion[i] === MOVE_UP) continue;
      let ahead = 0;
      if (removed) for (const q of removed) if (q < r) ahead++;
      pointsPosition[i] = r - ahead;
    }
  }
  return {
    table: t,
    status,
    scoring,
    classIds,
    roadPosition,
    pointsPosition,
    exclusion,
    failed: failed ?? NO_FAILED,
    groups,
  };
}

const NO_FAILURES: readonly Failure[] = Object.freeze([]);
const EXCLUSIONS: readonly Exclusion[] = [null, "unawarded", "moveUp"];

/**
 * Official positions: the penalised order with disqualified cars taken out, overall (position
 * column) or within each group (road positions), the cars behind a disqualified car moved up.
 */
function officialPositions(rp: RacePositions, overall: boolean): Int32Array {
  const n = rp.table.rows.length;
  const out = new Int32Array(n);
  const place = overall ? rp.table.position : rp.roadPosition;
  const groups = overall ? [[...Array(n).keys()]] : [...rp.groups.values()];
  for (const members of groups) {
    const removed = members.filter((i) => (place[i] as number) > 0 && rp.status[i] === DSQ);
    for (const i of members) {
      const p = place[i] as number;
      if (p === 0 || rp.status[i] === DSQ) continue;
      let ahead = 0;
      for (const q of removed) if ((place[q] as number) < p) ahead++;
      out[i] = p - ahead;
    }
  }
  return out;
}

/**
 * Every row of one race positioned as the engine positions it (stewards' decisions applied),
 * in input order: for results pages, exports and tests. Sort with classificationOrder.
 */
export function positionRace(
  season: Season,
  rules: PointsRules,
  raceId: string,
  grouping: Grouping = "class",
): PositionedRow[] {
  const index = seasonIndex(season);
  const original = index.races.get(raceId);
  if (!original) return [];
  const decisions = resultDecisions(season, null);
  const table = tableAfterPenalties(original, decisions.standingPenalties);
  const status = statusesAfterDecisions(table, decisions.standing);
  const rp = positionRaceColumns(
    table,
    index.classIds,
    scoringMap(rules, index.classIds),
    rules,
    grouping,
    status,
  );
  const overall = officialPositions(rp, true);
  const inClass = officialPositions(rp, false);
  const onRace = decisions.inScope.filter(
    (d) => d.target.raceId === null || d.target.raceId === raceId,
  );
  return table.rows.map((row, i) => {
    const road = rp.roadPosition[i] as number;
    const points = rp.pointsPosition[i] as number;
    const k = rp.scoring[i] as number;
    return {
      row,
      overallPosition: (overall[i] as number) || null,
      classPosition: (inClass[i] as number) || null,
      status: FINISH_STATUSES[rp.status[i] as number] as FinishStatus,
      scoringClass: k < 0 ? null : (rp.classIds[k] ?? null),
      roadPosition: road === 0 ? null : road,
      decisions: onRace
        .filter((d) => d.kind !== "reinstate" && decisionMatchesRow(d, row))
        .map((d) => ({ decision: d, overturnedBy: decisions.overturnedBy.get(d.id) ?? null })),
      failed: rp.failed[i] ?? NO_FAILURES,
      exclusion: EXCLUSIONS[rp.exclusion[i] as number] ?? null,
      pointsPosition: points === 0 ? null : points,
    };
  });
}

/**
 * The order a classification is read in: placed cars by position, then the cars the source
 * does not place (in the source's order), then disqualified cars, which have no position.
 * `by` picks the position: overall, or within the class.
 */
export function classificationOrder(
  rows: readonly PositionedRow[],
  by: "overall" | "class" = "overall",
): PositionedRow[] {
  const rank = (p: PositionedRow) =>
    p.status === "dsq"
      ? 2
      : (by === "overall" ? p.overallPosition : p.classPosition) === null
        ? 1
        : 0;
  const pos = (p: PositionedRow) =>
    (by === "overall" ? p.overallPosition : p.classPosition) ?? Infinity;
  return [...rows].sort(
    (a, b) => rank(a) - rank(b) || pos(a) - pos(b) || a.row.index - b.row.index,
  );
}

/** Points of a position on a scale (nothing beyond its end), times a multiplier. */
export function scalePoints(
  scale: readonly { n: number; d: number }[],
  position: number,
  multiplier: { n: number; d: number } | null,
) {
  const base = scale[position - 1] ?? int(0);
  return multiplier ? mul(base, multiplier) : base;
}
