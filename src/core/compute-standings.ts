// The standings engine: season + rules -> a table per championship (and class), with the points
// of every round, markers, totals, positions and a trail that says why each point was awarded or
// withheld. Pure and deterministic: the same input gives the same output, whatever its row order.
// This module walks the races; race-positions.ts positions a race, score-race.ts scores it for
// one table, rank-table.ts builds the tables.
import { cmp, ZERO } from "./points.js";
import type { Championship, PointsRules, RaceDistance, RaceSettings } from "./points-rules.js";
import { selects, settingsForRace } from "./points-rules.js";
import { tableAfterPenalties } from "./race-penalties.js";
import {
  newPositionBuffers,
  OVERALL,
  positionRaceColumns,
  scoringClassOf,
  scoringMap,
} from "./race-positions.js";
import type { Grouping, PositionBuffers, RacePositions } from "./race-positions.js";
import { coDriverOrder } from "./level-rows.js";
import { rankTable } from "./rank-table.js";
import {
  describeDecision,
  decisionMatchesRow,
  resultDecisions,
  statusesAfterDecisions,
} from "./result-decisions.js";
import {
  flushFused,
  fusedChampionship,
  newFusedWork,
  scoreRaceFused,
  scoreSideBySide,
} from "./fused-race.js";
import type { FusedChampionship } from "./fused-race.js";
import { newScratch, readsRaces, RoundGrid, scoreRace } from "./score-race.js";
import type { Scratch, TableTallies, Tally, TrailSink } from "./score-race.js";
import type { Race, ResultRow, Season } from "./season.js";
import { numberedRounds } from "./season.js";
import { DSQ, seasonIndex } from "./season-index.js";
import type { RaceTable, SeasonIndex } from "./season-index.js";
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

/**
 * How many competitors a table may meet, a first width for its grid (widened as needed): the
 * teams entered in its class for a per-class teams' table, else the whole pool. A grid no wider
 * than needed is memory the engine does not have to touch.
 */
function expectedColumns(
  season: Season,
  rules: PointsRules,
  ch: Championship,
  classId: string | null,
  pool: readonly Competitor[],
): number {
  if (classId === null || ch.kind !== "teams") return pool.length;
  const teams = new Set<string>();
  for (const e of season.entries)
    if (scoringClassOf(rules, e.classId) === classId) teams.add(e.teamId);
  return Math.max(1, Math.min(pool.length, teams.size));
}

export function computeStandings(
  season: Season,
  rules: PointsRules,
  options: ComputeOptions = {},
): Standings {
  return standings(season, rules, options, true);
}

/**
 * The same standings by the engine's general route only: every race positioned the long way,
 * exclusions read from the failures themselves, settings looked up race by race. For tests that
 * hold the shortcuts computeStandings takes to exactly the same output.
 */
export function computeStandingsWithoutShortcuts(
  season: Season,
  rules: PointsRules,
  options: ComputeOptions = {},
): Standings {
  return standings(season, rules, options, false);
}

/** Per table (tableKey): each competitor with points, by its place in the table's order. */
type PreviousOrders = Map<string, Map<string, number>>;

function standings(
  season: Season,
  rules: PointsRules,
  options: ComputeOptions,
  shortcuts: boolean,
  previous?: PreviousOrders | null,
): Standings {
  const run = startRun(season, rules, options, shortcuts);
  // The fused route reads the season's races side by side, where no stewards' decision changes
  // a race's statuses or positions; a race it cannot take goes the long way.
  const races = run.index.sideBySide;
  const { fused, fusedWork, decisions } = run;
  const sideBySide =
    races !== null &&
    fused !== null &&
    fusedWork !== null &&
    run.fusedEveryRound &&
    decisions.standing.length === 0 &&
    decisions.standingPenalties.length === 0;
  for (let i = 0; i < run.inOrder.length; i++) {
    if (
      sideBySide &&
      scoreSideBySide(
        races,
        run.indexRace[i] as number,
        run.scoringOfRaced,
        fused,
        run.roundOfRace[i] as number,
        fusedWork,
        i + 1,
      )
    )
      continue;
    const { race, table } = run.inOrder[i] as Run["inOrder"][number];
    scoreRaceOfRun(run, race, table, i);
  }
  return rankRun(run, previous);
}

/**
 * One computation of standings while it walks the races: the season laid out, the tables being
 * tallied and the buffers races reuse. Started by startRun, each race added by scoreRaceOfRun (in
 * any order: a race's figures go to its own round and race slots), ranked by rankRun.
 */
