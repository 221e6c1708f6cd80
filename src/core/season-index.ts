// A season's results laid out for the engine: per race, one typed column per field it reads,
// and competitors numbered instead of named. Built once per Season value and remembered (the
// Season is immutable), so recomputing standings (after each round, for scenarios, on every
// request) reads compact columns instead of a million row objects.
import type { Points } from "./points.js";
import type { Competitor } from "./standings-types.js";
import type { Race, ResultRow, Season } from "./season.js";
import { racesInOrder } from "./season.js";
import { FINISH_STATUSES } from "./vocabulary.js";
import type { FinishStatus } from "./vocabulary.js";

/** Finish statuses by code: the order is also the cell marker's preference (best first). */
export const STATUS_CODE: Readonly<Record<FinishStatus, number>> = Object.fromEntries(
  FINISH_STATUSES.map((s, i) => [s, i]),
) as Record<FinishStatus, number>;
export const DSQ = STATUS_CODE.dsq;
export const DNS = STATUS_CODE.dns;
/**
 * RaceTable.flags: placed, entry declared ineligible; raced + 1 below, ineligibleResult in bits
 * 18-19, a car of more than one driver in bit 20.
 */
export const FLAG_PLACED = 1 << 16;
export const FLAG_INELIGIBLE = 1 << 17;
export const FLAG_SHARED = 1 << 20;

/** One race's rows, column by column; index i is rows[i]. Unknown numbers are 0 or -1. */
export interface RaceTable {
  readonly rows: readonly ResultRow[];
  /** Overall position; 0 when not published. */
  readonly position: Int32Array;
  /** Published class position; 0 when none. */
  readonly classPosition: Int32Array;
  /** Raced class, an index into SeasonIndex.classIds; -1 when unknown. */
  readonly raced: Int32Array;
  /** Laps; -1 when not published. */
  readonly laps: Int32Array;
  readonly status: Uint8Array;
  /** Team, manufacturer: indexes into SeasonIndex.teams / .makes; -1 when none. */
  readonly team: Int32Array;
  readonly make: Int32Array;
  readonly ineligible: Uint8Array;
  /** A result declared ineligible on its own (ResultRow.ineligible): 0 none, 1 unawarded, 2 moveUp. */
  readonly ineligibleResult: Uint8Array;
  readonly pole: Uint8Array;
  readonly fastestLap: Uint8Array;
  readonly lapsLed: Int32Array;
  /** The driver who set the row's fastest lap, where the result names one (else -1). */
  readonly fastestLapDriver: Int32Array;
  /**
   * The row's raced class, placing and own ineligibility packed in one number for the fused
   * route's loop: raced + 1 in bits 0-15, placed (position above 0) bit 16, entry declared
   * ineligible bit 17, ineligibleResult in bits 18-19, shared car (more than one driver) bit 20.
   * A penalty reorders placed rows among themselves, so the flags hold for a reordered table too.
   */
  readonly flags: Int32Array;
  /** The split of the row's points between its drivers, where the result states one. */
  readonly shares: readonly (readonly Points[] | undefined)[];
  /** Drivers of each row: indexes into SeasonIndex.drivers. */
  readonly drivers: readonly (readonly number[])[];
  /** What the rows say as a whole, laid out with them (see RaceSummary). */
  readonly summary: RaceSummary;
}

/**
 * Facts of a race's rows as a whole, found when they are laid out (like the statistics a database
 * keeps per stored segment): the fused route reads them instead of a first pass over the rows.
 * They describe `position` and `status` as laid out: a table whose positions or statuses change
 * (a penalty, a disqualification) has other arrays, and the summary does not apply to it.
 */
export interface RaceSummary {
  readonly position: Int32Array;
  readonly status: Uint8Array;
  /** Whether placed rows (position above 0) come in overall order, and no row has a class position. */
  readonly placedInOrder: boolean;
  /** Most laps of a car not disqualified, per raced class index (-1: none known), and overall. */
  readonly mostLaps: Int32Array;
  readonly mostLapsOverall: number;
}

/**
 * The season's races side by side, for a pass over every race without its table: the columns the
 * fused route reads, whole, and per race of inOrder (by its position there) where its rows start
 * and end and its summary's figures. Null for an index with a race laid out apart (a live race).
 */
