// What a standings cell marks besides its points or position, as encyclopedia tables do: the pole
// and the fastest lap a competitor took in the round (superscript P and F). Read from the round's
// result rows: a driver's own cars, a team's cars, a manufacturer's cars, in the table's class.
import type { StandingsTable } from "../../core/standings-types.js";
import type { ResultRow, Season } from "../../core/season.js";

export interface CellFacts {
  readonly pole: boolean;
  readonly fastestLap: boolean;
}

const key = (competitorId: string, round: number) => `${competitorId}@${round}`;

/** Pole and fastest lap per competitor and round of a table; absent where neither. */
export function cellFacts(season: Season, table: StandingsTable): Map<string, CellFacts> {
  const roundOfRace = new Map<string, number>();
  for (const round of season.rounds)
    for (const race of round.races)
      if (round.number !== null) roundOfRace.set(race.id, round.number);
  const manufacturerOf = new Map(season.entries.map((e) => [e.id, e.manufacturer]));
  const competitorsOf = (row: ResultRow): readonly string[] => {
    switch (table.kind) {
      case "drivers":
        return row.driverIds;
      case "teams":
        return row.teamId === null ? [] : [row.teamId];
      case "manufacturers": {
        const m = row.entryId === null ? null : (manufacturerOf.get(row.entryId) ?? null);
        return m === null ? [] : [m];
      }
    }
  };
  const facts = new Map<string, CellFacts>();
  for (const row of season.results) {
    if (!row.pole && !row.fastestLap) continue;
    if (table.classId !== null && row.classId !== table.classId) continue;
    const round = roundOfRace.get(row.raceId);
    if (round === undefined) continue;
    for (const id of competitorsOf(row)) {
      const was = facts.get(key(id, round));
      facts.set(key(id, round), {
        pole: (was?.pole ?? false) || row.pole,
        fastestLap: (was?.fastestLap ?? false) || row.fastestLap,
      });
    }
  }
  return facts;
}

/** The facts of one competitor's round, if any. */
export const factsOf = (
  facts: ReadonlyMap<string, CellFacts>,
  competitorId: string,
  round: number,
): CellFacts | undefined => facts.get(key(competitorId, round));
