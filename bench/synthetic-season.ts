// Synthetic seasons of an exact number of result rows, built directly as a validated Season (no
// CSV parsing), shaped like a multi-class sports-car season: 4 classes, about 20 teams per class
// with 1-3 cars each, a few retirements and disqualifications, and cars that limp home short of
// the distance. Deterministic for a given seed.
import type {
  Driver,
  Entry,
  Race,
  ResultRow,
  Round,
  Season,
  SeasonClass,
  Team,
} from "../src/core/season.js";
import type { FinishStatus } from "../src/core/vocabulary.js";
import { seededRng } from "./prng.js";

const CLASSES: readonly { id: string; name: string; pace: number }[] = [
  { id: "lmp900", name: "LMP900", pace: 1.0 },
  { id: "lmp675", name: "LMP675", pace: 0.94 },
  { id: "gts", name: "GTS", pace: 0.88 },
  { id: "gt", name: "GT", pace: 0.84 },
];
const RACES_PER_ROUND = 2;
/** Share of the entry list that starts a given race. */
const START_PROBABILITY = 0.92;
const DSQ_PROBABILITY = 0.01;
const DNF_PROBABILITY = 0.07;
/** Classified cars that lost a lot of time in the pits (some fall under the 70% distance rule). */
const LIMPED_PROBABILITY = 0.03;
/** Teams of a class that also run a car in the next class (same team id, two tables). */
const CROSS_CLASS_TEAMS = 2;
const NO_DRIVERS: readonly string[] = Object.freeze([]);

export interface SyntheticSeason {
  readonly season: Season;
  readonly rows: number;
  readonly races: number;
  readonly rounds: number;
  readonly entries: number;
  readonly teams: number;
  readonly dsqRows: number;
  readonly dnfRows: number;
}

interface CarInRace {
  readonly entry: Entry;
  readonly drivers: readonly string[];
  readonly laps: number;
  readonly status: FinishStatus;
  /** Orders cars on the same lap (stands in for the race time). */
  readonly tieBreak: number;
}