export interface SeasonRaces {
  readonly flags: Int32Array;
  readonly laps: Int32Array;
  readonly status: Uint8Array;
  readonly team: Int32Array;
  readonly make: Int32Array;
  /** Per race: its first row in the columns, and its row count (0: no results). */
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** Per race: RaceSummary.placedInOrder (1 or 0) and mostLapsOverall. */
  readonly placedInOrder: Uint8Array;
  readonly mostLapsOverall: Int32Array;
  /** Per race and raced class (race * classes + class): RaceSummary.mostLaps, -1 where none. */
  readonly mostLaps: Int32Array;
}

export interface SeasonIndex {
  readonly classIds: readonly string[];
  readonly teams: readonly Competitor[];
  readonly makes: readonly Competitor[];
  readonly drivers: readonly Competitor[];
  readonly races: ReadonlyMap<string, RaceTable>;
  /** Every race in running order (racesInOrder) with its table, if it has results. */
  readonly inOrder: readonly { readonly race: Race; readonly table: RaceTable | undefined }[];
  /** Numbers for ids, for looking rows up the other way. */
  readonly classIndex: ReadonlyMap<string, number>;
  readonly sideBySide: SeasonRaces | null;
  /** Rows of the season's largest race (at least): what a run's buffers are sized for. */
  readonly largestRace: number;
}

/** Interns names as small integers, keeping their order of first appearance. */
export class Numbering<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly make: (key: string) => T) {}
  has(key: string): boolean {
    return this.index.has(key);
  }
  of(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(key, i);
      this.items.push(this.make(key));
    }
    return i;
  }
  map(): Map<string, number> {
    return new Map(this.index);
  }
}

export interface IndexBuilder {
  readonly classes: Numbering<string>;
  readonly teams: Numbering<Competitor>;
  readonly makes: Numbering<Competitor>;
  readonly drivers: Numbering<Competitor>;
  readonly manufacturerOf: (entryId: string) => string | null;
  readonly ineligibleEntry: (entryId: string) => boolean;
}

export function indexBuilder(
  season: Pick<Season, "teams" | "drivers" | "entries" | "classes">,
): IndexBuilder {
  const teamName = new Map(season.teams.map((t) => [t.id, t.name]));
  const driverName = new Map(season.drivers.map((d) => [d.id, d.name]));
  const entry = new Map(season.entries.map((e) => [e.id, e]));
  const classes = new Numbering<string>((id) => id);
  for (const k of season.classes) classes.of(k.id);
  const teams = new Numbering<Competitor>((id) => ({
    kind: "teams",
    id,
    name: teamName.get(id) ?? id,
  }));
  const makes = new Numbering<Competitor>((id) => ({ kind: "manufacturers", id, name: id }));
  const drivers = new Numbering<Competitor>((id) => ({
    kind: "drivers",
    id,
    name: driverName.get(id) ?? id,
  }));
  // Every listed competitor numbered up front, in the lists' order: a race laid out again (a
  // live race) numbers nobody new, so the season's other races keep their numbering.
  for (const t of season.teams) teams.of(t.id);
  for (const d of season.drivers) drivers.of(d.id);
  for (const e of season.entries) if (e.manufacturer !== null) makes.of(e.manufacturer);
  return {
    classes,
    teams,
    makes,
    drivers,
    manufacturerOf: (id) => entry.get(id)?.manufacturer ?? null,
    ineligibleEntry: (id) => entry.get(id)?.pointsEligible === false,
  };
}

/** The typed columns of RaceTable, for a whole season: each race's columns are views of these. */
type Columns = Omit<RaceTable, "rows" | "shares" | "drivers" | "summary">;

function newColumns(n: number): Columns {
  return {
    position: new Int32Array(n),
    classPosition: new Int32Array(n),
    raced: new Int32Array(n),
    laps: new Int32Array(n),
    status: new Uint8Array(n),
    team: new Int32Array(n),
    make: new Int32Array(n),
    ineligible: new Uint8Array(n),
    ineligibleResult: new Uint8Array(n),
    pole: new Uint8Array(n),
    fastestLap: new Uint8Array(n),
    lapsLed: new Int32Array(n),
    fastestLapDriver: new Int32Array(n).fill(-1),
    flags: new Int32Array(n),
  };
}