export interface Run {
  readonly season: Season;
  readonly rules: PointsRules;
  readonly upto: number | null;
  readonly index: SeasonIndex;
  readonly rounds: readonly number[];
  readonly roundIndex: ReadonlyMap<number, number>;
  /** Per race of inOrder: its round's index in `rounds` (roundIndex without a lookup per race). */
  readonly roundOfRace: Int32Array;
  /** Per race of inOrder: its place in the index's inOrder (SeasonRaces reads by it). */
  readonly indexRace: Int32Array;
  readonly inOrder: SeasonIndex["inOrder"];
  readonly races: readonly Race[];
  readonly decisions: ReturnType<typeof resultDecisions>;
  readonly trail: TrailSink | null;
  readonly tables: Map<string, TableTallies>;
  readonly tablesByGroup: Map<Championship, Map<number, TableTallies>>;
  readonly scoringOfRaced: Int32Array;
  buffers: { class: PositionBuffers; overall: PositionBuffers };
  scratch: Scratch;
  readonly settingsOf: (
    ch: Championship,
    race: Race,
    distance: RaceDistance | null,
  ) => RaceSettings;
  readonly fused: FusedChampionship[] | null;
  readonly fusedWork: ReturnType<typeof newFusedWork> | null;
  readonly fusedEveryRound: boolean;
  readonly shortcuts: boolean;
}

/** Per championship: its table for each group key (a scoring class index, or OVERALL). */
export function tablesByGroupOf(
  season: Season,
  rules: PointsRules,
  index: SeasonIndex,
  tables: ReadonlyMap<string, TableTallies>,
): Map<Championship, Map<number, TableTallies>> {
  const tablesByGroup = new Map<Championship, Map<number, TableTallies>>();
  for (const ch of rules.championships) {
    const m = new Map<number, TableTallies>();
    for (const classId of tableClasses(season, ch)) {
      const t = tables.get(tableKey(ch, classId)) as TableTallies;
      m.set(classId === null ? OVERALL : (index.classIndex.get(classId) ?? -1), t);
    }
    tablesByGroup.set(ch, m);
  }
  return tablesByGroup;
}

const tableKey = (ch: Championship, classId: string | null) => `${ch.id}|${classId ?? ""}`;

/** A trail to write to, which tells the stewards' decisions on a result beside it. */
export function trailSink(decisions: ReturnType<typeof resultDecisions>): TrailSink {
  return {
    entries: [],
    decisionsOn: (row: ResultRow) =>
      [...decisions.disqualifications, ...decisions.penalties]
        .filter((d) => decisionMatchesRow(d, row))
        .map((d) => describeDecision(d, decisions.overturnedBy.get(d.id))),
  };
}

/** Buffers sized for races of up to `largest` rows. */
export function runBuffers(
  index: SeasonIndex,
  largest: number,
): { buffers: Run["buffers"]; scratch: Scratch } {
  return {
    buffers: { class: newPositionBuffers(largest), overall: newPositionBuffers(largest) },
    scratch: newScratch(
      largest,
      Math.max(index.teams.length, index.makes.length, index.drivers.length),
    ),
  };
}

/** The rounds and races a run counts, in order, and how they map to the index's. */
interface RaceOrder {
  readonly rounds: readonly number[];
  readonly roundIndex: ReadonlyMap<number, number>;
  readonly indexRace: Int32Array;
  readonly inOrder: SeasonIndex["inOrder"];
  readonly races: readonly Race[];
  readonly roundOfRace: Int32Array;
}

/** Per index (so per Season value), per uptoRound: the run's race order, made once. */
const raceOrders = new WeakMap<SeasonIndex, Map<number | null, RaceOrder>>();

function raceOrder(season: Season, index: SeasonIndex, upto: number | null): RaceOrder {
  let byUpto = raceOrders.get(index);
  if (!byUpto) raceOrders.set(index, (byUpto = new Map()));
  const known = byUpto.get(upto);
  if (known) return known;
  const rounds = numberedRounds(season)
    .filter((r) => r.status !== "cancelled" && (upto === null || (r.number as number) <= upto))
    .map((r) => r.number as number);
  const roundIndex = new Map(rounds.map((r, i) => [r, i]));
  const indexRace: number[] = [];
  index.inOrder.forEach((x, i) => {
    if (roundIndex.has(x.race.roundNumber)) indexRace.push(i);
  });
  const inOrder = indexRace.map((i) => index.inOrder[i] as SeasonIndex["inOrder"][number]);
  const races = inOrder.map((x) => x.race);
  const order: RaceOrder = {
    rounds,
    roundIndex,
    indexRace: Int32Array.from(indexRace),
    inOrder,
    races,
    roundOfRace: Int32Array.from(races, (r) => roundIndex.get(r.roundNumber) as number),
  };
  byUpto.set(upto, order);
  return order;
}

