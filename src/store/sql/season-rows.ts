// A season as table rows and back: pure mapping between the Season model and the rows of
// store-database.ts. seasonFromRows(seasonToRows(x)) deep-equals x, nulls, empty strings, list
// order and source references included. Rows read back are checked as they are turned into
// values (enumerations, JSON lists, points text); a row that fails holds data no put could have
// written, so that is an error thrown, not a problem returned.
import { parsePoints, formatPoints } from "../../core/points.js";
import { formatRaceTime, parseLapTime } from "../../core/race-time.js";
import type {
  Decision,
  Driver,
  Entry,
  Lineup,
  Race,
  ResultRow,
  Round,
  Season,
  SeasonClass,
  SourceRef,
  Team,
} from "../../core/season.js";
import {
  DECISION_KINDS,
  FINISH_STATUSES,
  INELIGIBLE_EFFECTS,
  RESULT_STATUSES,
} from "../../core/vocabulary.js";
import { ROUND_STATUSES } from "../../core/vocabulary.js";
import type { StoredSeason } from "../season-store.js";
import type {
  ClassesTable,
  DecisionsTable,
  DriverAliasesTable,
  DriversTable,
  EntriesTable,
  LineupsTable,
  RacesTable,
  ResultDriversTable,
  ResultsTable,
  RoundsTable,
  SeasonsTable,
  SeriesTable,
  TeamAliasesTable,
  TeamsTable,
} from "./store-database.js";
import type { SEASON_ROW_TABLES } from "./store-database.js";

/** One season's rows, table by table; each list in ordinal order. */
export interface SeasonRows extends Record<(typeof SEASON_ROW_TABLES)[number], readonly unknown[]> {
  readonly series: SeriesTable;
  readonly season: SeasonsTable;
  readonly classes: readonly ClassesTable[];
  readonly rounds: readonly RoundsTable[];
  readonly races: readonly RacesTable[];
  readonly teams: readonly TeamsTable[];
  readonly team_aliases: readonly TeamAliasesTable[];
  readonly entries: readonly EntriesTable[];
  readonly drivers: readonly DriversTable[];
  readonly driver_aliases: readonly DriverAliasesTable[];
  readonly lineups: readonly LineupsTable[];
  readonly results: readonly ResultsTable[];
  readonly result_drivers: readonly ResultDriversTable[];
  readonly decisions: readonly DecisionsTable[];
}

const bit = (b: boolean): number => (b ? 1 : 0);
const roundList = (list: readonly number[] | null): string | null =>
  list === null ? null : JSON.stringify(list);

