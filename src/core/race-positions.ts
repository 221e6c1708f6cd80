// From a race's rows to the positions that score: the class each car scores in, its position on
// the road within that class (as published, or derived from the overall order), which
// eligibility rules it fails, and its position once removed cars have let the cars behind move up.
import { mul, cmp, int } from "./points.js";
import type { PointsRules, EligibilityRule } from "./points-rules.js";
import type { ResultRow } from "./season.js";
import type { FinishStatus } from "./vocabulary.js";

export interface PositionedRow {
  readonly row: ResultRow;
  /** Status after stewards' decisions. */
  readonly status: FinishStatus;
  /** The championship class the row scores in; null when the raced class is unknown. */
  readonly scoringClass: string | null;
  /** Position within the group (class, or the whole race for a combined championship) on the road. */
  readonly roadPosition: number | null;
  /** Rules the row fails, in document order. */
  readonly failed: readonly { readonly rule: EligibilityRule; readonly reason: string }[];
  /** "moveUp": removed before positions are counted; "unawarded": keeps its position, scores nothing. */
  readonly exclusion: "moveUp" | "unawarded" | null;
  /** Road position less the removed cars ahead of it; null for removed or unpositioned rows. */
  readonly pointsPosition: number | null;
}

export type Grouping = "class" | "overall";

const RULE_NAMES: Record<EligibilityRule["rule"], string> = {
  minDistance: "MIN_DISTANCE",
  status: "STATUS",
  ineligibleEntries: "INELIGIBLE_ENTRY",
};
export function eligibilityCode(rule: EligibilityRule): string {
  return RULE_NAMES[rule.rule];
}

/** The class a raced class scores in, through the rules' class map. */
export function scoringClassOf(rules: PointsRules, classId: string | null): string | null {
  if (classId === null) return null;
  return rules.classMap.get(classId) ?? classId;
}

function maxLaps(rows: readonly { row: ResultRow; status: FinishStatus }[]): number | null {
  let best: number | null = null;
  for (const r of rows) {
    if (r.status === "dsq" || r.row.laps === null) continue;
    if (best === null || r.row.laps > best) best = r.row.laps;
  }
  return best;
}

/**
 * Positions every row of one race. `statusOf` applies stewards' decisions; `ineligible` says
 * whether an entry was declared ineligible for points.
 */
export function positionRace(
  rows: readonly ResultRow[],
  rules: PointsRules,
  grouping: Grouping,
  statusOf: (row: ResultRow) => FinishStatus,
  ineligible: (row: ResultRow) => boolean,
): PositionedRow[] {
  const groups = new Map<
    string,
    { row: ResultRow; status: FinishStatus; scoringClass: string | null }[]
  >();
  const unplaced: PositionedRow[] = [];
  for (const row of rows) {
    const scoringClass = scoringClassOf(rules, row.classId);
    const status = statusOf(row);
    if (scoringClass === null && grouping === "class") {
      unplaced.push({
        row,
        status,
        scoringClass,
        roadPosition: null,
        failed: [],
        exclusion: null,
        pointsPosition: null,
      });
      continue;
    }
    const key = grouping === "class" ? (scoringClass as string) : "";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ row, status, scoringClass });
  }
  const overallWinnerLaps = (() => {
    const first = rows.find((r) => r.position === 1);
    return first && first.laps !== null
      ? first.laps
      : maxLaps(rows.map((row) => ({ row, status: statusOf(row) })));
  })();

  const out: PositionedRow[] = [...unplaced];
  for (const group of groups.values()) {
    // Road positions: published class positions when the source gives them, else the overall order.
    const road = new Map<ResultRow, number>();
    const explicit = grouping === "class" && group.some((g) => g.row.classPosition !== null);
    if (explicit) {
      for (const g of group) if (g.row.classPosition !== null) road.set(g.row, g.row.classPosition);
    } else {
      const placed = group
        .filter((g) => g.row.position !== null)
        .sort((a, b) => (a.row.position as number) - (b.row.position as number));
      placed.forEach((g, i) => road.set(g.row, i + 1));
    }
    const classWinnerLaps = maxLaps(group);
    const assessed = group.map((g) => {
      const failed: { rule: EligibilityRule; reason: string }[] = [];
      for (const rule of rules.eligibility) {
        switch (rule.rule) {
          case "minDistance": {
            const ref = rule.of === "classWinner" ? classWinnerLaps : overallWinnerLaps;
            if (ref === null || g.row.laps === null) break; // not published: the rule cannot be checked
            const needed = mul(rule.fraction, int(ref));
            if (cmp(int(g.row.laps), needed) < 0)
              failed.push({
                rule,
                reason: `${g.row.laps} laps, under ${rule.fraction.n}/${rule.fraction.d} of the ${rule.of === "classWinner" ? "class winner's" : "winner's"} ${ref}`,
              });
            break;
          }
          case "status":
            if (rule.statuses.includes(g.status))
              failed.push({ rule, reason: `status ${g.status}` });
            break;
          case "ineligibleEntries":
            if (ineligible(g.row))
              failed.push({ rule, reason: "entry declared ineligible for points" });
            break;
          default: {
            const never: never = rule;
            throw new Error(`unhandled eligibility rule ${JSON.stringify(never)}`);
          }
        }
      }
      const exclusion =
        failed.length === 0
          ? null
          : failed.some((f) => f.rule.effect === "moveUp")
            ? "moveUp"
            : "unawarded";
      return { ...g, roadPosition: road.get(g.row) ?? null, failed, exclusion } as const;
    });
    const removedAhead = assessed
      .filter((a) => a.exclusion === "moveUp" && a.roadPosition !== null)
      .map((a) => a.roadPosition as number)
      .sort((a, b) => a - b);
    for (const a of assessed) {
      let pointsPosition: number | null = null;
      if (a.exclusion !== "moveUp" && a.roadPosition !== null) {
        let ahead = 0;
        for (const p of removedAhead) if (p < a.roadPosition) ahead++;
        pointsPosition = a.roadPosition - ahead;
      }
      out.push({ ...a, pointsPosition });
    }
  }
  out.sort((a, b) => a.row.index - b.row.index);
  return out;
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