/**
 * Lays out one race's rows as columns: views of `into` from `offset` when given (a season's races
 * side by side, so that race after race reads memory in order), else columns of its own.
 */
export function raceTable(
  rows: readonly ResultRow[],
  b: IndexBuilder,
  into: Columns = newColumns(rows.length),
  offset = 0,
): RaceTable {
  const n = rows.length;
  const view = <T extends Int32Array | Uint8Array>(c: T): T => c.subarray(offset, offset + n) as T;
  const t = {
    rows,
    position: view(into.position),
    classPosition: view(into.classPosition),
    raced: view(into.raced),
    laps: view(into.laps),
    status: view(into.status),
    team: view(into.team),
    make: view(into.make),
    ineligible: view(into.ineligible),
    ineligibleResult: view(into.ineligibleResult),
    pole: view(into.pole),
    fastestLap: view(into.fastestLap),
    lapsLed: view(into.lapsLed),
    fastestLapDriver: view(into.fastestLapDriver),
    flags: view(into.flags),
    shares: [] as (readonly Points[] | undefined)[],
    drivers: [] as number[][],
  };
  let placedInOrder = true;
  let lastPosition = 0;
  let mostLapsOverall = -1;
  const mostLaps: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i] as ResultRow;
    t.position[i] = r.position ?? 0;
    t.classPosition[i] = r.classPosition ?? 0;
    t.raced[i] = r.classId === null ? -1 : b.classes.of(r.classId);
    t.laps[i] = r.laps ?? -1;
    t.status[i] = STATUS_CODE[r.status];
    t.team[i] = r.teamId === null ? -1 : b.teams.of(r.teamId);
    const make = r.entryId === null ? null : b.manufacturerOf(r.entryId);
    t.make[i] = make === null ? -1 : b.makes.of(make);
    t.ineligible[i] = r.entryId !== null && b.ineligibleEntry(r.entryId) ? 1 : 0;
    if (r.ineligible !== undefined) t.ineligibleResult[i] = r.ineligible === "moveUp" ? 2 : 1;
    t.pole[i] = r.pole ? 1 : 0;
    t.fastestLap[i] = r.fastestLap ? 1 : 0;
    t.lapsLed[i] = r.lapsLed;
    t.drivers.push(r.driverIds.map((d) => b.drivers.of(d)));
    if (r.fastestLapDriverId !== undefined)
      t.fastestLapDriver[i] = b.drivers.of(r.fastestLapDriverId);
    t.shares.push(r.driverShares);
    const pos = t.position[i] as number;
    t.flags[i] =
      ((t.raced[i] as number) + 1) |
      (pos !== 0 ? FLAG_PLACED : 0) |
      (t.ineligible[i] === 1 ? FLAG_INELIGIBLE : 0) |
      ((t.ineligibleResult[i] as number) << 18) |
      (r.driverIds.length > 1 ? FLAG_SHARED : 0);
    if (t.classPosition[i] !== 0 || (pos !== 0 && pos < lastPosition)) placedInOrder = false;
    if (pos !== 0) lastPosition = pos;
    const laps = t.laps[i] as number;
    const rc = t.raced[i] as number;
    if (t.status[i] !== DSQ) {
      if (laps > mostLapsOverall) mostLapsOverall = laps;
      if (rc >= 0 && laps > (mostLaps[rc] ?? -1)) mostLaps[rc] = laps;
    }
  }
  const summary: RaceSummary = {
    position: t.position,
    status: t.status,
    placedInOrder,
    mostLaps: Int32Array.from({ length: mostLaps.length }, (_, k) => mostLaps[k] ?? -1),
    mostLapsOverall,
  };
  return { ...t, summary };
}

function sideBySide(
  columns: Columns,
  inOrder: SeasonIndex["inOrder"],
  starts: ReadonlyMap<string, number>,
  classes: number,
): SeasonRaces {
  const n = inOrder.length;
  const out = {
    flags: columns.flags,
    laps: columns.laps,
    status: columns.status,
    team: columns.team,
    make: columns.make,
    start: new Int32Array(n),
    count: new Int32Array(n),
    placedInOrder: new Uint8Array(n),
    mostLapsOverall: new Int32Array(n),
    mostLaps: new Int32Array(n * classes).fill(-1),
  };
  inOrder.forEach(({ race, table }, j) => {
    if (table === undefined) return;
    out.start[j] = starts.get(race.id) ?? 0;
    out.count[j] = table.rows.length;
    out.placedInOrder[j] = table.summary.placedInOrder ? 1 : 0;
    out.mostLapsOverall[j] = table.summary.mostLapsOverall;
    table.summary.mostLaps.forEach((laps, rc) => (out.mostLaps[j * classes + rc] = laps));
  });
  return out;
}