export function startRun(
  season: Season,
  rules: PointsRules,
  options: ComputeOptions,
  shortcuts: boolean,
): Run {
  const upto = options.uptoRound ?? null;
  const index = seasonIndex(season);
  const { rounds, roundIndex, indexRace, inOrder, races, roundOfRace } = raceOrder(
    season,
    index,
    upto,
  );

  const decisions = resultDecisions(season, upto);
  const trail = (options.trail ?? true) ? trailSink(decisions) : null;

  // One tally table per championship and class.
  const scoringOfRaced = scoringMap(rules, index.classIds);
  const tables = new Map<string, TableTallies>();
  for (const ch of rules.championships) {
    // One grid for all the championship's tables: their columns side by side.
    const pool = competitorPool(index, ch);
    const classIds = tableClasses(season, ch);
    let columns = 0;
    for (const classId of classIds) columns += expectedColumns(season, rules, ch, classId, pool);
    const grid = new RoundGrid(rounds.length, columns);
    for (const classId of classIds)
      tables.set(tableKey(ch, classId), {
        ch,
        classId,
        pool,
        tallies: [],
        rounds: rounds.length,
        races: races.length,
        grid,
        perRace: readsRaces(ch),
      });
  }
  const tablesByGroup = tablesByGroupOf(season, rules, index, tables);

  const { buffers, scratch } = runBuffers(index, index.largestRace);
  // Without race overrides a championship's settings are the same in every race.
  const fixedSettings = new Map<Championship, RaceSettings>();
  const settingsOf = (
    ch: Championship,
    race: Race,
    distance: RaceDistance | null,
  ): RaceSettings => {
    if (!shortcuts || rules.races.length > 0 || rules.shortRaces.length > 0)
      return settingsForRace(rules, ch, race.roundNumber, race.id, distance);
    let s = fixedSettings.get(ch);
    if (!s) fixedSettings.set(ch, (s = settingsForRace(rules, ch, race.roundNumber, race.id)));
    return s;
  };
  // The fused route (fused-race.ts): every championship of the rules of a shape it scores, no
  // trail, the same settings in every race.
  let fused: FusedChampionship[] | null = null;
  if (shortcuts && trail === null && rules.races.length === 0 && rules.shortRaces.length === 0) {
    fused = [];
    for (const ch of rules.championships) {
      const f = fusedChampionship(
        ch,
        settingsForRace(rules, ch, 0, ""),
        tablesByGroup.get(ch) as Map<number, TableTallies>,
        index.classIds.length,
      );
      if (f === null) {
        fused = null;
        break;
      }
      fused.push(f);
    }
  }
  const fusedWork = fused && newFusedWork(rules, index.classIds.length);
  const fusedEveryRound = fused?.every((f) => f.ch.rounds === null) ?? false;
  return {
    season,
    rules,
    upto,
    index,
    rounds,
    roundIndex,
    roundOfRace,
    indexRace,
    inOrder,
    races,
    decisions,
    trail,
    tables,
    tablesByGroup,
    scoringOfRaced,
    buffers,
    scratch,
    settingsOf,
    fused,
    fusedWork,
    fusedEveryRound,
    shortcuts,
  };
}