export function seasonToRows(stored: StoredSeason, version: number): SeasonRows {
  const s = stored.season;
  const season_id = s.id;
  // Results come race by race: each race's place in that list, and each row's place in its race
  // (so rewriting one race's results moves no other race's rows).
  const resultsOrdinal = new Map<string, number>();
  const rowsSoFar = new Map<string, number>();
  const rowOrdinal = s.results.map((r) => {
    if (!resultsOrdinal.has(r.raceId)) resultsOrdinal.set(r.raceId, resultsOrdinal.size);
    const n = rowsSoFar.get(r.raceId) ?? 0;
    rowsSoFar.set(r.raceId, n + 1);
    return n;
  });
  const facts = s.results.some(
    (r) =>
      r.fastestLapDriverId !== undefined ||
      r.driverShares !== undefined ||
      r.ineligible !== undefined,
  );
  const shortNames = s.rounds.some((r) => r.shortName !== undefined);
  const decisionEntries = s.decisions.some((d) => (d.target.entryId ?? null) !== null);
  const scheduledLaps = s.rounds.some((r) =>
    r.races.some((race) => (race.scheduledLaps ?? null) !== null),
  );
  // Plain properties throughout, no object spread: this runs for every row of a season, and
  // spreading costs many times more.
  return {
    series: { id: s.series.id, name: s.series.name },
    season: {
      id: s.id,
      version,
      series_id: s.series.id,
      year: s.year,
      name: s.name,
      provenance: JSON.stringify(s.provenance),
      rules_document: JSON.stringify(stored.rulesDocument),
    },
    classes: s.classes.map((k, ordinal) => ({
      season_id,
      version,
      id: k.id,
      ordinal,
      name: k.name,
      championship: bit(k.championship),
    })),
    // Every round gets the short_name column, or none does (as the per-result facts below): a
    // part keeps one list of columns, and a season without short names keeps its parts' hashes.
    rounds: s.rounds.map((r, ordinal) => ({
      season_id,
      version,
      key: r.key,
      ordinal,
      number: r.number,
      name: r.name,
      circuit: r.circuit,
      ...(shortNames ? { short_name: r.shortName ?? null } : {}),
      date: r.date,
      status: r.status,
      note: r.note,
    })),
    races: s.rounds.flatMap((r) =>
      r.races.map((race, ordinal) => ({
        season_id,
        version,
        id: race.id,
        round_number: race.roundNumber,
        ordinal,
        running_order: race.order,
        name: race.name,
        results_status: race.resultStatus,
        published_at: race.publishedAt,
        results_ordinal: resultsOrdinal.get(race.id) ?? null,
        // Every race gets the column, or none does (as short_name above).
        ...(scheduledLaps ? { scheduled_laps: race.scheduledLaps ?? null } : {}),
      })),
    ),
    teams: s.teams.map((t, ordinal) => ({
      season_id,
      version,
      id: t.id,
      ordinal,
      name: t.name,
      nationality: t.nationality,
    })),
    team_aliases: s.teams.flatMap((t) =>
      t.aliases.map((alias, ordinal) => ({ season_id, version, team_id: t.id, ordinal, alias })),
    ),
    entries: s.entries.map((e, ordinal) => ({
      season_id,
      version,
      id: e.id,
      ordinal,
      number: e.number,
      class_id: e.classId,
      team_id: e.teamId,
      chassis: e.chassis,
      engine: e.engine,
      tyre: e.tyre,
      manufacturer: e.manufacturer,
      rounds: roundList(e.rounds),
      points_eligible: bit(e.pointsEligible),
      note: e.note,
      citation: e.citation,
      source_file: e.source.file ?? null,
      source_line: e.source.line ?? null,
    })),
    drivers: s.drivers.map((d, ordinal) => ({
      season_id,
      version,
      id: d.id,
      ordinal,
      name: d.name,
      nationality: d.nationality,
    })),
    driver_aliases: s.drivers.flatMap((d) =>
      d.aliases.map((alias, ordinal) => ({ season_id, version, driver_id: d.id, ordinal, alias })),
    ),
    lineups: s.lineups.map((l, ordinal) => ({
      season_id,
      version,
      ordinal,
      entry_id: l.entryId,
      driver_id: l.driverId,
      rounds: roundList(l.rounds),
      not_started: JSON.stringify(l.notStarted),
      note: l.note,
      citation: l.citation,
      source_file: l.source.file ?? null,
      source_line: l.source.line ?? null,
    })),
    results: s.results.map((r, i) => {
      const row: ResultsTable = {
        season_id,
        version,
        race_id: r.raceId,
        row_index: r.index,
        ordinal: rowOrdinal[i] ?? 0,
        position: r.position,
        class_position: r.classPosition,
        class_id: r.classId,
        number: r.number,
        team_id: r.teamId,
        entry_id: r.entryId,
        chassis: r.chassis,
        engine: r.engine,
        tyre: r.tyre,
        laps: r.laps,
        time: r.time,
        gap: r.gap,
        status: r.status,
        pole: bit(r.pole),
        fastest_lap: bit(r.fastestLap),
        best_lap: r.bestLap ?? null,
        best_lap_number: r.bestLapNumber ?? null,
        laps_led: r.lapsLed,
        note: r.note,
        citation: r.citation,
        source_file: r.source.file ?? null,
        source_line: r.source.line ?? null,
      };
      // Every row of the season gets the columns of per-result facts, or none does: a part
      // keeps one list of columns, and a season without these facts keeps its parts' hashes.
      if (facts) {
        row.fastest_lap_driver_id = r.fastestLapDriverId ?? null;
        row.driver_shares =
          r.driverShares === undefined ? null : r.driverShares.map(formatPoints).join(";");
        row.ineligible = r.ineligible ?? null;
      }
      return row;
    }),
    result_drivers: s.results.flatMap((r) =>
      r.driverIds.map((driver_id, ordinal) => ({
        season_id,
        version,
        race_id: r.raceId,
        row_index: r.index,
        ordinal,
        driver_id,
      })),
    ),
    decisions: s.decisions.map((d, ordinal) => ({
      season_id,
      version,
      id: d.id,
      ordinal,
      date: d.date,
      kind: d.kind,
      race_id: d.target.raceId,
      round_number: d.target.roundNumber,
      class_id: d.target.classId,
      number: d.target.number,
      team_id: d.target.teamId,
      // Every decision gets the entry_id column, or none does (as short_name above).
      ...(decisionEntries ? { entry_id: d.target.entryId ?? null } : {}),
      driver_id: d.target.driverId,
      manufacturer: d.target.manufacturer,
      championship_id: d.championshipId,
      points: d.points === null ? null : formatPoints(d.points),
      seconds: d.seconds === null ? null : String(d.seconds),
      places: d.places,
      upto_round: d.uptoRound,
      overturns: d.overturns,
      reason: d.reason,
      citation: d.citation,
      source_file: d.source.file ?? null,
      source_line: d.source.line ?? null,
    })),
  };
}

