// The standings engine: season + rules -> a table per championship (and class), with the points
// of every round, markers, totals, positions and a trail that says why each point was awarded or
// withheld. Pure and deterministic: the same input gives the same output, whatever its row order.
// This module walks the races; race-positions.ts positions a race, score-race.ts scores it for
// one table, rank-table.ts builds the tables.
import type { Championship, PointsRules } from "./points-rules.js";
import { selects, settingsForRace } from "./points-rules.js";
import { tableAfterPenalties } from "./race-penalties.js";
import { newPositionBuffers, OVERALL, positionRaceColumns, scoringMap } from "./race-positions.js";
import type { Grouping, RacePositions } from "./race-positions.js";
import { rankTable } from "./rank-table.js";
import {
  describeDecision,
  decisionMatchesRow,
  resultDecisions,
  statusesAfterDecisions,
} from "./result-decisions.js";
import { newScratch, scoreRace } from "./score-race.js";
import type { TableTallies, Tally, TrailSink } from "./score-race.js";
import type { ResultRow, Season } from "./season.js";
import { numberedRounds, racesInOrder } from "./season.js";
import { seasonIndex } from "./season-index.js";
import type { SeasonIndex } from "./season-index.js";
import type {
  ComputeOptions,
  Competitor,
  Standings,
  StandingsTable,
  TrailEntry,
} from "./standings-types.js";

export type {
  ComputeOptions,
  Competitor,
  StandingCell,
  StandingRow,
  Standings,
  StandingsTable,
  TrailEntry,
  TrailKind,
} from "./standings-types.js";
export { decisionMatchesRow };

function tableClasses(season: Season, ch: Championship): (string | null)[] {
  if (!ch.perClass) return [null];
  const champ = season.classes.filter((k) => k.championship).map((k) => k.id);
  return ch.classes ? champ.filter((k) => ch.classes?.includes(k)) : champ;
}

function competitorPool(index: SeasonIndex, ch: Championship): readonly Competitor[] {
  switch (ch.kind) {
    case "teams":
      return index.teams;
    case "manufacturers":
      return index.makes;
    case "drivers":
      return index.drivers;
    default: {
      const never: never = ch.kind;
      throw new Error(`unhandled championship kind ${String(never)}`);
    }
  }
}

export function computeStandings(
  season: Season,
  rules: PointsRules,
  options: ComputeOptions = {},
): Standings {
  const upto = options.uptoRound ?? null;
  const index = seasonIndex(season);
  const rounds = numberedRounds(season)
    .filter((r) => r.status !== "cancelled" && (upto === null || (r.number as number) <= upto))
    .map((r) => r.number as number);
  const roundIndex = new Map(rounds.map((r, i) => [r, i]));
  const races = racesInOrder(season).filter((r) => roundIndex.has(r.roundNumber));

  const decisions = resultDecisions(season, upto);
  const trail: TrailSink | null =
    (options.trail ?? true)
      ? {
          entries: [],
          decisionsOn: (row: ResultRow) =>
            [...decisions.disqualifications, ...decisions.penalties]
              .filter((d) => decisionMatchesRow(d, row))
              .map((d) => describeDecision(d, decisions.overturnedBy.get(d.id))),
        }
      : null;

  // One tally table per championship and class.
  const classIndex = index.classIndex;
  const scoringOfRaced = scoringMap(rules, index.classIds);
  const tables = new Map<string, TableTallies>();
  const tableKey = (ch: Championship, classId: string | null) => `${ch.id}|${classId ?? ""}`;
  for (const ch of rules.championships)
    for (const classId of tableClasses(season, ch))
      tables.set(tableKey(ch, classId), {
        ch,
        classId,
        pool: competitorPool(index, ch),
        tallies: [],
        rounds: rounds.length,
        races: races.length,
      });
  // Per championship: its table for each group key (a scoring class index, or OVERALL).
  const tablesByGroup = new Map<Championship, Map<number, TableTallies>>();
  for (const ch of rules.championships) {
    const m = new Map<number, TableTallies>();
    for (const classId of tableClasses(season, ch)) {
      const t = tables.get(tableKey(ch, classId)) as TableTallies;
      m.set(classId === null ? OVERALL : (classIndex.get(classId) ?? -1), t);
    }
    tablesByGroup.set(ch, m);
  }

  let largest = 0;
  for (const t of index.races.values()) if (t.rows.length > largest) largest = t.rows.length;
  const buffers = { class: newPositionBuffers(largest), overall: newPositionBuffers(largest) };
  const scratch = newScratch(
    largest,
    Math.max(index.teams.length, index.makes.length, index.drivers.length),
  );
  races.forEach((race, raceIndex) => {
    const original = index.races.get(race.id);
    if (!original || original.rows.length === 0) return;
    const table = tableAfterPenalties(original, decisions.standingPenalties);
    const status = statusesAfterDecisions(table, decisions.standing);
    const positioned = new Map<Grouping, RacePositions>();
    for (const ch of rules.championships) {
      if (!selects(ch.rounds, race.roundNumber)) continue;
      const grouping: Grouping = ch.perClass ? "class" : "overall";
      let rp = positioned.get(grouping);
      if (!rp)
        positioned.set(
          grouping,
          (rp = positionRaceColumns(
            table,
            index.classIds,
            scoringOfRaced,
            rules,
            grouping,
            status,
            buffers[grouping],
          )),
        );
      const slot = {
        raceId: race.id,
        raceIndex,
        roundNumber: race.roundNumber,
        roundIndex: roundIndex.get(race.roundNumber) as number,
        settings: settingsForRace(rules, ch, race.roundNumber, race.id),
      };
      const byGroup = tablesByGroup.get(ch) as Map<number, TableTallies>;
      for (const [key, members] of rp.groups) {
        const tallies = byGroup.get(key);
        if (!tallies) continue; // a class with no table in this championship
        // A combined table ranks the rows of known classes it covers.
        const scoring = rp.scoring;
        const ranked =
          key === OVERALL
            ? members.filter((i) => {
                const k = scoring[i] as number;
                return (
                  k >= 0 &&
                  (ch.classes === null || ch.classes.includes(index.classIds[k] as string))
                );
              })
            : members;
        scoreRace(tallies, slot, rp, ranked, scratch, trail);
      }
    }
  });

  const pointsDecisions = decisions.inScope.filter(
    (d) =>
      (d.kind === "deduct_points" ||
        d.kind === "exclude_from_championship" ||
        d.kind === "wipe_points") &&
      !decisions.overturnedBy.has(d.id),
  );
  const raceRefs = races.map((r) => ({ id: r.id, roundNumber: r.roundNumber }));
  const trailEntries: TrailEntry[] = trail?.entries ?? [];
  const out: StandingsTable[] = [];
  for (const t of tables.values()) {
    const frame = {
      ch: t.ch,
      classId: t.classId,
      rounds,
      roundColumn: roundIndex,
      races: raceRefs,
      decisions: pointsDecisions,
      trail: trail ? trailEntries : null,
    };
    const present = t.tallies.filter((x): x is Tally => x !== undefined);
    out.push({
      championshipId: t.ch.id,
      championshipName: t.ch.name,
      kind: t.ch.kind,
      classId: t.classId,
      rounds,
      rows: rankTable(frame, present),
    });
  }
  return {
    seasonId: season.id,
    rulesId: rules.id,
    uptoRound: upto,
    tables: out,
    trail: trailEntries,
  };
}
