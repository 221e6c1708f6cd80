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
export const UNAWARDED = 1;
export const MOVE_UP = 2;

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
  readonly groups: ReadonlyMap<number, Int32Array>;
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

/** The rules' eligibility checks, compiled once per rules document: status lists as bit masks. */
export interface Eligibility {
  readonly rules: readonly EligibilityRule[];
  /** Per rule: its kind as a number (KIND_*), read row after row instead of the rule's name. */
  readonly kinds: Uint8Array;
  /** Per rule: its statuses as a bit mask over status codes (status rules only, else 0). */
  readonly masks: Int32Array;
  readonly namesDsq: boolean;
}

const KIND_MIN_DISTANCE = 0;
const KIND_STATUS = 1;
const KIND_INELIGIBLE_ENTRIES = 2;
const KIND_INELIGIBLE_RESULT = 3;
const KINDS: Record<EligibilityRule["rule"], number> = {
  minDistance: KIND_MIN_DISTANCE,
  status: KIND_STATUS,
  ineligibleEntries: KIND_INELIGIBLE_ENTRIES,
  ineligibleResult: KIND_INELIGIBLE_RESULT,
};

const compiled = new WeakMap<readonly EligibilityRule[], Eligibility>();
export function eligibilityOf(rules: PointsRules): Eligibility {
  let c = compiled.get(rules.eligibility);
  if (c === undefined) {
    c = {
      rules: rules.eligibility,
      kinds: Uint8Array.from(rules.eligibility, (r) => KINDS[r.rule]),
      masks: Int32Array.from(rules.eligibility, (r) =>
        r.rule === "status" ? statusMask(r.statuses) : 0,
      ),
      namesDsq: rulesNameDsq(rules),
    };
    compiled.set(rules.eligibility, c);
  }
  return c;
}

/** Whether row i fails eligibility rule k (by its place in the rules document). */
function fails(
  c: Eligibility,
  k: number,
  t: RaceTable,
  i: number,
  status: number,
  classWinnerLaps: number,
  overallWinnerLaps: number,
): boolean {
  switch (c.kinds[k]) {
    case KIND_MIN_DISTANCE: {
      const rule = c.rules[k] as Extract<EligibilityRule, { rule: "minDistance" }>;
      const ref = rule.of === "classWinner" ? classWinnerLaps : overallWinnerLaps;
      const laps = t.laps[i] as number;
      // Laps not published (-1): the rule cannot be checked. Exact: laps < (n/d) * ref.
      return ref >= 0 && laps >= 0 && laps * rule.fraction.d < rule.fraction.n * ref;
    }
    case KIND_STATUS:
      return (((c.masks[k] as number) >> status) & 1) === 1;
    case KIND_INELIGIBLE_ENTRIES:
      return t.ineligible[i] === 1;
    default: // KIND_INELIGIBLE_RESULT: the result's own fact, below; never in a rules document
      return false;
  }
}

/**
 * Row i's exclusion (0 eligible, UNAWARDED or MOVE_UP) without building its failures: the
 * engine's path when no trail is asked for. Agrees with failures(): MOVE_UP when any failure moves
 * the cars behind up, else UNAWARDED when there is one.
 */
function exclusionOf(
  c: Eligibility,
  t: RaceTable,
  i: number,
  status: number,
  classWinnerLaps: number,
  overallWinnerLaps: number,
): number {
  let code = 0;
  for (let k = 0; k < c.rules.length; k++)
    if (fails(c, k, t, i, status, classWinnerLaps, overallWinnerLaps)) {
      if ((c.rules[k] as EligibilityRule).effect === "moveUp") return MOVE_UP;
      code = UNAWARDED;
    }
  if (status === DSQ && !c.namesDsq) return MOVE_UP;
  const own = t.ineligibleResult[i] as number;
  return own === 2 ? MOVE_UP : own !== 0 ? UNAWARDED : code;
}

