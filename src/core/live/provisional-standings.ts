// The championship "if the race ended now": the live running order written as the race's
// classification (replacing any rows it has), read against the season as an import is
// (seasonWithRaceResults) and run through the standings engine with the season's own rules.
// Gives the points each car would score, every table with positions and points before and after,
// and each competitor's title status (title-scenarios.ts). Pure: the caller times it.
import { computeStandings } from "../compute-standings.js";
import { nameKey } from "../names.js";
import { ZERO, add, cmp, formatPoints } from "../points.js";
import type { Points } from "../points.js";
import type { PointsRules } from "../points-rules.js";
import { problem } from "../problems.js";
import type { Problem } from "../problems.js";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { seasonWithRaceResults } from "../season-from-input.js";
import type { Race, Season } from "../season.js";
import type { RowInput } from "../season-input.js";
import { seasonIndexReplacingRace } from "../season-index.js";
import { titleScenariosFrom } from "../title-scenarios.js";
import { standingsCheckpoint, standingsFromCheckpoint } from "../standings-checkpoint.js";
import type { StandingsCheckpoint } from "../standings-checkpoint.js";
import type { CarSummary, LiveEntry } from "./live-race.js";
import type { PointsText, ProvisionalStanding } from "./live-types.js";
import { classificationRows } from "./running-order.js";

/** The file the provisional rows claim to come from (trail rows and problems name it). */
export const LIVE_FILE = "live";

/** What stays the same through a race: worked out once, when its first lap arrives. */
export interface ProvisionalBase {
  /** The season with the race's rows taken out. */
  readonly season: Season;
  readonly rules: PointsRules;
  readonly race: Race;
  /** The season's cars entered for the round, by number as printed. */
  readonly entries: ReadonlyMap<string, LiveEntry>;
  /** Driver names (and aliases) of the season by folded key, as the drivers file spells them. */
  readonly drivers: ReadonlyMap<string, string>;
  /** Names as timing spells them, resolved through `drivers` (null: unknown): a cache. */
  readonly seen: Map<string, string | null>;
  /**
   * Which facts of a row beyond its car, place and drivers can change points: laps (a minimum
   * distance rule, or a time penalty), race time (a time penalty in the season) and the fastest
   * lap (a fastest-lap bonus in some championship).
   */
  readonly scoredFacts: readonly ("laps" | "time" | "fastest_lap")[];
  /**
   * The recent pictures by the scored facts they were made from, least recently used first (a
   * cache of PICTURES_KEPT): cars swap places and swap back, and each order is scored once.
   */
  readonly pictures: Map<string, ProvisionalPicture>;
  /** The engine's tallies of the season's other races, to score this race on top of. */
  readonly checkpoint: StandingsCheckpoint;
  /** Table (championship|class) -> competitor -> position and points before the race. */
  readonly before: ReadonlyMap<
    string,
    ReadonlyMap<string, { position: number | null; points: Points }>
  >;
}

/** Pictures kept per race (a few hundred KB): orders seen again are not scored again. */
export const PICTURES_KEPT = 64;

const tableKey = (championshipId: string, classId: string | null) =>
  `${championshipId}|${classId ?? ""}`;

/** True when a race's results are official and it has some: live timing is over for it. */
export function isOfficial(season: Season, raceId: string): boolean {
  return (
    season.rounds.some((r) =>
      r.races.some((x) => x.id === raceId && x.resultStatus === "official"),
    ) && season.results.some((r) => r.raceId === raceId)
  );
}

/** The round's race to run live, its entries and the standings without it; UNKNOWN_ROUND if none. */
export function provisionalBase(
  season: Season,
  rules: PointsRules,
  roundNumber: number,
): Result<ProvisionalBase, Problem[]> {
  const round = season.rounds.find((r) => r.number === roundNumber);
  // The round's first race whose results are not official yet (a sprint, then the feature race);
  // when every race is official, the first one (the service then refuses live data for it).
  const races = round ? [...round.races].sort((a, b) => a.order - b.order) : [];
  const race = races.find((r) => !isOfficial(season, r.id)) ?? races[0];
  if (!round || !race)
    return err([
      problem("UNKNOWN_ROUND", `round ${roundNumber} is not on the calendar`, { field: "round" }),
    ]);
  // The race as if run to its full distance: a band of shortRaces is for a race that ended
  // short, not one still running (its results, once imported, are scored with it).
  const without: Season = {
    ...season,
    rounds: season.rounds.map((r) =>
      r.races.some((x) => x.id === race.id && (x.scheduledLaps ?? null) !== null)
        ? {
            ...r,
            races: r.races.map((x) => (x.id === race.id ? { ...x, scheduledLaps: null } : x)),
          }
        : r,
    ),
    results: season.results.filter((r) => r.raceId !== race.id),
  };
  const entries = new Map<string, LiveEntry>();
  for (const e of season.entries)
    if (e.number !== null && (e.rounds === null || e.rounds.includes(roundNumber)))
      entries.set(e.number, { entryId: e.id, classId: e.classId });
  const drivers = new Map<string, string>();
  for (const d of season.drivers)
    for (const n of [d.name, ...d.aliases]) drivers.set(nameKey(n), d.name);
  const before = new Map<string, Map<string, { position: number | null; points: Points }>>();
  for (const t of computeStandings(without, rules, { trail: false }).tables)
    before.set(
      tableKey(t.championshipId, t.classId),
      new Map(t.rows.map((r) => [r.competitor.id, { position: r.position, points: r.total }])),
    );
  const timePenalties = season.decisions.some((d) => d.kind === "time_penalty");
  const minDistance = rules.eligibility.some((e) => e.rule === "minDistance");
  // Only a fastest-lap bonus reads the fastest lap: without one, a car's new best lap is no news.
  const fastestLap = rules.championships.some((ch) =>
    ch.bonuses.some((b) => b.kind === "fastestLap"),
  );
  return ok({
    scoredFacts: [
      ...(minDistance || timePenalties ? (["laps"] as const) : []),
      ...(timePenalties ? (["time"] as const) : []),
      ...(fastestLap ? (["fastest_lap"] as const) : []),
    ],
    pictures: new Map(),
    season: without,
    rules,
    race,
    entries,
    drivers,
    seen: new Map(),
    before,
    // The season's other races scored once: each picture scores only this race on top.
    checkpoint: standingsCheckpoint(without, rules, race.id, roundNumber),
  });
}

