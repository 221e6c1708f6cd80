// Race control's changes to a season, as edits of its raw input: replace a race's classification,
// add a stewards' decision, publish results, move or cancel a round, add a class, team, entry or
// line-up. Each edit returns new input (nothing is changed in place); validateSeasonInput() then
// checks the whole season the way a bundle is checked, so an edit can never leave a season that
// a bundle could not hold. Pure: times are passed in.
import { checkSeasonAgainstRules } from "./check-season-rules.js";
import { rulesFromInput } from "./points-rules.js";
import type { PointsRules } from "./points-rules.js";
import { problem } from "./problems.js";
import type { Problem } from "./problems.js";
import { err, ok } from "./result.js";
import type { Result } from "./result.js";
import { seasonFromInput } from "./season-from-input.js";
import { CSV_COLUMNS, issueField, seasonFileSchema } from "./season-input.js";
import type { CsvKind, RowInput, SeasonFileInput, SeasonInput } from "./season-input.js";
import type { Season } from "./season.js";
import type { ResultStatus, RoundStatus } from "./vocabulary.js";

type RoundInput = SeasonFileInput["rounds"][number];
type RaceInput = NonNullable<RoundInput["races"]>[number];

/** The season and rules an input and rules document make, or every problem with them. */
export function validateSeasonInput(
  input: SeasonInput,
  rulesDocument: unknown,
  rulesFile = "rules.json",
): Result<{ season: Season; rules: PointsRules }, Problem[]> {
  // The season file as race control edited it: ids and shapes checked as a bundle's would be.
  const shape = seasonFileSchema.safeParse(input.season);
  if (!shape.success)
    return err(
      shape.error.issues.map((i) =>
        problem("INVALID_FIELD", i.message, { file: input.file, field: issueField(i) }),
      ),
    );
  const season = seasonFromInput(input);
  const rules = rulesFromInput(rulesDocument, rulesFile);
  const problems = [...(season.ok ? [] : season.error), ...(rules.ok ? [] : rules.error)];
  if (!season.ok || !rules.ok) return err(problems);
  const mismatch = checkSeasonAgainstRules(season.value, rules.value, rulesFile);
  if (mismatch.length > 0) return err(mismatch);
  return ok({ season: season.value, rules: rules.value });
}

function findRace(
  input: SeasonInput,
  raceId: string,
): { round: RoundInput; race: RaceInput } | undefined {
  for (const round of input.season.rounds)
    for (const race of round.races ?? []) if (race.id === raceId) return { round, race };
  return undefined;
}

const unknownRace = (raceId: string): Problem =>
  problem("UNKNOWN_RACE", `race "${raceId}" is not on the calendar`, { field: "race" });

/** The input with one race's (or round's) entries replaced by `edit`. */
function editRounds(input: SeasonInput, edit: (round: RoundInput) => RoundInput): SeasonInput {
  return { ...input, season: { ...input.season, rounds: input.season.rounds.map(edit) } };
}

function editRace(
  input: SeasonInput,
  raceId: string,
  edit: (race: RaceInput, round: RoundInput) => { race: RaceInput; round?: Partial<RoundInput> },
): SeasonInput {
  return editRounds(input, (round) => {
    const races = round.races ?? [];
    const race = races.find((r) => r.id === raceId);
    if (!race) return round;
    const changed = edit(race, round);
    return {
      ...round,
      ...changed.round,
      races: races.map((r) => (r === race ? changed.race : r)),
    };
  });
}

/**
 * A race's classification replaced by new rows. The results become provisional (unpublished),
 * and a round still scheduled is marked completed, as a raced round is.
 */
export function replaceRaceResults(
  input: SeasonInput,
  raceId: string,
  rows: readonly RowInput[],
): Result<SeasonInput, Problem[]> {
  if (!findRace(input, raceId)) return err([unknownRace(raceId)]);
  const edited = editRace(input, raceId, (race, round) => {
    const { published_at: _published, ...rest } = race;
    return {
      race: {
        ...rest,
        results: rest.results ?? `results/${raceId}.csv`,
        result_status: "provisional",
      },
      round: round.status === "scheduled" ? { status: "completed" as RoundStatus } : {},
    };
  });
  const others = input.results.filter((r) => r.raceId !== raceId);
  return ok({ ...edited, results: [...others, { raceId, rows }] });
}