/** Stored data that no put could have written: a fault of the database, not of a request. */
export class CorruptSeasonError extends Error {
  constructor(seasonId: string, table: string, what: string) {
    super(`season ${seasonId}: table ${table} holds ${what}`);
    this.name = "CorruptSeasonError";
  }
}

function member<T extends string>(
  list: readonly T[],
  value: string,
  fail: (what: string) => never,
): T {
  if ((list as readonly string[]).includes(value)) return value as T;
  return fail(`"${value}", not one of ${list.join(", ")}`);
}

function numberList(text: string, fail: (what: string) => never): number[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(`"${text}", not a JSON list of round numbers`);
  }
  if (!Array.isArray(value) || !value.every((n) => Number.isSafeInteger(n)))
    return fail(`"${text}", not a JSON list of round numbers`);
  return value as number[];
}

/** A result's best lap and its lap number, only where known (ResultRow's keys are optional). */
function bestLapOf(
  row: Pick<ResultsTable, "best_lap" | "best_lap_number">,
  fail: (what: string) => never,
): Pick<ResultRow, "bestLap" | "bestLapNumber"> {
  // Rows of season parts written before migration 005 lack both columns: taken as NULL.
  const lap = row.best_lap ?? null;
  const number = row.best_lap_number ?? null;
  const ms = lap === null ? undefined : parseLapTime(lap);
  if (lap !== null && (ms === undefined || formatRaceTime(ms) !== lap))
    fail(`best lap "${lap}", not a lap time in the form 1:47.123`);
  return {
    ...(lap !== null ? { bestLap: lap } : {}),
    ...(number !== null ? { bestLapNumber: number } : {}),
  };
}

/** A result's own facts, only where known (ResultRow's keys are optional). */
function factsOf(
  row: Pick<ResultsTable, "fastest_lap_driver_id" | "driver_shares" | "ineligible">,
  fail: (what: string) => never,
): Pick<ResultRow, "fastestLapDriverId" | "driverShares" | "ineligible"> {
  // Rows written before migration 007, or of a season without these facts: taken as NULL.
  const driver = row.fastest_lap_driver_id ?? null;
  const sharesText = row.driver_shares ?? null;
  const effect = row.ineligible ?? null;
  const shares =
    sharesText === null
      ? undefined
      : sharesText.split(";").map((p) => {
          const points = parsePoints(p);
          return points ?? fail(`driver shares "${sharesText}", not a list of points`);
        });
  return {
    ...(driver !== null ? { fastestLapDriverId: driver } : {}),
    ...(shares !== undefined ? { driverShares: shares } : {}),
    ...(effect !== null ? { ineligible: member(INELIGIBLE_EFFECTS, effect, fail) } : {}),
  };
}

