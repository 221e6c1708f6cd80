// Compact seasons for engine tests: rows written as objects with defaults, teams, entries and
// drivers derived from them. Builds the validated model directly, so engine tests need no files.
import { rulesFromInput } from "../points-rules.js";
import type { PointsRules, RulesDocumentInput } from "../points-rules.js";
import { parsePoints, ZERO } from "../points.js";
import { slug } from "../names.js";
import type { Decision, DecisionTarget, Entry, ResultRow, Round, Season } from "../season.js";
import type { DecisionKind, FinishStatus, IneligibleEffect } from "../vocabulary.js";

export interface RowSpec {
  /** Race id; rounds are read from "r<round>" or "r<round>-<name>". */
  race: string;
  pos?: number | null;
  classPos?: number;
  cls?: string | null;
  car: string | null;
  team: string;
  drivers?: string[];
  laps?: number | null;
  time?: string;
  status?: FinishStatus;
  pole?: boolean;
  fl?: boolean;
  led?: number;
  make?: string;
  ineligible?: boolean;
  /** The driver who set the fastest lap (implies fl). */
  flDriver?: string;
  /** The stated split of the car's points between its drivers, e.g. ["1", "0"]. */
  shares?: string[];
  /** This result declared ineligible for points, with its effect (the entry stays eligible). */
  ineligibleResult?: IneligibleEffect;
  /** The entry's id, where two cars share a number and team (default "<team>-<car>"). */
  entry?: string;
}

export interface DecisionSpec {
  id: string;
  kind: DecisionKind;
  race?: string;
  round?: number;
  championship?: string;
  team?: string;
  driver?: string;
  car?: string;
  cls?: string;
  /** The entry (car) a race decision concerns, where two cars share a number in the race. */
  entry?: string;
  points?: string;
  seconds?: number;
  places?: number;
  upto?: number;
  overturns?: string;
}

export interface SeasonSpec {
  classes?: (string | { id: string; championship: false })[];
  rounds?: number;
  /** Races per round in running order, for rounds with more than one race. */
  races?: Record<number, string[]>;
  cancelled?: number[];
  /** Per race id: the laps it was scheduled for. */
  scheduledLaps?: Record<string, number>;
  rows: RowSpec[];
  decisions?: DecisionSpec[];
}

export function roundOfRace(race: string): number {
  const m = /^r(\d+)/.exec(race);
  if (!m) throw new Error(`race id ${race} must start with r<round>`);
  return Number(m[1]);
}

export function makeSeason(spec: SeasonSpec): Season {
  const classes = (spec.classes ?? ["A"]).map((k) =>
    typeof k === "string"
      ? { id: k, name: k, championship: true }
      : { id: k.id, name: k.id, championship: false },
  );
  const roundCount = spec.rounds ?? Math.max(1, ...spec.rows.map((r) => roundOfRace(r.race)));
  const rounds: Round[] = [];
  for (let n = 1; n <= roundCount; n++) {
    const names = spec.races?.[n] ?? [`r${n}`];
    rounds.push({
      key: String(n),
      number: n,
      name: `Round ${n}`,
      circuit: "",
      date: null,
      status: spec.cancelled?.includes(n) ? "cancelled" : "completed",
      races: spec.cancelled?.includes(n)
        ? []
        : names.map((id, i) => ({
            id,
            name: id,
            roundNumber: n,
            order: i + 1,
            resultStatus: "official" as const,
            publishedAt: null,
            ...(spec.scheduledLaps?.[id] !== undefined
              ? { scheduledLaps: spec.scheduledLaps[id] }
              : {}),
          })),
      note: "",
    });
  }
  const teams = [...new Set(spec.rows.map((r) => r.team))].map((name) => ({
    id: slug(name),
    name,
    nationality: null,
    aliases: [],
  }));
  const entries = new Map<string, Entry>();
  const drivers = new Map<
    string,
    { id: string; name: string; nationality: null; aliases: string[] }
  >();
  const results: ResultRow[] = spec.rows.map((r, index) => {
    let entryId: string | null = null;
    if (r.car !== null || r.entry !== undefined) {
      entryId = r.entry ?? `${slug(r.team)}-${r.car}`;
      if (!entries.has(entryId))
        entries.set(entryId, {
          id: entryId,
          number: r.car,
          classId: r.cls ?? classes[0]!.id,
          teamId: slug(r.team),
          chassis: "",
          engine: "",
          tyre: "",
          manufacturer: r.make ?? null,
          rounds: null,
          pointsEligible: !r.ineligible,
          note: "",
          citation: "",
          source: {},
        });
    }
    for (const d of r.drivers ?? [])
      if (!drivers.has(slug(d)))
        drivers.set(slug(d), { id: slug(d), name: d, nationality: null, aliases: [] });
    return {
      raceId: r.race,
      index,
      position: r.pos ?? null,
      classPosition: r.classPos ?? null,
      classId: r.cls === null ? null : (r.cls ?? classes[0]!.id),
      number: r.car,
      teamId: slug(r.team),
      entryId,
      driverIds: (r.drivers ?? []).map(slug),
      chassis: "",
      engine: "",
      tyre: "",
      laps: r.laps ?? null,
      time: r.time ?? null,
      gap: null,
      status: r.status ?? "classified",
      pole: r.pole ?? false,
      fastestLap: r.fl ?? r.flDriver !== undefined,
      lapsLed: r.led ?? 0,
      ...(r.flDriver !== undefined ? { fastestLapDriverId: slug(r.flDriver) } : {}),
      ...(r.shares ? { driverShares: r.shares.map((x) => parsePoints(x) ?? ZERO) } : {}),
      ...(r.ineligibleResult !== undefined ? { ineligible: r.ineligibleResult } : {}),
      note: "",
      citation: "",
      source: { file: `results/${r.race}.csv`, line: index + 2 },
    };
  });
  const decisions: Decision[] = (spec.decisions ?? []).map((d) => {
    const target: DecisionTarget = {
      raceId: d.race ?? null,
      roundNumber: d.round ?? (d.race ? roundOfRace(d.race) : null),
      classId: d.cls ?? null,
      number: d.car ?? null,
      teamId: d.team ? slug(d.team) : null,
      entryId: d.entry ?? null,
      driverId: d.driver ? slug(d.driver) : null,
      manufacturer: null,
    };
    return {
      id: d.id,
      date: null,
      kind: d.kind,
      target,
      championshipId: d.championship ?? null,
      points: d.points ? (parsePoints(d.points) ?? null) : null,
      seconds: d.seconds ?? null,
      places: d.places ?? null,
      uptoRound: d.upto ?? null,
      overturns: d.overturns ?? null,
      reason: `test ${d.id}`,
      citation: "",
      source: {},
    };
  });
  return {
    id: "test",
    series: { id: "test", name: "Test" },
    year: 2024,
    name: "Test season",
    classes,
    rounds,
    teams,
    entries: [...entries.values()],
    drivers: [...drivers.values()],
    lineups: [],
    results,
    decisions,
    provenance: [],
  };
}

export const BASE_RULES: RulesDocumentInput = {
  format: "paddock-rules/1",
  id: "test",
  name: "test rules",
  version: 1,
  scales: { standard: [10, 6, 4, 3, 2, 1] },
  defaultScale: "standard",
  championships: [
    {
      id: "teams",
      name: "Teams",
      kind: "teams",
      counting: { cars: "all", nonCounting: "unawarded" },
    },
  ],
};

export function makeRules(patch: Partial<RulesDocumentInput> = {}): PointsRules {
  const r = rulesFromInput({ ...BASE_RULES, ...patch });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
