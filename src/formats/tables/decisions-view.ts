// The stewards' decisions as the public reads them: per season or per round, each with what it
// did, whom it concerned, its reason, and whether it stands or was overturned on appeal.
import { formatPointsForPeople } from "../../core/points.js";
import type { Decision, Season } from "../../core/season.js";
import type { Tabular } from "./tabular.js";

/** What a decision did, in a few words: "Time penalty +30 s", "Disqualified". */
export function decisionLabel(d: Decision): string {
  switch (d.kind) {
    case "disqualify":
      return "Disqualified";
    case "time_penalty":
      return `Time penalty +${d.seconds ?? 0} s`;
    case "position_penalty":
      return `Position penalty: ${d.places ?? 0} place${d.places === 1 ? "" : "s"}`;
    case "reinstate":
      return "Reinstated on appeal";
    case "deduct_points":
      return `${d.points ? formatPointsForPeople(d.points) : ""} points deducted`.trim();
    case "exclude_from_championship":
      return "Excluded from the championship";
    case "wipe_points":
      return `Points wiped${d.uptoRound !== null ? ` up to round ${d.uptoRound}` : ""}`;
    default: {
      const never: never = d.kind;
      return String(never);
    }
  }
}

export interface PublicDecision {
  readonly decision: Decision;
  /** The reinstatement that overturned it; null while it stands. */
  readonly overturnedBy: Decision | null;
  readonly round: number | null;
  readonly race: string | null;
  readonly car: string | null;
  /**
   * The entry id the decision names, where it tells the car apart: two cars carried its number in
   * the race (a car swap, a reserve car), or it gives no number. Null otherwise.
   */
  readonly entry: string | null;
  readonly team: string | null;
  readonly driver: string | null;
}

/** The season's decisions in its order, or those of one round. */
export function publicDecisions(season: Season, round?: number): PublicDecision[] {
  const overturnedBy = new Map(
    season.decisions
      .filter((d) => d.kind === "reinstate" && d.overturns !== null)
      .map((d) => [d.overturns as string, d]),
  );
  const raceName = new Map(season.rounds.flatMap((r) => r.races.map((x) => [x.id, x.name])));
  const team = new Map(season.teams.map((t) => [t.id, t.name]));
  const driver = new Map(season.drivers.map((d) => [d.id, d.name]));
  // "race|number" -> the entries its results carry, read only where a decision names an entry.
  const carsOf = new Map<string, Set<string | null>>();
  if (season.decisions.some((d) => (d.target.entryId ?? null) !== null))
    for (const r of season.results) {
      const key = `${r.raceId}|${r.number}`;
      const set = carsOf.get(key) ?? new Set<string | null>();
      set.add(r.entryId);
      carsOf.set(key, set);
    }
  const entryShown = (d: Decision): string | null => {
    const t = d.target;
    if ((t.entryId ?? null) === null) return null;
    if (t.number === null || t.raceId === null) return t.entryId;
    return (carsOf.get(`${t.raceId}|${t.number}`)?.size ?? 0) > 1 ? t.entryId : null;
  };
  return season.decisions
    .filter((d) => round === undefined || d.target.roundNumber === round)
    .map((d) => ({
      decision: d,
      overturnedBy: overturnedBy.get(d.id) ?? null,
      round: d.target.roundNumber,
      race: d.target.raceId === null ? null : (raceName.get(d.target.raceId) ?? d.target.raceId),
      car: d.target.number,
      entry: entryShown(d),
      team: d.target.teamId === null ? null : (team.get(d.target.teamId) ?? d.target.teamId),
      driver:
        d.target.driverId === null ? null : (driver.get(d.target.driverId) ?? d.target.driverId),
    }));
}

export function decisionsTabular(season: Season, round?: number): Tabular {
  return {
    title: `${season.name} — stewards' decisions${round !== undefined ? ` — round ${round}` : ""}`,
    columns: [
      "id",
      "date",
      "round",
      "race",
      "class",
      "car",
      "entry",
      "team",
      "driver",
      "championship",
      "decision",
      "reason",
      "stands",
    ],
    rows: publicDecisions(season, round).map((x) => [
      x.decision.id,
      x.decision.date ?? "",
      x.round === null ? "" : String(x.round),
      x.race ?? "",
      x.decision.target.classId ?? "",
      x.car ?? "",
      x.entry ?? "",
      x.team ?? "",
      x.driver ?? "",
      x.decision.championshipId ?? "",
      decisionLabel(x.decision),
      x.decision.reason,
      x.overturnedBy
        ? `overturned by ${x.overturnedBy.id}${x.overturnedBy.date ? ` (${x.overturnedBy.date})` : ""}: ${x.overturnedBy.reason}`
        : "yes",
    ]),
  };
}