/** The rules row i fails, in document order, with the reasons the trail and pages tell. */
function failures(
  c: Eligibility,
  t: RaceTable,
  i: number,
  status: number,
  classWinnerLaps: number,
  overallWinnerLaps: number,
): Failure[] | undefined {
  let failed: Failure[] | undefined;
  const laps = t.laps[i] as number;
  for (let k = 0; k < c.rules.length; k++) {
    if (!fails(c, k, t, i, status, classWinnerLaps, overallWinnerLaps)) continue;
    const rule = c.rules[k] as EligibilityRule;
    let reason: string;
    switch (rule.rule) {
      case "minDistance": {
        const ref = rule.of === "classWinner" ? classWinnerLaps : overallWinnerLaps;
        reason = `${laps} laps, under ${rule.fraction.n}/${rule.fraction.d} of the ${rule.of === "classWinner" ? "class winner's" : "winner's"} ${ref}`;
        break;
      }
      case "status":
        reason = `status ${FINISH_STATUSES[status]}`;
        break;
      case "ineligibleEntries":
        reason = "entry declared ineligible for points";
        break;
      case "ineligibleResult":
        continue;
      default: {
        const never: never = rule;
        throw new Error(`unhandled eligibility rule ${JSON.stringify(never)}`);
      }
    }
    (failed ??= []).push({ rule, reason });
  }
  if (status === DSQ && !c.namesDsq)
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
  /** Row indexes grouped (a group's rows in input order), groups in order of first appearance. */
  readonly members: Int32Array;
}