/** Adds one race's results (its laid-out table, its place in the season's race order) to a run. */
export function scoreRaceOfRun(
  run: Run,
  race: Race,
  original: RaceTable | undefined,
  raceIndex: number,
): void {
  const { rules, index, decisions, fused, fusedWork, scoringOfRaced, trail, tablesByGroup } = run;
  const { buffers, scratch, roundIndex, shortcuts, settingsOf } = run;
  if (!original || original.rows.length === 0) return;
  const table = tableAfterPenalties(original, decisions.standingPenalties);
  const status = statusesAfterDecisions(table, decisions.standing);
  if (fused !== null && fusedWork !== null) {
    const plan = run.fusedEveryRound
      ? fused
      : fused.filter((f) => selects(f.ch.rounds, race.roundNumber));
    const r = run.roundOfRace[raceIndex] as number;
    if (scoreRaceFused(table, status, scoringOfRaced, plan, r, fusedWork, raceIndex + 1)) return;
  }
  const positioned = new Map<Grouping, RacePositions>();
  const distance = rules.shortRaces.length > 0 ? raceDistance(race, table, status) : null;
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
          trail !== null || !shortcuts,
          shortcuts,
        )),
      );
    const slot = {
      raceId: race.id,
      raceIndex,
      roundNumber: race.roundNumber,
      roundIndex: roundIndex.get(race.roundNumber) as number,
      settings: settingsOf(ch, race, distance),
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
                k >= 0 && (ch.classes === null || ch.classes.includes(index.classIds[k] as string))
              );
            })
          : members;
      scoreRace(tallies, slot, rp, ranked, scratch, trail);
    }
  }
}

/**
 * For tables listing level rows as they stood a round before (levelRows or a tie-break
 * previousRound): per table, the competitors with points after the previous counted round and
 * their places in its order. Found by a forward pass, one computation per earlier round, each
 * listing its own level rows by the one before it (no recursion). Null when no table asks, or
 * there is no previous round.
 */
function previousRoundTables(run: Run): PreviousOrders | null {
  const { rules, rounds } = run;
  if (rounds.length < 2 || !rules.championships.some(readsPreviousRound)) return null;
  let before: PreviousOrders | null = null;
  for (let k = 0; k < rounds.length - 1; k++) {
    const after = standings(
      run.season,
      rules,
      { uptoRound: rounds[k] as number, trail: false },
      run.shortcuts,
      before,
    );
    before = ordersOf(after, rules);
  }
  return before;
}

function ordersOf(s: Standings, rules: PointsRules): PreviousOrders {
  const out: PreviousOrders = new Map();
  for (const table of s.tables) {
    const ch = rules.championships.find((c) => c.id === table.championshipId);
    if (ch === undefined || !readsPreviousRound(ch)) continue;
    const order = new Map<string, number>();
    table.rows.forEach((row, i) => {
      if (row.position !== null && cmp(row.total, ZERO) > 0) order.set(row.competitor.id, i);
    });
    out.set(tableKey(ch, table.classId), order);
  }
  return out;
}

/**
 * How far a race was run: the most laps of a car not disqualified (the race's summary has them
 * for the statuses as laid out), and the laps scheduled.
 */
function raceDistance(race: Race, table: RaceTable, status: Uint8Array): RaceDistance {
  let laps = -1;
  if (table.summary.status === status) laps = table.summary.mostLapsOverall;
  else
    for (let i = 0; i < table.rows.length; i++) {
      const l = table.laps[i] as number;
      if (status[i] !== DSQ && l > laps) laps = l;
    }
  return { laps, scheduled: race.scheduledLaps ?? null };
}

function readsPreviousRound(ch: Championship): boolean {
  return ch.levelRows === "previousRound" || ch.tieBreaks.some((tb) => tb.rule === "previousRound");
}

/**
 * The run's tables ranked: the standings. `previous`: the orders after the previous round where
 * the caller has them (a forward pass); else found when first needed (two rows level).
 */
export function rankRun(run: Run, previous?: PreviousOrders | null): Standings {
  const { fused, decisions, races, trail, tables, rounds, roundIndex, upto, season, rules } = run;
  if (fused !== null) flushFused(fused);

  const pointsDecisions = decisions.inScope.filter(
    (d) =>
      (d.kind === "deduct_points" ||
        d.kind === "exclude_from_championship" ||
        d.kind === "wipe_points") &&
      !decisions.overturnedBy.has(d.id),
  );
  const raceRefs = races.map((r) => ({ id: r.id, roundNumber: r.roundNumber }));
  const trailEntries: TrailEntry[] = trail?.entries ?? [];
  let orders = previous;
  const previousOrders = () =>
    orders === undefined ? (orders = previousRoundTables(run)) : orders;
  const coDrivers = rules.championships.some(
    (ch) => ch.kind === "drivers" && ch.levelRows !== "name",
  )
    ? coDriverOrder(season)
    : null;
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
      previousOrder: readsPreviousRound(t.ch)
        ? () => previousOrders()?.get(tableKey(t.ch, t.classId)) ?? null
        : null,
      coDrivers: t.ch.kind === "drivers" ? coDrivers : null,
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
