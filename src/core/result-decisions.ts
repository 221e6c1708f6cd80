// Stewards' decisions on race results (disqualifications, reinstatements on appeal), as they stand
// after a round: which result rows they concern, and the statuses they leave.
import type { Decision, ResultRow, Season } from "./season.js";
import type { RaceTable } from "./season-index.js";
import { DSQ } from "./season-index.js";

export function decisionMatchesRow(d: Decision, row: ResultRow): boolean {
  const t = d.target;
  if (t.raceId !== null && t.raceId !== row.raceId) return false;
  if (t.number !== null && t.number !== row.number) return false;
  if (t.teamId !== null && t.teamId !== row.teamId) return false;
  if (t.classId !== null && t.classId !== row.classId) return false;
  // `?? null`: a season stored (or snapshotted) before decisions could name an entry has none.
  const entryId = t.entryId ?? null;
  if (entryId !== null && entryId !== row.entryId) return false;
  return t.number !== null || t.teamId !== null || entryId !== null;
}

export function decisionInScope(d: Decision, upto: number | null): boolean {
  return upto === null || d.target.roundNumber === null || d.target.roundNumber <= upto;
}

export interface ResultDecisions {
  /** Every decision in scope. */
  readonly inScope: readonly Decision[];
  /** Decision id -> the reinstatement that overturned it. */
  readonly overturnedBy: ReadonlyMap<string, Decision>;
  /** Disqualifications in scope, overturned or not (the trail tells both). */
  readonly disqualifications: readonly Decision[];
  /** Disqualifications that stand. */
  readonly standing: readonly Decision[];
  /** Time and position penalties in scope, overturned or not (the trail tells both). */
  readonly penalties: readonly Decision[];
  /** Time and position penalties that stand, in the season's order. */
  readonly standingPenalties: readonly Decision[];
}

export function resultDecisions(season: Season, upto: number | null): ResultDecisions {
  const inScope = season.decisions.filter((d) => decisionInScope(d, upto));
  const overturnedBy = new Map(
    inScope
      .filter((d) => d.kind === "reinstate" && d.overturns !== null)
      .map((d) => [d.overturns as string, d]),
  );
  const disqualifications = inScope.filter((d) => d.kind === "disqualify");
  const penalties = inScope.filter(
    (d) => d.kind === "time_penalty" || d.kind === "position_penalty",
  );
  return {
    penalties,
    standingPenalties: penalties.filter((d) => !overturnedBy.has(d.id)),
    inScope,
    overturnedBy,
    disqualifications,
    standing: disqualifications.filter((d) => !overturnedBy.has(d.id)),
  };
}

/** The race's status column after the disqualifications that stand (the table's own if none apply). */
export function statusesAfterDecisions(
  table: RaceTable,
  standing: readonly Decision[],
): Uint8Array {
  if (standing.length === 0) return table.status;
  let out: Uint8Array | undefined;
  table.rows.forEach((row, i) => {
    if (standing.some((d) => decisionMatchesRow(d, row)))
      (out ??= Uint8Array.from(table.status))[i] = DSQ;
  });
  return out ?? table.status;
}

/** The decisions on a result as the trail tells them: "d1 (date): disqualify, reason; overturned by …". */
export function describeDecision(d: Decision, overturnedBy: Decision | undefined): string {
  const dated = (x: Decision) => `${x.id}${x.date ? ` (${x.date})` : ""}`;
  const amount =
    d.kind === "time_penalty"
      ? ` +${d.seconds} s`
      : d.kind === "position_penalty"
        ? ` ${d.places} place${d.places === 1 ? "" : "s"}`
        : "";
  return `${dated(d)}: ${d.kind}${amount}, ${d.reason}${overturnedBy ? `; overturned by ${dated(overturnedBy)}: ${overturnedBy.reason}` : ""}`;
}