export function syntheticSeason(targetRows: number, seed = 2003): SyntheticSeason {
  if (!Number.isSafeInteger(targetRows) || targetRows < 1)
    throw new RangeError(`rows must be a positive integer, not ${targetRows}`);
  const rng = seededRng(seed);

  // Classes, teams, entries and drivers.
  const classes: SeasonClass[] = CLASSES.map((k) => ({
    id: k.id,
    name: k.name,
    championship: true,
  }));
  const teams: Team[] = [];
  const entries: Entry[] = [];
  const drivers: Driver[] = [];
  const driversOf = new Map<string, readonly string[]>();
  const paceOf = new Map<string, number>();
  let previousClassTeams: Team[] = [];
  let carNumber = 0;
  for (const k of CLASSES) {
    const classTeams: Team[] = previousClassTeams.slice(0, CROSS_CLASS_TEAMS);
    const teamCount = rng.int(18, 22);
    while (classTeams.length < teamCount) {
      const n = teams.length + 1;
      const team: Team = {
        id: `team-${String(n).padStart(3, "0")}`,
        name: `Team ${n}`,
        nationality: null,
        aliases: [],
      };
      teams.push(team);
      classTeams.push(team);
    }
    for (const team of classTeams) {
      const cars = rng.int(1, 3);
      for (let c = 0; c < cars; c++) {
        const number = String(++carNumber);
        const entry: Entry = {
          id: `car-${number}`,
          number,
          classId: k.id,
          teamId: team.id,
          chassis: `${k.name} chassis`,
          engine: "V8",
          tyre: "M",
          manufacturer: `maker-${(carNumber % 7) + 1}`,
          rounds: null,
          pointsEligible: true,
          note: "",
          citation: "",
          source: { file: "entries.csv", line: carNumber + 1 },
        };
        entries.push(entry);
        paceOf.set(entry.id, k.pace);
        const ids = [`driver-${number}a`, `driver-${number}b`];
        for (const id of ids)
          drivers.push({ id, name: `Driver ${id.slice(7)}`, nationality: null, aliases: [] });
        driversOf.set(entry.id, Object.freeze(ids));
      }
    }
    previousClassTeams = classTeams;
  }

  // Races, until the season holds exactly targetRows rows (the last race may be a short one).
  const rounds: Round[] = [];
  const results: ResultRow[] = [];
  let raceCount = 0;
  let dsqRows = 0;
  let dnfRows = 0;
  let roundRaces: Race[] = [];
  while (results.length < targetRows) {
    const roundNumber = Math.floor(raceCount / RACES_PER_ROUND) + 1;
    const order = (raceCount % RACES_PER_ROUND) + 1;
    const race: Race = {
      id: `r${roundNumber}-${order}`,
      name: order === 1 ? "Sprint" : "Feature",
      roundNumber,
      resultStatus: "official",
      publishedAt: null,
      order,
    };
    if (order === 1) {
      roundRaces = [];
      rounds.push({
        key: String(roundNumber),
        number: roundNumber,
        name: `Round ${roundNumber}`,
        circuit: `Circuit ${((roundNumber - 1) % 12) + 1}`,
        date: isoDate(roundNumber),
        status: "completed",
        races: roundRaces,
        note: "",
      });
    }
    roundRaces.push(race);
    raceCount++;

    const distance = rng.int(80, 320);
    const starters: CarInRace[] = [];
    for (const entry of entries) {
      if (!rng.chance(START_PROBABILITY)) continue;
      const full = Math.floor(distance * (paceOf.get(entry.id) ?? 1) * (1 - 0.04 * rng.next()));
      const roll = rng.next();
      let status: FinishStatus = "classified";
      let laps = full;
      if (roll < DSQ_PROBABILITY) status = "dsq";
      else if (roll < DSQ_PROBABILITY + DNF_PROBABILITY) {
        status = "dnf";
        laps = Math.floor(full * rng.next());
      } else if (roll < DSQ_PROBABILITY + DNF_PROBABILITY + LIMPED_PROBABILITY)
        laps = Math.floor(full * (0.5 + 0.3 * rng.next()));
      starters.push({
        entry,
        drivers: driversOf.get(entry.id) ?? NO_DRIVERS,
        laps,
        status,
        tieBreak: rng.next(),
      });
    }
    const room = targetRows - results.length;
    const field = starters.length > room ? starters.slice(0, room) : starters;
    // The classification: most laps first, then the race time; a disqualified car keeps its line.
    field.sort((a, b) => b.laps - a.laps || a.tieBreak - b.tieBreak);
    const pole = rng.int(0, field.length - 1);
    const fastest = rng.int(0, field.length - 1);
    field.forEach((car, index) => {
      if (car.status === "dsq") dsqRows++;
      if (car.status === "dnf") dnfRows++;
      results.push({
        raceId: race.id,
        index,
        position: index + 1,
        classPosition: null,
        classId: car.entry.classId,
        number: car.entry.number,
        teamId: car.entry.teamId,
        entryId: car.entry.id,
        driverIds: car.drivers,
        chassis: car.entry.chassis,
        engine: car.entry.engine,
        tyre: car.entry.tyre,
        laps: car.laps,
        time: null,
        gap: null,
        status: car.status,
        pole: index === pole,
        fastestLap: index === fastest,
        lapsLed: index === 0 ? car.laps : 0,
        note: "",
        citation: "",
        source: { file: `results/${race.id}.csv`, line: index + 2 },
      });
    });
  }

  const season: Season = {
    id: `synthetic-${targetRows}`,
    series: { id: "synthetic", name: "Synthetic Sports Car Series" },
    year: 2003,
    name: `Synthetic season (${targetRows} rows)`,
    classes,
    rounds,
    teams,
    entries,
    drivers,
    lineups: [],
    results,
    decisions: [],
    provenance: [`bench/synthetic-season.ts, seed ${seed}`],
  };
  return {
    season,
    rows: results.length,
    races: raceCount,
    rounds: rounds.length,
    entries: entries.length,
    teams: teams.length,
    dsqRows,
    dnfRows,
  };
}

/** A race weekend every week from 2003-03-01 (only there so dates look real). */
function isoDate(roundNumber: number): string {
  return new Date(Date.UTC(2003, 2, 1) + (roundNumber - 1) * 7 * 86_400_000)
    .toISOString()
    .slice(0, 10);
}