const remembered = new WeakMap<Season, SeasonIndex>();
/** The numbering each remembered index was built with, for laying out one race again. */
const builders = new WeakMap<SeasonIndex, IndexBuilder>();

/** The season's index, built on first use and remembered for this Season value. */
export function seasonIndex(season: Season): SeasonIndex {
  const known = remembered.get(season);
  if (known) return known;
  const b = indexBuilder(season);
  const byRace = new Map<string, ResultRow[]>();
  let list: ResultRow[] | undefined;
  for (const row of season.results) {
    // Results come race by race: look the race up only when it changes.
    if (list === undefined || list[0]?.raceId !== row.raceId) {
      list = byRace.get(row.raceId);
      if (!list) byRace.set(row.raceId, (list = []));
    }
    list.push(row);
  }
  const races = new Map<string, RaceTable>();
  const columns = newColumns(season.results.length);
  const starts = new Map<string, number>();
  let offset = 0;
  for (const [raceId, rows] of byRace) {
    races.set(raceId, raceTable(rows, b, columns, offset));
    starts.set(raceId, offset);
    offset += rows.length;
  }
  const inOrder = racesInOrder(season).map((race) => ({ race, table: races.get(race.id) }));
  const index: SeasonIndex = {
    classIds: b.classes.items,
    teams: b.teams.items,
    makes: b.makes.items,
    drivers: b.drivers.items,
    races,
    inOrder,
    classIndex: b.classes.map(),
    sideBySide: sideBySide(columns, inOrder, starts, b.classes.items.length),
    largestRace: [...byRace.values()].reduce((most, rows) => Math.max(most, rows.length), 0),
  };
  remembered.set(season, index);
  builders.set(index, b);
  return index;
}

/**
 * The index of `next`, a season that differs from `prev` only in the results of race `raceId`
 * (seasonWithRaceResults, as a live race does lap after lap): the other races' tables are prev's,
 * only that race is laid out again. A whole new index when next's teams, drivers, entries or
 * classes are not prev's, or when the race's rows name something prev's numbering has not met.
 * Remembered for `next`, so computeStandings(next, …) uses it.
 */
export function seasonIndexReplacingRace(prev: Season, next: Season, raceId: string): SeasonIndex {
  const known = remembered.get(next);
  if (known) return known;
  const base = seasonIndex(prev);
  const b = builders.get(base);
  const rows = next.results.filter((r) => r.raceId === raceId);
  const same =
    b !== undefined &&
    next.teams === prev.teams &&
    next.drivers === prev.drivers &&
    next.entries === prev.entries &&
    next.classes === prev.classes &&
    rows.every((r) => numbered(b, r));
  if (!same) return seasonIndex(next);
  const races = new Map(base.races);
  if (rows.length > 0) races.set(raceId, raceTable(rows, b));
  else races.delete(raceId);
  const index: SeasonIndex = {
    ...base,
    races,
    inOrder: racesInOrder(next).map((race) => ({ race, table: races.get(race.id) })),
    // The race laid out again has columns of its own.
    sideBySide: null,
    largestRace: Math.max(base.largestRace, rows.length),
  };
  remembered.set(next, index);
  builders.set(index, b);
  return index;
}

/** Whether every name the row gives is numbered already (laying it out would number nothing new). */
function numbered(b: IndexBuilder, r: ResultRow): boolean {
  const make = r.entryId === null ? null : b.manufacturerOf(r.entryId);
  return (
    (r.classId === null || b.classes.has(r.classId)) &&
    (r.teamId === null || b.teams.has(r.teamId)) &&
    (make === null || b.makes.has(make)) &&
    r.driverIds.every((d) => b.drivers.has(d)) &&
    (r.fastestLapDriverId === undefined || b.drivers.has(r.fastestLapDriverId))
  );
}