/** A source reference with only the parts that are known (SourceRef's keys are optional). */
function sourceRef(row: { source_file: string | null; source_line: number | null }): SourceRef {
  const file = row.source_file;
  const line = row.source_line;
  if (file !== null) return line !== null ? { file, line } : { file };
  return line !== null ? { line } : {};
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const resultKey = (raceId: string, index: number) => `${raceId}\u0000${index}`;

/**
 * The stored season the rows hold. Lists must come in ordinal order, as the store reads them;
 * results are put race by race here (each race's place in the list is on its races row).
 */
export function seasonFromRows(rows: SeasonRows): StoredSeason {
  const id = rows.season.id;
  const raceOrdinal = new Map(rows.races.map((r) => [r.id, r.results_ordinal ?? 0]));
  const resultRows = [...rows.results].sort(
    (a, b) =>
      (raceOrdinal.get(a.race_id) ?? 0) - (raceOrdinal.get(b.race_id) ?? 0) ||
      a.ordinal - b.ordinal,
  );
  const failIn =
    (table: string) =>
    (what: string): never => {
      throw new CorruptSeasonError(id, table, what);
    };

  const racesByRound = groupBy(rows.races, (r) => r.round_number);
  const teamAliases = groupBy(rows.team_aliases, (a) => a.team_id);
  const driverAliases = groupBy(rows.driver_aliases, (a) => a.driver_id);
  const resultDrivers = groupBy(rows.result_drivers, (d) => resultKey(d.race_id, d.row_index));

  const classes = rows.classes.map((k): SeasonClass => ({
    id: k.id,
    name: k.name,
    championship: k.championship === 1,
  }));
  const rounds = rows.rounds.map((r): Round => ({
    key: r.key,
    number: r.number,
    name: r.name,
    circuit: r.circuit,
    ...(r.short_name !== null && r.short_name !== undefined ? { shortName: r.short_name } : {}),
    date: r.date,
    status: member(ROUND_STATUSES, r.status, failIn("rounds")),
    races:
      r.number === null
        ? []
        : (racesByRound.get(r.number) ?? []).map((race): Race => ({
            id: race.id,
            name: race.name,
            roundNumber: race.round_number,
            order: race.running_order,
            resultStatus: member(RESULT_STATUSES, race.results_status, failIn("races")),
            publishedAt: race.published_at,
            ...(race.scheduled_laps !== null && race.scheduled_laps !== undefined
              ? { scheduledLaps: race.scheduled_laps }
              : {}),
          })),
    note: r.note,
  }));
  const teams = rows.teams.map((t): Team => ({
    id: t.id,
    name: t.name,
    nationality: t.nationality,
    aliases: (teamAliases.get(t.id) ?? []).map((a) => a.alias),
  }));
  const entries = rows.entries.map((e): Entry => ({
    id: e.id,
    number: e.number,
    classId: e.class_id,
    teamId: e.team_id,
    chassis: e.chassis,
    engine: e.engine,
    tyre: e.tyre,
    manufacturer: e.manufacturer,
    rounds: e.rounds === null ? null : numberList(e.rounds, failIn("entries")),
    pointsEligible: e.points_eligible === 1,
    note: e.note,
    citation: e.citation,
    source: sourceRef(e),
  }));
  const drivers = rows.drivers.map((d): Driver => ({
    id: d.id,
    name: d.name,
    nationality: d.nationality,
    aliases: (driverAliases.get(d.id) ?? []).map((a) => a.alias),
  }));
  const lineups = rows.lineups.map((l): Lineup => ({
    entryId: l.entry_id,
    driverId: l.driver_id,
    rounds: l.rounds === null ? null : numberList(l.rounds, failIn("lineups")),
    notStarted: numberList(l.not_started, failIn("lineups")),
    note: l.note,
    citation: l.citation,
    source: sourceRef(l),
  }));
  const results = resultRows.map((r): ResultRow => ({
    raceId: r.race_id,
    index: r.row_index,
    position: r.position,
    classPosition: r.class_position,
    classId: r.class_id,
    number: r.number,
    teamId: r.team_id,
    entryId: r.entry_id,
    driverIds: (resultDrivers.get(resultKey(r.race_id, r.row_index)) ?? []).map((d) => d.driver_id),
    chassis: r.chassis,
    engine: r.engine,
    tyre: r.tyre,
    laps: r.laps,
    time: r.time,
    gap: r.gap,
    status: member(FINISH_STATUSES, r.status, failIn("results")),
    pole: r.pole === 1,
    fastestLap: r.fastest_lap === 1,
    ...bestLapOf(r, failIn("results")),
    lapsLed: r.laps_led,
    ...factsOf(r, failIn("results")),
    note: r.note,
    citation: r.citation,
    source: sourceRef(r),
  }));
  const decisions = rows.decisions.map((d): Decision => {
    const points = d.points === null ? null : parsePoints(d.points);
    if (points === undefined) failIn("decisions")(`points "${d.points}", not a number of points`);
    return {
      id: d.id,
      date: d.date,
      kind: member(DECISION_KINDS, d.kind, failIn("decisions")),
      target: {
        raceId: d.race_id,
        roundNumber: d.round_number,
        classId: d.class_id,
        number: d.number,
        teamId: d.team_id,
        entryId: d.entry_id ?? null,
        driverId: d.driver_id,
        manufacturer: d.manufacturer,
      },
      championshipId: d.championship_id,
      points: points ?? null,
      seconds: d.seconds === null ? null : Number(d.seconds),
      places: d.places,
      uptoRound: d.upto_round,
      overturns: d.overturns,
      reason: d.reason,
      citation: d.citation,
      source: sourceRef(d),
    };
  });

  let provenance: unknown;
  let rulesDocument: unknown;
  try {
    provenance = JSON.parse(rows.season.provenance);
    rulesDocument = JSON.parse(rows.season.rules_document);
  } catch {
    failIn("seasons")("provenance or a rules document that is not JSON");
  }
  if (!Array.isArray(provenance) || !provenance.every((p) => typeof p === "string"))
    failIn("seasons")("provenance that is not a JSON list of strings");

  const season: Season = {
    id,
    series: { id: rows.series.id, name: rows.series.name },
    year: rows.season.year,
    name: rows.season.name,
    classes,
    rounds,
    teams,
    entries,
    drivers,
    lineups,
    results,
    decisions,
    provenance: provenance as string[],
  };
  return { season, rulesDocument };
}
