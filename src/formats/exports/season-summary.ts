// The season summary: the class winners of every race, the overall winner marked, as the season
// page and Wikipedia's "Season results" table show them. A class winner is the car in points
// position 1 of its championship class (the same rule as SeasonService.winners).
import type { PointsRules } from "../../core/points-rules.js";
import { positionRace } from "../../core/race-positions.js";
import type { Race, Season } from "../../core/season.js";
import { numberedRounds } from "../../core/season.js";
import type { Tabular } from "../tables/tabular.js";

export interface ClassWinner {
  readonly number: string | null;
  readonly teamId: string | null;
  /** The team's name, or null where the result row does not say. */
  readonly team: string | null;
  readonly drivers: readonly string[];
  readonly chassis: string;
  /** True when this car also won the race overall. */
  readonly overall: boolean;
}

export interface RaceSummary {
  readonly round: number;
  readonly roundName: string;
  readonly circuit: string;
  readonly race: Race;
  /** Races in the round: the race's name is shown only where there are several. */
  readonly racesInRound: number;
  /** One entry per championship class asked for, in season order; null where unknown. */
  readonly winners: readonly { readonly classId: string; readonly winner: ClassWinner | null }[];
}

/** Class winners of every race of the completed rounds (up to `uptoRound` when given). */
export function seasonSummary(
  season: Season,
  rules: PointsRules,
  classIds: readonly string[],
  uptoRound?: number,
): RaceSummary[] {
  const teamName = new Map(season.teams.map((t) => [t.id, t.name]));
  const driverName = new Map(season.drivers.map((d) => [d.id, d.name]));
  const out: RaceSummary[] = [];
  for (const round of numberedRounds(season)) {
    const number = round.number;
    if (round.status !== "completed" || number === null) continue;
    if (uptoRound !== undefined && number > uptoRound) continue;
    const races = [...round.races].sort((a, b) => a.order - b.order);
    for (const race of races) {
      const rows = positionRace(season, rules, race.id);
      const overall = rows.find((p) => p.overallPosition === 1);
      out.push({
        round: number,
        roundName: round.name,
        circuit: round.circuit,
        race,
        racesInRound: races.length,
        winners: classIds.map((classId) => {
          const p = rows.find((x) => x.scoringClass === classId && x.pointsPosition === 1);
          if (!p) return { classId, winner: null };
          return {
            classId,
            winner: {
              number: p.row.number,
              teamId: p.row.teamId,
              team: p.row.teamId === null ? null : (teamName.get(p.row.teamId) ?? p.row.teamId),
              drivers: p.row.driverIds.map((d) => driverName.get(d) ?? d),
              chassis: p.row.chassis,
              overall: p === overall,
            },
          };
        }),
      });
    }
  }
  return out;
}

/** "#1 Infineon Team Joest": the car number (where known) and the team. */
export function winnerCar(w: ClassWinner): string {
  return `${w.number !== null ? `#${w.number} ` : ""}${w.team ?? "unknown"}`;
}

function roundLabel(x: RaceSummary): string {
  return x.racesInRound > 1 ? `${x.round} (${x.race.name})` : String(x.round);
}

/**
 * The summary as a plain table. For people one cell per class ("#23 Alex Job Racing — Sascha
 * Maassen, Lucas Luhr"); for machines the number, team and drivers in columns of their own.
 */
export function summaryTabular(
  season: Season,
  summary: readonly RaceSummary[],
  classIds: readonly string[],
  forMachines: boolean,
): Tabular {
  const perClass = forMachines
    ? classIds.flatMap((k) => [`${k} number`, `${k} team`, `${k} drivers`])
    : classIds.map((k) => `${k} winner`);
  const rows = summary.map((x) => {
    const overall = x.winners.find((w) => w.winner?.overall)?.classId ?? "";
    const cells = x.winners.flatMap(({ winner: w }) => {
      if (forMachines)
        return w ? [w.number ?? "", w.team ?? "", w.drivers.join("; ")] : ["", "", ""];
      if (!w) return ["—"];
      return [`${winnerCar(w)}${w.drivers.length > 0 ? ` — ${w.drivers.join(", ")}` : ""}`];
    });
    return [roundLabel(x), x.roundName, x.circuit, ...cells, overall];
  });
  return {
    title: `${season.name} — season results`,
    columns: ["round", "race", "circuit", ...perClass, "overall winner class"],
    rows,
    notes: ["Class winners of each race; the last column names the class of the overall winner."],
  };
}

/** The summary as JSON: per race, the winner of each class. */
export function summaryJson(season: Season, summary: readonly RaceSummary[]) {
  return {
    season: season.id,
    races: summary.map((x) => ({
      round: x.round,
      race: x.race.id,
      raceName: x.race.name,
      roundName: x.roundName,
      circuit: x.circuit,
      winners: Object.fromEntries(
        x.winners.map(({ classId, winner }) => [
          classId,
          winner && {
            number: winner.number,
            team: winner.teamId,
            teamName: winner.team,
            drivers: winner.drivers,
            chassis: winner.chassis,
            overall: winner.overall,
          },
        ]),
      ),
    })),
  };
}