/** A race's results published official at `at` (ISO-8601), or taken back to provisional. */
export function setResultStatus(
  input: SeasonInput,
  raceId: string,
  status: ResultStatus,
  at: string,
): Result<SeasonInput, Problem[]> {
  if (!findRace(input, raceId)) return err([unknownRace(raceId)]);
  return ok(
    editRace(input, raceId, (race) => {
      const { published_at: _published, result_status: _status, ...rest } = race;
      return {
        race:
          status === "official"
            ? { ...rest, published_at: at }
            : { ...rest, result_status: "provisional" },
      };
    }),
  );
}

/** A CSV row of the given kind from cells by column name; unknown columns are problems. */
export function rowOf(
  kind: CsvKind,
  cells: Readonly<Record<string, string>>,
  file: string,
  line: number,
): Result<RowInput, Problem[]> {
  const allowed = new Set<string>([...CSV_COLUMNS[kind].required, ...CSV_COLUMNS[kind].optional]);
  const problems = Object.keys(cells)
    .filter((c) => !allowed.has(c))
    .map((c) =>
      problem("UNKNOWN_COLUMN", `"${c}" is not a ${kind} column`, { file, line, field: c }),
    );
  if (problems.length > 0) return err(problems);
  const full: Record<string, string> = {};
  for (const c of allowed) full[c] = (cells[c] ?? "").trim();
  return ok({ file, line, cells: full });
}

/** The first free decision id of the form D1, D2, … */
export function nextDecisionId(input: SeasonInput): string {
  const used = new Set(input.decisions.map((d) => d.cells.id));
  let n = input.decisions.length + 1;
  while (used.has(`D${n}`)) n++;
  return `D${n}`;
}

/** A stewards' decision appended (decisions apply in the order they are listed). */
export function addDecision(
  input: SeasonInput,
  cells: Readonly<Record<string, string>>,
): Result<SeasonInput, Problem[]> {
  const id = cells.id?.trim() || nextDecisionId(input);
  const row = rowOf("decisions", { ...cells, id }, "decisions.csv", input.decisions.length + 2);
  if (!row.ok) return row;
  return ok({ ...input, decisions: [...input.decisions, row.value] });
}

export interface RoundPatch {
  readonly name?: string;
  readonly circuit?: string;
  readonly date?: string | null;
  readonly status?: RoundStatus;
  readonly note?: string;
}

/** A round renamed, moved to another date, cancelled or reinstated. */
export function editRound(
  input: SeasonInput,
  roundNumber: number,
  patch: RoundPatch,
): Result<SeasonInput, Problem[]> {
  if (!input.season.rounds.some((r) => r.number === roundNumber))
    return err([
      problem("UNKNOWN_ROUND", `round ${roundNumber} is not on the calendar`, { field: "round" }),
    ]);
  return ok(
    editRounds(input, (round) => {
      if (round.number !== roundNumber) return round;
      const { date: _date, ...rest } = round;
      const date = patch.date === undefined ? round.date : patch.date;
      return {
        ...rest,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.circuit !== undefined ? { circuit: patch.circuit } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        ...(date !== undefined && date !== null ? { date } : {}),
      };
    }),
  );
}

/** A round added to the calendar, with one race unless races are given. */
export function addRound(input: SeasonInput, round: RoundInput): Result<SeasonInput, Problem[]> {
  const rounds = [...input.season.rounds, round].sort(
    (a, b) => (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER),
  );
  return ok({ ...input, season: { ...input.season, rounds } });
}

export function addClass(
  input: SeasonInput,
  klass: SeasonFileInput["classes"][number],
): Result<SeasonInput, Problem[]> {
  return ok({ ...input, season: { ...input.season, classes: [...input.season.classes, klass] } });
}

/** A team added, or an existing team's name, nationality and aliases replaced. */
export function putTeam(
  input: SeasonInput,
  team: SeasonFileInput["teams"][number],
): Result<SeasonInput, Problem[]> {
  const teams = input.season.teams.some((t) => t.id === team.id)
    ? input.season.teams.map((t) => (t.id === team.id ? team : t))
    : [...input.season.teams, team];
  return ok({ ...input, season: { ...input.season, teams } });
}

export function addEntry(
  input: SeasonInput,
  cells: Readonly<Record<string, string>>,
): Result<SeasonInput, Problem[]> {
  const row = rowOf("entries", cells, "entries.csv", input.entries.length + 2);
  if (!row.ok) return row;
  return ok({ ...input, entries: [...input.entries, row.value] });
}

export function addLineup(
  input: SeasonInput,
  cells: Readonly<Record<string, string>>,
): Result<SeasonInput, Problem[]> {
  const row = rowOf("drivers", cells, "drivers.csv", input.drivers.length + 2);
  if (!row.ok) return row;
  return ok({ ...input, drivers: [...input.drivers, row.value] });
}
