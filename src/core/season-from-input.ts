// Turns raw season input into a validated Season, or the full list of problems, each naming the
// file, line and field. Nothing is guessed: an unknown car, class or driver is a problem.
import { DECISION_KINDS, FINISH_STATUSES, INELIGIBLE_EFFECTS } from "./vocabulary.js";
import type { DecisionKind, FinishStatus, IneligibleEffect } from "./vocabulary.js";
import { parsePoints } from "./points.js";
import type { Points } from "./points.js";
import { LAP_TIME_EXAMPLES, formatRaceTime, parseLapTime } from "./race-time.js";
import { problem } from "./problems.js";
import type { Problem, ProblemCode } from "./problems.js";
import { err, ok } from "./result.js";
import type { Result } from "./result.js";
import { nameKey, slug } from "./names.js";
import type { RowInput, SeasonFileInput, SeasonInput } from "./season-input.js";
import { ID_PATTERN, ID_RULE } from "./season-input.js";
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
  Team,
} from "./season.js";

/** The word a bundle uses for a fact the sources do not give. */
export const UNKNOWN = "unknown";

const STATUS_WORDS: Record<string, FinishStatus> = {
  classified: "classified",
  finished: "classified",
  fin: "classified",
  not_classified: "not_classified",
  "not classified": "not_classified",
  nc: "not_classified",
  dnf: "dnf",
  retired: "dnf",
  ret: "dnf",
  dsq: "dsq",
  disqualified: "dsq",
  excluded: "dsq",
  dns: "dns",
  "did not start": "dns",
};

class Collector {
  readonly problems: Problem[] = [];
  add(code: ProblemCode, message: string, row?: RowInput, field?: string): void {
    this.problems.push(
      problem(
        code,
        message,
        row ? { file: row.file, line: row.line, ...(field ? { field } : {}) } : {},
      ),
    );
  }
}

function cell(row: RowInput, field: string): string {
  return (row.cells[field] ?? "").trim();
}

/** Round lists as printed: "All", "1-3; 6", "1–2, 9", "1;2;3". Null means the whole season. */
export function parseRoundList(text: string): number[] | null | undefined {
  const t = text.trim();
  if (t === "" || /^all$/i.test(t)) return null;
  const out: number[] = [];
  for (const part of t.split(/[;,]/)) {
    const p = part.trim().replace(/\*$/, "");
    if (p === "") continue;
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(p);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (a > b) return undefined;
      for (let i = a; i <= b; i++) out.push(i);
    } else if (/^\d+$/.test(p)) out.push(Number(p));
    else return undefined;
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

function parseBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === "" || t === "no" || t === "false" || t === "0" || t === "n") return false;
  if (t === "yes" || t === "true" || t === "1" || t === "y" || t === "x") return true;
  return undefined;
}

export function parseStatus(text: string): FinishStatus | undefined {
  const t = text.trim().toLowerCase();
  if (t === "") return "classified";
  return STATUS_WORDS[t] ?? STATUS_WORDS[t.replace(/_/g, " ")];
}

/** A name-or-alias lookup that reports clashes instead of silently keeping one. */
class NameIndex<T extends { id: string }> {
  private readonly byKey = new Map<string, T>();
  readonly clashes: string[] = [];
  add(name: string, item: T): void {
    const k = nameKey(name);
    const prev = this.byKey.get(k);
    if (prev && prev.id !== item.id) this.clashes.push(name);
    else this.byKey.set(k, item);
  }
  get(name: string): T | undefined {
    return this.byKey.get(nameKey(name));
  }
}

/** A car number as printed; null for "unknown". An empty cell is a problem: say "unknown". */
function readCarNumber(c: Collector, row: RowInput): string | null {
  const text = cell(row, "number");
  if (text === "")
    c.add(
      "MISSING_FIELD",
      `car number is empty (write "${UNKNOWN}" if the sources do not give it)`,
      row,
      "number",
    );
  return text === "" || text.toLowerCase() === UNKNOWN ? null : text;
}

const activeIn = (e: Entry, round: number) => e.rounds === null || e.rounds.includes(round);

/** A result's own facts beyond the classification: who set the fastest lap, shares, eligibility. */
interface ResultFacts {
  readonly fastestLapDriverId?: string;
  readonly driverShares?: readonly Points[];
  readonly ineligible?: IneligibleEffect;
}

const EFFECT_WORDS: Record<string, IneligibleEffect> = Object.fromEntries(
  INELIGIBLE_EFFECTS.flatMap((e) => [
    [e.toLowerCase(), e],
    [e.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), e],
  ]),
);