export function newPositionBuffers(rows: number): PositionBuffers {
  return {
    members: new Int32Array(rows),
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
 * Without `reasons`, `failed` is left empty (the exclusion column says the same, without words).
 * Without `shortcuts`, every group takes the general route (tests compare the two).
 */
export function positionRaceColumns(
  t: RaceTable,
  classIds: readonly string[],
  scoringOfRaced: Int32Array,
  rules: PointsRules,
  grouping: Grouping,
  status: Uint8Array,
  buffers: PositionBuffers = newPositionBuffers(t.rows.length),
  reasons = true,
  shortcuts = true,
): RacePositions {
  const n = t.rows.length;
  const { scoring, roadPosition, pointsPosition, exclusion } = buffers;
  roadPosition.fill(0, 0, n);
  pointsPosition.fill(0, 0, n);
  exclusion.fill(0, 0, n);
  const byClass = grouping === "class";
  const raced = t.raced;
  const laps = t.laps;
  // Group keys: a scoring class index (0..K-1), or OVERALL; group sizes counted at key + 1.
  const sizes = new Int32Array(classIds.length + 2);
  const keys: number[] = [];
  let overallWinnerLaps = -1; // the most laps of a car not disqualified: the winner's distance
  for (let i = 0; i < n; i++) {
    const r = raced[i] as number;
    const k = r < 0 ? -1 : (scoringOfRaced[r] as number);
    scoring[i] = k;
    if (status[i] !== DSQ && (laps[i] as number) > overallWinnerLaps)
      overallWinnerLaps = laps[i] as number;
    if (k < 0 && byClass) continue;
    const slot = byClass ? k + 1 : 0;
    if (sizes[slot] === 0) keys.push(byClass ? k : OVERALL);
    sizes[slot] = (sizes[slot] as number) + 1;
  }
  // Each group's rows, in input order, side by side in one buffer.
  const { members: order } = buffers;
  const groups = new Map<number, Int32Array>();
  const next = new Int32Array(sizes.length);
  let from = 0;
  for (const key of keys) {
    const slot = key === OVERALL ? 0 : key + 1;
    next[slot] = from;
    groups.set(key, order.subarray(from, (from += sizes[slot] as number)));
  }
  for (let i = 0; i < n; i++) {
    const k = scoring[i] as number;
    if (k < 0 && byClass) continue;
    const slot = byClass ? k + 1 : 0;
    order[next[slot] as number] = i;
    next[slot] = (next[slot] as number) + 1;
  }
  const c = eligibilityOf(rules);
  let checks = c.rules.length > 0;
  if (!checks)
    for (let i = 0; i < n && !checks; i++)
      checks = status[i] === DSQ || t.ineligibleResult[i] !== 0;
  let failed: (Failure[] | undefined)[] | undefined;
  const position = t.position;
  const classPosition = t.classPosition;

  for (const members of groups.values()) {
    const m = members.length;
    // One look at the group: whether the source gives class positions, whether the placed rows
    // come in overall order, and the winner's laps (the most of a car not disqualified).
    let explicit = false;
    let sorted = true;
    let last = 0;
    let placedCount = 0;
    let classWinnerLaps = -1;
    for (let j = 0; j < m; j++) {
      const i = members[j] as number;
      if (classPosition[i] !== 0) explicit = true;
      if (status[i] !== DSQ && (laps[i] as number) > classWinnerLaps)
        classWinnerLaps = laps[i] as number;
      const pos = position[i] as number;
      if (pos === 0) continue;
      if (pos < last) sorted = false;
      last = pos;
      placedCount++;
    }
    explicit &&= byClass;
    if (shortcuts && !explicit && sorted) {
      // The common case, in one pass: road positions in member order, so the removed cars ahead
      // of a row are those met before it. The whole race's road positions are the published
      // ones (a classification transcribed with gaps keeps its places); a class's count its cars.
      let k = 0;
      let removedAhead = 0;
      for (let j = 0; j < m; j++) {
        const i = members[j] as number;
        const r = position[i] !== 0 ? (byClass ? ++k : (position[i] as number)) : 0;
        roadPosition[i] = r;
        let x = 0;
        if (checks) {
          const s = status[i] as number;
          x = exclusionOf(c, t, i, s, classWinnerLaps, overallWinnerLaps);
          if (x !== 0) {
            exclusion[i] = x;
            if (reasons)
              (failed ??= new Array<Failure[] | undefined>(n).fill(undefined))[i] = failures(
                c,
                t,
                i,
                s,
                classWinnerLaps,
                overallWinnerLaps,
              );
          }
        }
        if (r === 0) continue;
        if (x === MOVE_UP) removedAhead++;
        else pointsPosition[i] = r - removedAhead;
      }
      continue;
    }
    // Road positions: published class positions when the source gives them, else the overall order
    // (for the whole race, the published positions themselves).
    if (explicit) {
      for (let j = 0; j < m; j++) {
        const i = members[j] as number;
        roadPosition[i] = classPosition[i] as number;
      }
    } else {
      const placed: number[] = [];
      for (let j = 0; j < m; j++)
        if (position[members[j] as number] !== 0) placed.push(members[j] as number);
      placed.sort((a, b) => (position[a] as number) - (position[b] as number));
      for (let k = 0; k < placedCount; k++) {
        const i = placed[k] as number;
        roadPosition[i] = byClass ? k + 1 : (position[i] as number);
      }
    }
    let removed: number[] | undefined;
    if (checks) {
      for (let j = 0; j < m; j++) {
        const i = members[j] as number;
        const s = status[i] as number;
        let x: number;
        if (shortcuts || !reasons) {
          x = exclusionOf(c, t, i, s, classWinnerLaps, overallWinnerLaps);
          if (x === 0) continue;
          if (reasons)
            (failed ??= new Array<Failure[] | undefined>(n).fill(undefined))[i] = failures(
              c,
              t,
              i,
              s,
              classWinnerLaps,
              overallWinnerLaps,
            );
        } else {
          // The general route: the exclusion read from the failures themselves.
          const f = failures(c, t, i, s, classWinnerLaps, overallWinnerLaps);
          if (f === undefined) continue;
          (failed ??= new Array<Failure[] | undefined>(n).fill(undefined))[i] = f;
          x = f.some((y) => y.rule.effect === "moveUp") ? MOVE_UP : UNAWARDED;
        }
        exclusion[i] = x;
        if (x === MOVE_UP && roadPosition[i] !== 0)
          (removed ??= []).push(roadPosition[i] as number);
      }
    }
    for (let j = 0; j < m; j++) {
      const i = members[j] as number;
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
  const groups = overall ? [Int32Array.from(Array(n).keys())] : [...rp.groups.values()];
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