/** The drivers file's spelling of a name timing gives, folded once per name and race. */
function driverName(base: ProvisionalBase, name: string): string | undefined {
  let known = base.seen.get(name);
  if (known === undefined) base.seen.set(name, (known = base.drivers.get(nameKey(name)) ?? null));
  return known ?? undefined;
}

export interface ProvisionalPicture {
  /** Entry id -> championship id -> points the car would score now. */
  readonly racePoints: Readonly<Record<string, Readonly<Record<string, PointsText>>>>;
  readonly standings: readonly ProvisionalStanding[];
}

/**
 * The provisional picture for cars in running order. Cars not on the entry list are left out of
 * the classification (they score nothing, the cars behind move up; overall positions keep their
 * place on the road); drivers not in the drivers file are left out of their car's row.
 */
export function provisionalPicture(
  base: ProvisionalBase,
  order: readonly CarSummary[],
): Result<ProvisionalPicture, Problem[]> {
  const rows = classificationRows(order, (c, i) => ({
    file: LIVE_FILE,
    line: i + 1,
    cells: {
      entry: c.entryId ?? "",
      drivers: c.drivers
        .map((d) => driverName(base, d))
        .filter((d): d is string => d !== undefined)
        .join(";"),
    },
  })).filter((r) => r.cells.entry !== "");
  // Most updates move no car past another: the rows the engine scores are the same as the last
  // update's (only laps and times changed, which score nothing unless a rule reads them), or as
  // an update's before (two cars swapped places and back).
  const scored = ["entry", "pos", "drivers", ...base.scoredFacts];
  const key = rows.map((r) => scored.map((c) => r.cells[c] ?? "").join("\u0001")).join("\u0002");
  const kept = base.pictures.get(key);
  if (kept) {
    base.pictures.delete(key);
    base.pictures.set(key, kept);
    return ok(kept);
  }
  const picture = freshPicture(base, order, rows);
  if (picture.ok) {
    base.pictures.set(key, picture.value);
    if (base.pictures.size > PICTURES_KEPT)
      base.pictures.delete(base.pictures.keys().next().value as string);
  }
  return picture;
}

function freshPicture(
  base: ProvisionalBase,
  order: readonly CarSummary[],
  rows: readonly RowInput[],
): Result<ProvisionalPicture, Problem[]> {
  const season = seasonWithRaceResults(base.season, base.race.id, rows);
  if (!season.ok) return err(season.error);
  // Only this race's rows are new: the season's other races keep their laid-out tables.
  seasonIndexReplacingRace(base.season, season.value, base.race.id);
  // The season's standings with this race as it runs, scored on top of the checkpoint of the
  // other races, with the trail of this race: its awards are the points each car would score.
  const after = standingsFromCheckpoint(base.checkpoint, season.value, { trail: true });
  // Points per car: the trail's awards for this race, by the row's line (its running position).
  const perRow = new Map<number, Map<string, Map<string, Points>>>();
  for (const e of after.trail) {
    if (e.kind !== "awarded" || e.raceId !== base.race.id || e.row?.line === undefined) continue;
    let champs = perRow.get(e.row.line);
    if (!champs) perRow.set(e.row.line, (champs = new Map()));
    let competitors = champs.get(e.championshipId);
    if (!competitors) champs.set(e.championshipId, (competitors = new Map()));
    competitors.set(e.competitorId, add(competitors.get(e.competitorId) ?? ZERO, e.points));
  }
  const racePoints: Record<string, Record<string, PointsText>> = {};
  order.forEach((c, i) => {
    if (c.entryId === null) return;
    const mine: Record<string, PointsText> = {};
    for (const ch of base.rules.championships) {
      // A car's points in a championship: what one of its competitors (the team, each driver)
      // scored with it; drivers sharing a car in full all score the same.
      let most = ZERO;
      for (const p of perRow
        .get(i + 1)
        ?.get(ch.id)
        ?.values() ?? [])
        if (cmp(p, most) > 0) most = p;
      mine[ch.id] = formatPoints(most);
    }
    racePoints[c.entryId] = mine;
  });

  // The standings "if it finished like this", with each competitor's title status: the title
  // scenarios after this round rank every table as the engine does (excluded competitors apart).
  const standings: ProvisionalStanding[] = [];
  for (const t of titleScenariosFrom(after, season.value, base.rules, base.race.roundNumber)) {
    const before = base.before.get(tableKey(t.championshipId, t.classId));
    t.outlooks.forEach((o, i) => {
      const was = before?.get(o.competitor.id);
      standings.push({
        championshipId: t.championshipId,
        classId: t.classId,
        competitorId: o.competitor.id,
        name: o.competitor.name,
        position: o.position ?? i + 1,
        positionBefore: was?.position ?? null,
        points: formatPoints(o.points),
        pointsBefore: formatPoints(was?.points ?? ZERO),
        status: o.status,
      });
    });
  }
  return ok({ racePoints, standings });
}