/** Reads a result row's fastest_lap_driver, driver_shares and ineligible cells. */
function resultFacts(
  c: Collector,
  row: RowInput,
  driverIndex: NameIndex<Driver>,
  driverIds: readonly string[],
): ResultFacts {
  const facts: { -readonly [K in keyof ResultFacts]: ResultFacts[K] } = {};
  const flText = cell(row, "fastest_lap_driver");
  if (flText !== "") {
    const d = driverIndex.get(flText);
    if (!d)
      c.add(
        "UNKNOWN_DRIVER",
        `fastest-lap driver "${flText}" is not in the drivers file`,
        row,
        "fastest_lap_driver",
      );
    else if (!driverIds.includes(d.id))
      c.add(
        "INVALID_FIELD",
        `fastest-lap driver ${d.name} is not among this car's drivers (the drivers column)`,
        row,
        "fastest_lap_driver",
      );
    else facts.fastestLapDriverId = d.id;
  }
  const sharesText = cell(row, "driver_shares");
  if (sharesText !== "") {
    const parts = sharesText.split(";").map((p) => p.trim());
    const shares = parts.map((p) => parsePoints(p));
    const drivers = cell(row, "drivers")
      .split(";")
      .filter((d) => d.trim() !== "").length;
    if (shares.some((p) => p === undefined || p.n < 0))
      c.add(
        "INVALID_FIELD",
        `driver_shares "${sharesText}" is not a ";"-separated list of shares, one per driver ("1;0", "1/2;1/2")`,
        row,
        "driver_shares",
      );
    else if (shares.length !== drivers)
      c.add(
        "INVALID_FIELD",
        `driver_shares gives ${shares.length} share${shares.length === 1 ? "" : "s"} for ${drivers} driver${drivers === 1 ? "" : "s"}: one per driver, in the drivers column's order`,
        row,
        "driver_shares",
      );
    else facts.driverShares = shares as Points[];
  }
  const effectText = cell(row, "ineligible");
  if (effectText !== "") {
    const effect = EFFECT_WORDS[effectText.toLowerCase()];
    if (effect === undefined)
      c.add(
        "INVALID_FIELD",
        `ineligible must be moveUp (removed, the cars behind move up) or unawarded (keeps its position, its points go to nobody), not "${effectText}"`,
        row,
        "ineligible",
      );
    else facts.ineligible = effect;
  }
  return facts;
}

/** What results rows are read against: the season's calendar, classes, teams, entries, drivers. */
interface ResultsContext {
  readonly seasonFile: string;
  readonly entries: readonly Entry[];
  readonly raceById: ReadonlyMap<string, Race>;
  readonly roundByNumber: ReadonlyMap<number, Round>;
  readonly teamIndex: NameIndex<Team>;
  readonly findClass: (text: string) => SeasonClass | undefined;
  readonly driverIndex: NameIndex<Driver>;
}

/** Races' classifications read and checked against the season (problems go to `c`). */
function resultsFromInput(
  ctx: ResultsContext,
  raceInputs: SeasonInput["results"],
  c: Collector,
): ResultRow[] {
  const { seasonFile, entries, raceById, roundByNumber, teamIndex, findClass, driverIndex } = ctx;
  const carNumber = (row: RowInput) => readCarNumber(c, row);
  // Results. Entries by car number, built on first use: a classification of many thousand rows
  // must not scan every entry for every row.
  let byNumber: Map<string, Entry[]> | undefined;
  const entriesByNumber = (): Map<string, Entry[]> => {
    if (byNumber) return byNumber;
    byNumber = new Map();
    for (const e of entries) {
      if (e.number === null) continue;
      const list = byNumber.get(e.number);
      if (list) list.push(e);
      else byNumber.set(e.number, [e]);
    }
    return byNumber;
  };
  let byId: Map<string, Entry> | undefined;
  const entryById = (id: string): Entry | undefined =>
    (byId ??= new Map(entries.map((e) => [e.id, e]))).get(id);
  const results: ResultRow[] = [];
  for (const raceInput of raceInputs) {
    const race = raceById.get(raceInput.raceId);
    if (!race) {
      c.problems.push(
        problem("UNKNOWN_RACE", `race "${raceInput.raceId}" is not on the calendar`, {
          file: seasonFile,
        }),
      );
      continue;
    }
    const round = roundByNumber.get(race.roundNumber);
    if (round && round.status !== "completed" && raceInput.rows.length > 0) {
      const first = raceInput.rows[0];
      c.add(
        "ROUND_NOT_RACED",
        `round ${race.roundNumber} is ${round.status} but has results`,
        first,
      );
    }
    const positions = new Map<number, RowInput>();
    const cars = new Map<string, RowInput>();
    raceInput.rows.forEach((row, index) => {
      const intField = (field: string, min: number): number | null => {
        const t = cell(row, field);
        if (t === "" || t.toLowerCase() === UNKNOWN) return null;
        if (!/^\d+$/.test(t) || Number(t) < min) {
          c.add(
            "INVALID_FIELD",
            `${field} must be a whole number${min > 0 ? ` from ${min}` : ""}, not "${t}"`,
            row,
            field,
          );
          return null;
        }
        return Number(t);
      };
      const position = intField("pos", 1);
      const classPosition = intField("class_pos", 1);
      const laps = intField("laps", 0);
      const lapsLed = intField("laps_led", 0) ?? 0;
      const bestLapText = cell(row, "best_lap");
      const bestLap = bestLapText === "" ? undefined : parseLapTime(bestLapText);
      if (bestLapText !== "" && bestLap === undefined)
        c.add(
          "INVALID_FIELD",
          `best_lap "${bestLapText}" is not a lap time (${LAP_TIME_EXAMPLES})`,
          row,
          "best_lap",
        );
      const bestLapNumber = intField("best_lap_number", 1);
      if (bestLapNumber !== null && bestLapText === "")
        c.add(
          "MISSING_FIELD",
          `best_lap_number ${bestLapNumber} is given without best_lap, the time of that lap`,
          row,
          "best_lap",
        );
      if (position !== null) {
        if (positions.has(position))
          c.add(
            "DUPLICATE_POSITION",
            `position ${position} is also given on line ${positions.get(position)?.line}`,
            row,
            "pos",
          );
        positions.set(position, row);
      }
      const status = parseStatus(cell(row, "status"));
      if (!status)
        c.add(
          "INVALID_FIELD",
          `status "${cell(row, "status")}" is not one of ${FINISH_STATUSES.join(", ")}`,
          row,
          "status",
        );

      const number = carNumber(row);
      const teamText = cell(row, "team");
      let team: Team | undefined;
      if (teamText !== "" && teamText.toLowerCase() !== UNKNOWN) {
        team = teamIndex.get(teamText);
        if (!team)
          c.add(
            "UNKNOWN_TEAM",
            `team "${teamText}" is not in the season file's teams (or their aliases)`,
            row,
            "team",
          );
      }
      const classText = cell(row, "class");
      let klass: SeasonClass | undefined;
      if (classText !== "" && classText.toLowerCase() !== UNKNOWN) {
        klass = findClass(classText);
        if (!klass)
          c.add(
            "UNKNOWN_CLASS",
            `class "${classText}" is not one of the season's classes`,
            row,
            "class",
          );
      }

      let entry: Entry | undefined;
      // An entry id names the car outright: two cars may carry one number in a race (a car swap).
      const entryText = cell(row, "entry");
      if (entryText !== "") {
        entry = entryById(entryText);
        if (!entry)
          c.add("UNKNOWN_ENTRY", `entry "${entryText}" is not in the entries file`, row, "entry");
        else if (!activeIn(entry, race.roundNumber)) {
          c.add(
            "UNKNOWN_CAR",
            `entry "${entry.id}" is not entered for round ${race.roundNumber}`,
            row,
            "entry",
          );
          entry = undefined;
        } else if (number !== null && entry.number !== null && entry.number !== number)
          c.add(
            "INVALID_FIELD",
            `entry "${entry.id}" is car #${entry.number}, not #${number}`,
            row,
            "number",
          );
      }
      if (entryText !== "") {
        const carKey = `${number ?? ""}|${entry?.id ?? entryText}`;
        if (cars.has(carKey))
          c.add(
            "DUPLICATE_CAR",
            `entry "${entryText}" is also classified on line ${cars.get(carKey)?.line}`,
            row,
            "entry",
          );
        cars.set(carKey, row);
      } else if (number !== null) {
        const candidates = (entriesByNumber().get(number) ?? []).filter(
          (e) => activeIn(e, race.roundNumber) && (!team || e.teamId === team.id),
        );
        if (candidates.length === 1) entry = candidates[0];
        else if (candidates.length === 0)
          c.add(
            "UNKNOWN_CAR",
            `car #${number}${team ? ` of ${team.name}` : ""} is not in the entries for round ${race.roundNumber}`,
            row,
            "number",
          );
        else
          c.add(
            "AMBIGUOUS_CAR",
            `car #${number} matches ${candidates.length} entries in round ${race.roundNumber}: give the team`,
            row,
            "team",
          );
        const carKey = `${number}|${entry?.id ?? ""}`;
        if (cars.has(carKey))
          c.add(
            "DUPLICATE_CAR",
            `car #${number} is also classified on line ${cars.get(carKey)?.line}`,
            row,
            "number",
          );
        cars.set(carKey, row);
      } else if (!team && teamText.toLowerCase() !== UNKNOWN) {
        c.add("MISSING_FIELD", "a row without a car number needs a team", row, "team");
      }
      if (entry && team && entry.teamId !== team.id)
        c.add(
          "INVALID_FIELD",
          `car #${number ?? entry.number ?? UNKNOWN} is entered by another team`,
          row,
          "team",
        );

      const driverIds: string[] = [];
      for (const name of cell(row, "drivers")
        .split(";")
        .map((d) => d.trim())
        .filter(Boolean)) {
        const d = driverIndex.get(name);
        if (!d)
          c.add(
            "UNKNOWN_DRIVER",
            `driver "${name}" is not in the drivers file (add the driver or an alias)`,
            row,
            "drivers",
          );
        else driverIds.push(d.id);
      }
      const flag = (field: string): boolean => {
        const v = parseBool(cell(row, field));
        if (v === undefined) c.add("INVALID_FIELD", `${field} must be yes or no`, row, field);
        return v ?? false;
      };
      const facts = resultFacts(c, row, driverIndex, driverIds);
      const fastestLap = flag("fastest_lap");
      if (facts.fastestLapDriverId !== undefined && !fastestLap && cell(row, "fastest_lap") !== "")
        c.add(
          "INVALID_FIELD",
          "fastest_lap says no, but fastest_lap_driver names who set it",
          row,
          "fastest_lap",
        );
      results.push({
        raceId: race.id,
        index,
        position,
        classPosition,
        classId: klass?.id ?? (entry ? entry.classId : null),
        number,
        teamId: team?.id ?? entry?.teamId ?? null,
        entryId: entry?.id ?? null,
        driverIds,
        chassis: cell(row, "chassis"),
        engine: cell(row, "engine"),
        tyre: cell(row, "tyre"),
        laps,
        time: cell(row, "time") || null,
        gap: cell(row, "gap") || null,
        status: status ?? "classified",
        pole: flag("pole"),
        fastestLap: fastestLap || facts.fastestLapDriverId !== undefined,
        ...(bestLap !== undefined ? { bestLap: formatRaceTime(bestLap) } : {}),
        ...(bestLapNumber !== null ? { bestLapNumber } : {}),
        lapsLed,
        ...(facts.fastestLapDriverId !== undefined
          ? { fastestLapDriverId: facts.fastestLapDriverId }
          : {}),
        ...(facts.driverShares !== undefined ? { driverShares: facts.driverShares } : {}),
        ...(facts.ineligible !== undefined ? { ineligible: facts.ineligible } : {}),
        note: cell(row, "note"),
        citation: cell(row, "source"),
        source: { file: row.file, line: row.line },
      });
    });
  }

  // Class positions: within a race and raced class, published or derived, not both; never twice.
  const groups = new Map<string, ResultRow[]>();
  for (const r of results) {
    if (r.classId === null) continue;
    const k = `${r.raceId}|${r.classId}`;
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  for (const list of groups.values()) {
    const seen = new Map<number, ResultRow>();
    for (const r of list) {
      if (r.classPosition === null) continue;
      const prev = seen.get(r.classPosition);
      if (prev)
        c.problems.push(
          problem(
            "DUPLICATE_CLASS_POSITION",
            `class position ${r.classPosition} in ${r.classId} is also given on line ${prev.source.line}`,
            {
              ...r.source,
              field: "class_pos",
            },
          ),
        );
      seen.set(r.classPosition, r);
    }
  }
  return results;
}

type RaceSpec = NonNullable<SeasonFileInput["rounds"][number]["races"]>[number];

export function seasonFromInput(input: SeasonInput): Result<Season, Problem[]> {
  const c = new Collector();
  const s = input.season;
  const seasonFile = input.file;
  const fileProblem = (code: ProblemCode, message: string, field: string) =>
    c.problems.push(problem(code, message, { file: seasonFile, field }));

  // Classes
  const classes: SeasonClass[] = [];
  const classIds = new Set<string>();
  for (const k of s.classes) {
    if (classIds.has(k.id))
      fileProblem("DUPLICATE_ID", `class "${k.id}" is listed twice`, "classes");
    classIds.add(k.id);
    classes.push({ id: k.id, name: k.name, championship: k.championship ?? true });
  }
  const classById = new Map(classes.map((k) => [k.id.toLowerCase(), k]));
  const findClass = (text: string) => classById.get(text.trim().toLowerCase());

  // Rounds and races
  const rounds: Round[] = [];
  const raceById = new Map<string, Race>();
  const roundByNumber = new Map<number, Round>();
  const roundKeys = new Set<string>();
  for (const r of s.rounds) {
    const key = r.key ?? (r.number !== null ? String(r.number) : slug(r.name));
    if (roundKeys.has(key))
      fileProblem("DUPLICATE_ID", `round key "${key}" is used twice`, "rounds");
    roundKeys.add(key);
    if (r.number === null && r.status !== "cancelled")
      fileProblem(
        "INVALID_FIELD",
        `round "${r.name}" has no number but is not cancelled`,
        "rounds.number",
      );
    const races: Race[] = [];
    if (r.number !== null) {
      const specs =
        r.races ??
        (r.status === "cancelled" ? [] : [{ id: `r${r.number}`, name: "Race" } as RaceSpec]);
      specs.forEach((spec, i) => {
        const race: Race = {
          id: spec.id,
          name: spec.name,
          roundNumber: r.number as number,
          order: i + 1,
          resultStatus: spec.result_status ?? "official",
          publishedAt: spec.published_at ?? null,
          ...(spec.scheduled_laps !== undefined ? { scheduledLaps: spec.scheduled_laps } : {}),
        };
        if (raceById.has(race.id))
          fileProblem("DUPLICATE_ID", `race id "${race.id}" is used twice`, "rounds.races");
        raceById.set(race.id, race);
        races.push(race);
      });
    }
    const round: Round = {
      key,
      number: r.number,
      name: r.name,
      circuit: r.circuit,
      ...(r.short_name !== undefined ? { shortName: r.short_name } : {}),
      date: r.date ?? null,
      status: r.status,
      races,
      note: r.note ?? "",
    };
    if (r.number !== null) {
      if (roundByNumber.has(r.number))
        fileProblem("DUPLICATE_ID", `round number ${r.number} is used twice`, "rounds.number");
      roundByNumber.set(r.number, round);
    }
    rounds.push(round);
  }

  // Teams, found by id, name or alias
  const teams: Team[] = [];
  const teamIndex = new NameIndex<Team>();
  const teamIds = new Set<string>();
  for (const t of s.teams) {
    if (teamIds.has(t.id)) fileProblem("DUPLICATE_ID", `team id "${t.id}" is used twice`, "teams");
    teamIds.add(t.id);
    const team: Team = {
      id: t.id,
      name: t.name,
      nationality: t.nationality ?? null,
      aliases: t.aliases ?? [],
    };
    teams.push(team);
    teamIndex.add(t.id, team);
    teamIndex.add(t.name, team);
    for (const a of team.aliases) teamIndex.add(a, team);
  }
  for (const name of teamIndex.clashes)
    fileProblem("DUPLICATE_ID", `team name or alias "${name}" names two teams`, "teams");

  const carNumber = (row: RowInput) => readCarNumber(c, row);

  const readRounds = (row: RowInput, field: string): number[] | null => {
    const list = parseRoundList(cell(row, field));
    if (list === undefined) {
      c.add(
        "INVALID_FIELD",
        `"${cell(row, field)}" is not a list of rounds (e.g. "All", "1-3; 6")`,
        row,
        field,
      );
      return null;
    }
    for (const n of list ?? [])
      if (!roundByNumber.has(n))
        c.add("UNKNOWN_ROUND", `round ${n} is not on the calendar`, row, field);
    return list;
  };

  // Entries
  const entries: Entry[] = [];
  const entryById = new Map<string, Entry>();
  for (const row of input.entries) {
    const number = carNumber(row);
    const klass = findClass(cell(row, "class"));
    if (!klass)
      c.add(
        "UNKNOWN_CLASS",
        `class "${cell(row, "class")}" is not one of the season's classes`,
        row,
        "class",
      );
    const team = teamIndex.get(cell(row, "team"));
    if (!team)
      c.add(
        "UNKNOWN_TEAM",
        `team "${cell(row, "team")}" is not in the season file's teams (or their aliases)`,
        row,
        "team",
      );
    const idText = cell(row, "id");
    if (idText !== "" && !ID_PATTERN.test(idText))
      c.add("INVALID_FIELD", `entry id "${idText}": ${ID_RULE}`, row, "id");
    if (idText === "" && number === null)
      c.add("MISSING_FIELD", "an entry without a car number needs an id", row, "id");
    const id = idText || `${team?.id ?? slug(cell(row, "team"))}-${number ?? "x"}`;
    if (entryById.has(id)) {
      c.add(
        "DUPLICATE_ID",
        `entry id "${id}" is used twice (give each entry its own id)`,
        row,
        idText ? "id" : "number",
      );
      continue;
    }
    const eligible = parseBool(cell(row, "points_eligible") || "yes");
    if (eligible === undefined)
      c.add("INVALID_FIELD", "points_eligible must be yes or no", row, "points_eligible");
    const entry: Entry = {
      id,
      number,
      classId: klass?.id ?? "",
      teamId: team?.id ?? "",
      chassis: cell(row, "chassis"),
      engine: cell(row, "engine"),
      tyre: cell(row, "tyre"),
      manufacturer: cell(row, "manufacturer") || null,
      rounds: readRounds(row, "rounds"),
      pointsEligible: eligible ?? true,
      note: cell(row, "note"),
      citation: cell(row, "source"),
      source: { file: row.file, line: row.line },
    };
    entryById.set(id, entry);
    entries.push(entry);
  }

  // Drivers and line-ups
  const drivers: Driver[] = [];
  const driverIndex = new NameIndex<Driver>();
  const driverById = new Map<string, Driver>();
  const lineups: Lineup[] = [];
  const mutableAliases = new Map<string, string[]>();
  const nationality = new Map<string, string | null>();
  for (const row of input.drivers) {
    const name = cell(row, "driver");
    if (name === "") {
      c.add("MISSING_FIELD", "driver name is empty", row, "driver");
      continue;
    }
    let driver = driverIndex.get(name);
    if (!driver) {
      let id = slug(name);
      for (let i = 2; driverById.has(id); i++) id = `${slug(name)}-${i}`;
      const aliases: string[] = [];
      driver = { id, name, nationality: null, aliases };
      mutableAliases.set(id, aliases);
      driverById.set(id, driver);
      driverIndex.add(name, driver);
      drivers.push(driver);
    }
    const nat = cell(row, "nationality") || null;
    const known = nationality.get(driver.id);
    if (nat && known && known !== nat)
      c.add(
        "INVALID_FIELD",
        `${name} is given nationality ${nat} here and ${known} elsewhere`,
        row,
        "nationality",
      );
    if (nat && !known) nationality.set(driver.id, nat);
    for (const alias of cell(row, "aliases")
      .split(";")
      .map((a) => a.trim())
      .filter(Boolean)) {
      const holder = driverIndex.get(alias);
      if (holder && holder.id !== driver.id) {
        c.add("DUPLICATE_ID", `alias "${alias}" already names ${holder.name}`, row, "aliases");
        continue;
      }
      if (!holder) {
        driverIndex.add(alias, driver);
        mutableAliases.get(driver.id)?.push(alias);
      }
    }
    const entryText = cell(row, "entry");
    if (entryText === "") continue; // a driver listed without a car: known by name only
    const entry = entryById.get(entryText);
    if (!entry) {
      c.add("UNKNOWN_ENTRY", `entry "${entryText}" is not in the entries file`, row, "entry");
      continue;
    }
    lineups.push({
      entryId: entry.id,
      driverId: driver.id,
      rounds: readRounds(row, "rounds"),
      notStarted: readRounds(row, "not_started") ?? [],
      note: cell(row, "note"),
      citation: cell(row, "source"),
      source: { file: row.file, line: row.line },
    });
  }
  const finalDrivers = drivers.map((d) => ({ ...d, nationality: nationality.get(d.id) ?? null }));

  const results = resultsFromInput(
    { seasonFile, entries, raceById, roundByNumber, teamIndex, findClass, driverIndex },
    input.results,
    c,
  );

  // Decisions
  const decisions: Decision[] = [];
  const decisionIds = new Set<string>();
  const resultsByRace = new Map<string, ResultRow[]>();
  for (const r of results) {
    const list = resultsByRace.get(r.raceId);
    if (list) list.push(r);
    else resultsByRace.set(r.raceId, [r]);
  }
  // Decisions overturned later: an ambiguous car number in one of them is not asked about (a
  // decision stored before entries could be named is overturned, and made again naming one).
  const overturned = new Set(input.decisions.map((row) => cell(row, "overturns")));
  for (const row of input.decisions) {
    const id = cell(row, "id");
    if (id !== "" && !ID_PATTERN.test(id))
      c.add("INVALID_FIELD", `decision id "${id}": ${ID_RULE}`, row, "id");
    if (decisionIds.has(id)) c.add("DUPLICATE_ID", `decision id "${id}" is used twice`, row, "id");
    decisionIds.add(id);
    const kind = cell(row, "kind") as DecisionKind;
    if (!DECISION_KINDS.includes(kind)) {
      c.add(
        "INVALID_FIELD",
        `kind "${kind}" is not one of ${DECISION_KINDS.join(", ")}`,
        row,
        "kind",
      );
      continue;
    }
    const reason = cell(row, "reason");
    if (reason === "") c.add("MISSING_FIELD", "every decision needs a reason", row, "reason");
    const roundText = cell(row, "round");
    const roundNumber = roundText === "" ? null : Number(roundText);
    if (roundNumber !== null && !roundByNumber.has(roundNumber))
      c.add("UNKNOWN_ROUND", `round "${roundText}" is not on the calendar`, row, "round");
    const raceText = cell(row, "race");
    let raceId: string | null = raceText || null;
    if (raceId !== null && !raceById.has(raceId))
      c.add("UNKNOWN_RACE", `race "${raceText}" is not on the calendar`, row, "race");
    if (raceId === null && roundNumber !== null) {
      const only = roundByNumber.get(roundNumber)?.races;
      if (only && only.length === 1) raceId = only[0]?.id ?? null;
    }
    const teamText = cell(row, "team");
    const team = teamText ? teamIndex.get(teamText) : undefined;
    if (teamText && !team)
      c.add("UNKNOWN_TEAM", `team "${teamText}" is not in the season file's teams`, row, "team");
    const driverText = cell(row, "driver");
    const driver = driverText ? driverIndex.get(driverText) : undefined;
    if (driverText && !driver)
      c.add("UNKNOWN_DRIVER", `driver "${driverText}" is not in the drivers file`, row, "driver");
    const classText = cell(row, "class");
    const klass = classText ? findClass(classText) : undefined;
    if (classText && !klass)
      c.add(
        "UNKNOWN_CLASS",
        `class "${classText}" is not one of the season's classes`,
        row,
        "class",
      );
    const pointsText = cell(row, "points");
    const points = pointsText ? parsePoints(pointsText) : undefined;
    if (pointsText && !points)
      c.add("INVALID_FIELD", `points "${pointsText}" is not a number`, row, "points");
    const secondsText = cell(row, "seconds");
    const seconds = secondsText === "" ? null : Number(secondsText);
    if (seconds !== null && !(/^\d+(\.\d{1,3})?$/.test(secondsText) && seconds > 0))
      c.add("INVALID_FIELD", `seconds "${secondsText}" is not a positive number`, row, "seconds");
    const placesText = cell(row, "places");
    const places = placesText === "" ? null : Number(placesText);
    if (places !== null && !(/^\d+$/.test(placesText) && places > 0))
      c.add(
        "INVALID_FIELD",
        `places "${placesText}" is not a positive whole number`,
        row,
        "places",
      );
    const uptoText = cell(row, "upto_round");
    const upto = uptoText === "" ? null : Number(uptoText);
    if (upto !== null && !roundByNumber.has(upto))
      c.add("UNKNOWN_ROUND", `round "${uptoText}" is not on the calendar`, row, "upto_round");
    const overturns = cell(row, "overturns") || null;
    if (overturns !== null && !decisionIds.has(overturns))
      c.add(
        "INVALID_FIELD",
        `decision "${overturns}" is not listed before this one`,
        row,
        "overturns",
      );
    const needs = (field: string, present: boolean, why: string) => {
      if (!present) c.add("MISSING_FIELD", `${kind} needs ${why}`, row, field);
    };
    const onResult = RESULT_DECISIONS.has(kind);
    const number = cell(row, "number") || null;
    // An entry id names one car of a race outright: two cars may carry one number in a race.
    const entryText = cell(row, "entry");
    const entry = entryText === "" ? undefined : entryById.get(entryText);
    if (entryText !== "" && !entry)
      c.add("UNKNOWN_ENTRY", `entry "${entryText}" is not in the entries file`, row, "entry");
    else if (entry && !onResult)
      c.add(
        "INVALID_FIELD",
        `entry "${entry.id}": only a disqualification or a time or position penalty names a car; ${kind} names a team, driver or manufacturer`,
        row,
        "entry",
      );
    else if (entry && number !== null && entry.number !== null && entry.number !== number)
      c.add(
        "INVALID_FIELD",
        `entry "${entry.id}" is car #${entry.number}, not #${number}`,
        row,
        "number",
      );
    else if (entry && team && entry.teamId !== team.id)
      c.add("INVALID_FIELD", `entry "${entry.id}" is entered by another team`, row, "team");
    if (onResult) {
      needs("race", raceId !== null, "the race (or a round with one race)");
      needs("number", number !== null || !!team || !!entry, "the car number, team or entry");
    }
    const raced = raceId === null ? undefined : resultsByRace.get(raceId);
    if (onResult && entry && raced && !raced.some((r) => r.entryId === entry.id))
      c.add("UNKNOWN_CAR", `entry "${entry.id}" has no result in race ${raceId}`, row, "entry");
    // A car number that two results of the race carry (a car swap, a reserve car) names neither:
    // the decision must say which entry it concerns.
    if (onResult && raceId !== null && number !== null && entryText === "" && !overturned.has(id)) {
      const ambiguous = ambiguousCar(
        { raceId, number, teamId: team?.id ?? null, classId: klass?.id ?? null },
        raced ?? [],
      );
      if (ambiguous !== null) c.add("AMBIGUOUS_CAR", ambiguous, row, "entry");
    }
    if (kind === "time_penalty") needs("seconds", seconds !== null, "the seconds added");
    if (kind === "position_penalty") needs("places", places !== null, "the places dropped");
    if (kind === "reinstate")
      needs("overturns", overturns !== null, "the id of the decision it overturns");
    if (kind === "deduct_points" || kind === "exclude_from_championship" || kind === "wipe_points")
      needs("championship", cell(row, "championship") !== "", "the championship");
    if (kind === "deduct_points") needs("points", !!points, "the points to deduct");
    if (kind === "wipe_points") needs("upto_round", upto !== null, "the last round wiped");
    decisions.push({
      id,
      date: cell(row, "date") || null,
      kind,
      target: {
        raceId,
        roundNumber: roundNumber ?? (raceId ? (raceById.get(raceId)?.roundNumber ?? null) : null),
        classId: klass?.id ?? null,
        number,
        teamId: team?.id ?? null,
        entryId: entry && onResult ? entry.id : null,
        driverId: driver?.id ?? null,
        manufacturer: cell(row, "manufacturer") || null,
      },
      championshipId: cell(row, "championship") || null,
      points: points ?? null,
      seconds: seconds !== null && Number.isFinite(seconds) ? seconds : null,
      places: places !== null && Number.isInteger(places) ? places : null,
      uptoRound: upto,
      overturns,
      reason,
      citation: cell(row, "source"),
      source: { file: row.file, line: row.line },
    });
  }

  if (c.problems.length > 0) return err(c.problems);
  return ok({
    id: s.id,
    series: s.series,
    year: s.year,
    name: s.name,
    classes,
    rounds,
    teams,
    entries,
    drivers: finalDrivers,
    lineups,
    results,
    decisions,
    provenance: s.provenance ?? [],
  });
}

const RESULT_DECISIONS: ReadonlySet<string> = new Set([
  "disqualify",
  "time_penalty",
  "position_penalty",
]);

/**
 * Why a race decision naming a car by number (and team and class, where given) but no entry is
 * ambiguous: two results of its race carry that number (a car swap, a reserve car). Null if not.
 */
function ambiguousCar(
  t: { raceId: string; number: string; teamId: string | null; classId: string | null },
  raced: readonly ResultRow[],
): string | null {
  const rows = raced.filter(
    (r) =>
      r.raceId === t.raceId &&
      r.number === t.number &&
      (t.teamId === null || r.teamId === t.teamId) &&
      (t.classId === null || r.classId === t.classId),
  );
  const cars = new Set(rows.map((r) => r.entryId));
  if (cars.size < 2) return null;
  return `car #${t.number} is ${rows.length} results in race ${t.raceId} (entries ${[...cars]
    .map((e) => e ?? UNKNOWN)
    .join(", ")}): add the entry id (the entry column) of the car the decision concerns`;
}

/**
 * The season with one race's classification replaced by new rows, read and checked as
 * seasonFromInput reads results, against the season as it is (already valid): only the new rows
 * are read, so a large field's import does not rebuild the whole season. As replaceRaceResults
 * does to the input, the race's results become provisional and a scheduled round completed; the
 * race's rows go last in the season's list of results. The points rules are checked apart.
 */
const namesOf = new WeakMap<
  Season,
  { teamIndex: NameIndex<Team>; driverIndex: NameIndex<Driver> }
>();

/**
 * The season's teams and drivers by name and alias, remembered for the season value: a live race
 * replaces its results lap after lap on the same season.
 */
function nameIndexes(season: Season): {
  teamIndex: NameIndex<Team>;
  driverIndex: NameIndex<Driver>;
} {
  const known = namesOf.get(season);
  if (known) return known;
  const teamIndex = new NameIndex<Team>();
  for (const t of season.teams) {
    teamIndex.add(t.id, t);
    teamIndex.add(t.name, t);
    for (const a of t.aliases) teamIndex.add(a, t);
  }
  const driverIndex = new NameIndex<Driver>();
  for (const d of season.drivers) {
    driverIndex.add(d.name, d);
    for (const a of d.aliases) driverIndex.add(a, d);
  }
  const made = { teamIndex, driverIndex };
  namesOf.set(season, made);
  return made;
}

export function seasonWithRaceResults(
  season: Season,
  raceId: string,
  rows: readonly RowInput[],
  seasonFile = "season.json",
): Result<Season, Problem[]> {
  let found = false;
  const rounds = season.rounds.map((round): Round => {
    if (!round.races.some((r) => r.id === raceId)) return round;
    found = true;
    return {
      ...round,
      status: round.status === "scheduled" ? "completed" : round.status,
      races: round.races.map((r) =>
        r.id === raceId ? { ...r, resultStatus: "provisional", publishedAt: null } : r,
      ),
    };
  });
  if (!found)
    return err([
      problem("UNKNOWN_RACE", `race "${raceId}" is not on the calendar`, { field: "race" }),
    ]);
  const raceById = new Map<string, Race>();
  const roundByNumber = new Map<number, Round>();
  for (const round of rounds) {
    if (round.number !== null) roundByNumber.set(round.number, round);
    for (const race of round.races) raceById.set(race.id, race);
  }
  const { teamIndex, driverIndex } = nameIndexes(season);
  const classById = new Map(season.classes.map((k) => [k.id.toLowerCase(), k]));
  const c = new Collector();
  const results = resultsFromInput(
    {
      seasonFile,
      entries: season.entries,
      raceById,
      roundByNumber,
      teamIndex,
      findClass: (text) => classById.get(text.trim().toLowerCase()),
      driverIndex,
    },
    [{ raceId, rows }],
    c,
  );
  // A decision on the race naming a car by number alone, which the new rows give two cars; or
  // naming an entry the new rows no longer have (as the whole season's validation finds them).
  for (const d of season.decisions) {
    const t = d.target;
    if (!RESULT_DECISIONS.has(d.kind) || t.raceId !== raceId) continue;
    const entryId = t.entryId ?? null;
    if (entryId !== null) {
      if (!results.some((r) => r.entryId === entryId))
        c.problems.push(
          problem(
            "UNKNOWN_CAR",
            `decision ${d.id}: entry "${entryId}" has no result in race ${raceId}`,
            { ...d.source, field: "entry" },
          ),
        );
      continue;
    }
    if (t.number === null) continue;
    const ambiguous = ambiguousCar({ ...t, raceId, number: t.number }, results);
    if (ambiguous !== null)
      c.problems.push(
        problem("AMBIGUOUS_CAR", `decision ${d.id}: ${ambiguous}`, { ...d.source, field: "entry" }),
      );
  }
  if (c.problems.length > 0) return err(c.problems);
  return ok({
    ...season,
    rounds,
    results: [...season.results.filter((r) => r.raceId !== raceId), ...results],
  });
}
