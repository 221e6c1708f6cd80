// Importing a race classification: parse the uploaded file (src/imports), put its rows in place
// of the race's classification, validate the whole season, and show what would change before
// anything is written — matched entries, unknown cars, team names resolved through aliases,
// class positions, the points each row would score, and every problem with its line. Committing
// repeats the parse and writes through RaceControl.change(): one transaction, all or nothing.
// Cars, teams and drivers the season does not know are listed as what the file would add, and
// are added with the results, in the same change, when the user asks (addUnknown).
import { computeStandings } from "../core/compute-standings.js";
import { add, formatPoints, ZERO } from "../core/points.js";
import type { Points } from "../core/points.js";
import type { Problem } from "../core/problems.js";
import { positionRace } from "../core/race-positions.js";
import { checkSeasonAgainstRules } from "../core/check-season-rules.js";
import type { PointsRules } from "../core/points-rules.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import type { SeasonInput } from "../core/season-input.js";
import { replaceRaceResults, validateSeasonInput } from "../core/season-edits.js";
import { seasonWithRaceResults } from "../core/season-from-input.js";
import type { Race, Season } from "../core/season.js";
import type { FinishStatus } from "../core/vocabulary.js";
import { seasonToInput } from "../formats/season-bundle/season-to-input.js";
import { checkClassification } from "../imports/check-classification.js";
import {
  NO_ADDITIONS,
  additionCount,
  describeAdditions,
  driverColumnOf,
  planClassificationAdditions,
} from "../imports/classification-additions.js";
import type { ClassificationAdditions } from "../imports/classification-additions.js";
import { parseClassification } from "../imports/parse-classification.js";
import type { ParsedClassification } from "../imports/parse-classification.js";
import type { ColumnMapping, ImportLayout } from "../imports/result-layouts.js";
import type { VersionedSeason } from "../store/season-store.js";
import type { Actor, ChangeOutcome, ChangeRequest, RaceControl } from "./race-control.js";
import { NotFoundError, ProblemsError, UnconfirmedWarningsError } from "./service-errors.js";

export interface ImportRequest {
  readonly raceId: string;
  readonly bytes: Uint8Array;
  /** The uploaded file's name, as problems will name it. */
  readonly file: string;
  readonly layout?: ImportLayout | "auto";
  readonly mapping?: ColumnMapping;
  /** Commit only: the user has checked the preview's warnings and imports anyway. */
  readonly acceptWarnings?: boolean;
  /**
   * Add the cars, teams and drivers the file names that the season does not know (the preview's
   * `additions`) with the results, in the same change. The preview then shows the rows as they
   * would be with them added; without it, they are errors, as they always were.
   */
  readonly addUnknown?: boolean;
  /**
   * Commit only: the file as parseRequest already read it (the server's import worker does, off
   * the server's thread); it is not read again.
   */
  readonly parsed?: ReturnType<typeof parseClassification>;
}

export interface PreviewRow {
  readonly line: number;
  readonly position: string;
  readonly number: string;
  /** Class as the file gives it, and as the season resolved it. */
  readonly classText: string;
  readonly classId: string | null;
  readonly classPosition: number | null;
  readonly teamText: string;
  readonly teamId: string | null;
  readonly teamName: string | null;
  /** True when the file's team name matched one of the team's aliases, not its name. */
  readonly viaAlias: boolean;
  readonly entryId: string | null;
  /** The entry the import adds for this row's car (see ImportPreview.additions), or null. */
  readonly addsEntry: string | null;
  readonly drivers: string;
  readonly status: FinishStatus | string;
  readonly laps: string;
  readonly time: string;
  /** Points the row would score, per championship, where the season validates. */
  readonly points: readonly { readonly championshipId: string; readonly points: string }[];
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
}

export interface ImportPreview {
  readonly seasonId: string;
  readonly race: Race;
  readonly file: string;
  readonly layout: ImportLayout | null;
  readonly encoding: string | null;
  readonly notes: readonly string[];
  /** The season version the preview was made from: committing expects it still. */
  readonly baseVersion: string;
  /** Rows of the race's current classification that the import replaces. */
  readonly replacesRows: number;
  readonly rows: readonly PreviewRow[];
  readonly unknownCars: readonly string[];
  /** Errors: committing is refused while any stands. */
  readonly problems: readonly Problem[];
  /**
   * Warnings (checkClassification): committing is refused until the user confirms having checked
   * them (acceptWarnings).
   */
  readonly warnings: readonly Problem[];
  /** True when committing would write: no problems (warnings still need confirming). */
  readonly ok: boolean;
  /**
   * What the file would add to the season with addUnknown: cars it classifies that have no entry
   * (with their teams and drivers), drivers new to known cars. Empty lists when the file names
   * nothing new; null when what it names cannot be added as it is (additionProblems says why).
   */
  readonly additions: ClassificationAdditions | null;
  readonly additionProblems: readonly Problem[];
  /** True when the rows and problems above are as they would be with the additions made. */
  readonly addUnknown: boolean;
}

function findRace(season: Season, raceId: string): Race {
  for (const round of season.rounds)
    for (const race of round.races) if (race.id === raceId) return race;
  throw new NotFoundError(`Race "${raceId}" is not on the calendar of ${season.id}.`);
}

/**
 * Problems about the file's rows name the user's column, not Paddock's; a problem about one of a
 * car's drivers names the column that driver is in (DRIVER_2), not the first driver's.
 */
function inUserTerms(p: Problem, parsed: ParsedClassification): Problem {
  if (p.file !== parsed.file || p.field === undefined) return p;
  const column =
    (p.field === "drivers" ? driverColumnOf(parsed, p) : undefined) ??
    parsed.sourceColumn[p.field as keyof ParsedClassification["sourceColumn"]];
  return column && column !== p.field ? { ...p, field: column } : p;
}

const ADDABLE = new Set<Problem["code"]>(["UNKNOWN_CAR", "UNKNOWN_TEAM", "UNKNOWN_DRIVER"]);

/** The file's unknown cars, teams and drivers, each saying how to add them from the file. */
function withAddHint(
  problems: readonly Problem[],
  file: string,
  additions: ClassificationAdditions | null,
): Problem[] {
  if (!additions || additionCount(additions) === 0) return [...problems];
  const hint = " — add it from this file with --add-unknown (API: addUnknown=true)";
  return problems.map((x) =>
    ADDABLE.has(x.code) && x.file === file ? { ...x, message: `${x.message}${hint}` } : x,
  );
}

/**
 * The season input with the file's rows in place of the race's, and, when `adding`, with what the
 * file adds (new cars, teams, drivers, line-ups); or the problems that stop the additions.
 */
function withImport(
  season: Season,
  input: SeasonInput,
  raceId: string,
  parsed: ParsedClassification,
  adding: boolean,
): Result<{ input: SeasonInput; additions: ClassificationAdditions }, Problem[]> {
  let start = input;
  let additions = NO_ADDITIONS;
  if (adding) {
    const plan = planClassificationAdditions(season, input, raceId, parsed);
    if (!plan.ok) return plan;
    ({ input: start, additions } = plan.value);
  }
  const edited = replaceRaceResults(start, raceId, parsed.rows);
  return edited.ok ? ok({ input: edited.value, additions }) : edited;
}

/** The request's file read (or as read already: `request.parsed`). */
export function parseRequest(request: ImportRequest): ReturnType<typeof parseClassification> {
  if (request.parsed) return request.parsed;
  return parseClassification(request.bytes, request.file, {
    ...(request.layout ? { layout: request.layout } : {}),
    ...(request.mapping ? { mapping: request.mapping } : {}),
  });
}

/**
 * The season the file would make, and what it would add. The file's rows are read against the
 * season as stored (seasonWithRaceResults: only they are read, however large the season); only a
 * file the season refuses that way is checked again on the whole season's input, which says what
 * it would add (cars, teams, drivers the season does not know) and, when adding, adds them.
 */
function checkedImport(
  current: VersionedSeason,
  raceId: string,
  p: ParsedClassification,
  adding: boolean,
): {
  valid: Result<{ season: Season; rules: PointsRules }, Problem[]>;
  additions: ClassificationAdditions | null;
  additionProblems: Problem[];
} {
  const fast = seasonWithRaceResults(current.season, raceId, p.rows);
  if (fast.ok) {
    const mismatch = checkSeasonAgainstRules(fast.value, current.rules);
    return {
      valid: mismatch.length > 0 ? err(mismatch) : ok({ season: fast.value, rules: current.rules }),
      additions: NO_ADDITIONS,
      additionProblems: [],
    };
  }
  const input = seasonToInput(current.season);
  if (!input.ok) throw new ProblemsError("The stored season cannot be edited.", input.error);
  const plan = planClassificationAdditions(current.season, input.value, raceId, p);
  const edited = replaceRaceResults(
    adding && plan.ok ? plan.value.input : input.value,
    raceId,
    p.rows,
  );
  return {
    valid: edited.ok ? validateSeasonInput(edited.value, current.rulesDocument) : edited,
    additions: plan.ok ? plan.value.additions : null,
    additionProblems: plan.ok ? [] : plan.error.map((x) => inUserTerms(x, p)),
  };
}

export async function previewImport(
  control: RaceControl,
  seasonId: string,
  request: ImportRequest,
): Promise<ImportPreview> {
  const current = await control.current(seasonId);
  const race = findRace(current.season, request.raceId);
  const replacesRows = current.season.results.filter((r) => r.raceId === race.id).length;
  const base = {
    seasonId,
    race,
    file: request.file,
    baseVersion: current.version,
    replacesRows,
  };
  const parsed = parseRequest(request);
  if (!parsed.ok)
    return {
      ...base,
      layout: null,
      encoding: null,
      notes: [],
      rows: [],
      unknownCars: [],
      problems: parsed.error,
      warnings: [],
      ok: false,
      additions: null,
      additionProblems: [],
      addUnknown: request.addUnknown === true,
    };
  const p = parsed.value;
  const adding = request.addUnknown === true;
  const { valid, additions, additionProblems } = checkedImport(current, race.id, p, adding);
  const checked = checkClassification(p);
  const problems = [
    ...checked.errors.map((x) =>
      x.code === "EMPTY_FILE" && replacesRows > 0
        ? { ...x, message: `${x.message} (it now has ${replacesRows} rows)` }
        : x,
    ),
    // Asked to add what cannot be added: why, before what stays unknown.
    ...(adding ? additionProblems : []),
    ...(valid.ok
      ? []
      : withAddHint(
          valid.error.map((x) => inUserTerms(x, p)),
          p.file,
          adding ? null : additions,
        )),
  ];
  const warnings = checked.warnings;
  const linesOf = (list: readonly Problem[]) => {
    const byLine = new Map<number, Problem[]>();
    for (const x of list)
      if (x.file === p.file && x.line !== undefined)
        byLine.set(x.line, [...(byLine.get(x.line) ?? []), x]);
    return byLine;
  };
  const byLine = linesOf(problems);
  const warningsByLine = linesOf(warnings);

  const season = valid.ok ? valid.value.season : undefined;
  const teams = new Map((season ?? current.season).teams.map((t) => [t.id, t]));
  // Rows are matched by their place in the file (ResultRow.index), not by line: several rows
  // may share a line (a JSON file written on one line). The trail names a row by line and car.
  const resolved = new Map(
    (season?.results ?? []).filter((r) => r.raceId === race.id).map((r) => [r.index, r]),
  );
  const positioned = new Map(
    season && valid.ok
      ? positionRace(season, valid.value.rules, race.id).map((x) => [x.row.index, x])
      : [],
  );
  const rowKey = (line: number | undefined, number: string | null | undefined) =>
    `${line ?? ""}|${number ?? ""}`;
  const points = new Map<string, Map<string, Points>>();
  if (season && valid.ok)
    for (const t of computeStandings(season, valid.value.rules, { trail: true }).trail) {
      if (t.raceId !== race.id || t.row?.file !== p.file || t.row.line === undefined) continue;
      if (t.kind !== "awarded") continue;
      const key = rowKey(t.row.line, t.row.number);
      const perRow = points.get(key) ?? new Map<string, Points>();
      perRow.set(t.championshipId, add(perRow.get(t.championshipId) ?? ZERO, t.points));
      points.set(key, perRow);
    }

  const addedByLine = new Map(additions?.entries.map((e) => [e.line, e.entryId]) ?? []);
  const rows = p.rows.map((row, index): PreviewRow => {
    const r = resolved.get(index);
    const team = r?.teamId ? teams.get(r.teamId) : undefined;
    const teamText = row.cells.team ?? "";
    return {
      line: row.line,
      position: row.cells.pos ?? "",
      number: row.cells.number ?? "",
      classText: row.cells.class ?? "",
      classId: r?.classId ?? null,
      classPosition: positioned.get(index)?.classPosition ?? null,
      teamText,
      teamId: team?.id ?? null,
      teamName: team?.name ?? null,
      viaAlias:
        team !== undefined && teamText !== "" && teamText !== team.name && teamText !== team.id,
      entryId: r?.entryId ?? null,
      addsEntry: addedByLine.get(row.line) ?? null,
      drivers: row.cells.drivers ?? "",
      status: r?.status ?? row.cells.status ?? "",
      laps: row.cells.laps ?? "",
      time: row.cells.time ?? "",
      points: [...(points.get(rowKey(row.line, r?.number)) ?? new Map<string, Points>())].map(
        ([c, v]) => ({
          championshipId: c,
          points: formatPoints(v),
        }),
      ),
      problems: byLine.get(row.line) ?? [],
      warnings: warningsByLine.get(row.line) ?? [],
    };
  });
  return {
    ...base,
    layout: p.layout,
    encoding: p.encoding,
    notes: p.notes,
    rows,
    unknownCars: [
      ...new Set([
        ...rows.flatMap((r) =>
          r.problems.some((x) => x.code === "UNKNOWN_CAR") ? [r.number] : [],
        ),
        ...(additions?.entries.map((e) => e.number) ?? []),
      ]),
    ],
    problems,
    warnings,
    ok: problems.length === 0,
    additions,
    additionProblems,
    addUnknown: adding,
  };
}

/**
 * Parses the file again and writes its rows as the race's classification, expecting the season
 * still at `request.expectedVersion` (the preview's base version) when given. ProblemsError when
 * the file or the season it would make is not valid; VersionConflictError when the season moved
 * on; UnconfirmedWarningsError when the file has warnings (checkClassification) and
 * `request.acceptWarnings` is not set. All or nothing either way; accepted warnings are named in
 * the change's summary, for the audit log.
 */
export async function commitImport(
  control: RaceControl,
  actor: Actor,
  seasonId: string,
  request: ImportRequest,
  change: ChangeRequest,
  onStage?: (stage: "parsed" | "validated" | "written", rows: number) => void,
): Promise<ChangeOutcome & { rows: number; additions: ClassificationAdditions }> {
  const parsed = parseRequest(request);
  if (!parsed.ok) throw new ProblemsError(`${request.file} cannot be read.`, parsed.error);
  const p = parsed.value;
  const checked = checkClassification(p);
  if (checked.errors.length > 0)
    throw new ProblemsError(`${request.file} cannot be imported.`, checked.errors);
  const adding = request.addUnknown === true;
  /** The season's problems in the file's terms, unknowns saying how to add them. */
  const refused = async (problems: readonly Problem[]) => {
    const mapped = problems.map((x) => inUserTerms(x, p));
    if (adding || !mapped.some((x) => ADDABLE.has(x.code) && x.file === p.file))
      return new ProblemsError(`${request.file} would leave the season invalid.`, mapped);
    const additions = await additionsOf(control, seasonId, request.raceId, p);
    const n = additions ? additionCount(additions) : 0;
    return new ProblemsError(
      `${request.file} would leave the season invalid${n > 0 ? `: it names ${n} car(s), team(s) or driver(s) the season does not know; import again with --add-unknown (addUnknown=true) to add them with the results, or correct the file` : ""}.`,
      withAddHint(mapped, p.file, additions),
    );
  };
  if (checked.warnings.length > 0 && request.acceptWarnings !== true) {
    // Errors before warnings: a file the season refuses is reported as such, not as unconfirmed.
    const current = await control.current(seasonId);
    findRace(current.season, request.raceId);
    const { valid } = checkedImport(current, request.raceId, p, adding);
    if (!valid.ok) throw await refused(valid.error);
    throw new UnconfirmedWarningsError(
      `${request.file} has ${checked.warnings.length} warning(s): check them in the preview, then import again confirming them (--accept-warnings, acceptWarnings=true, or "I have checked the warnings"). Nothing written.`,
      checked.warnings,
    );
  }
  const accepted =
    checked.warnings.length > 0
      ? `, warnings accepted: ${checked.warnings.map((w) => `${w.code} line ${w.line ?? "?"}`).join(", ")}`
      : "";
  onStage?.("parsed", p.rows.length);
  const summary = (what: string) =>
    `race ${request.raceId}: ${p.rows.length} result rows from ${request.file}${what ? `, added ${what}` : ""}${accepted} (${p.layout}, ${p.encoding})`;
  // A file naming only what the season knows: its rows are read against the season as stored.
  try {
    const outcome = await control.replaceResults(
      actor,
      seasonId,
      request.raceId,
      p.rows,
      summary(""),
      change,
      () => onStage?.("validated", p.rows.length),
    );
    onStage?.("written", p.rows.length);
    return { ...outcome, rows: p.rows.length, additions: NO_ADDITIONS };
  } catch (e) {
    if (!(e instanceof ProblemsError)) throw e;
    if (!adding || !e.problems.some((x) => ADDABLE.has(x.code))) throw await refused(e.problems);
  }
  // What the file adds is found in the edit, on the season as the write reads it.
  let added = NO_ADDITIONS;
  try {
    const outcome = await control.change(
      actor,
      seasonId,
      "import-results",
      () => summary(describeAdditions(added)),
      change,
      (input, current) => {
        const made = withImport(current.season, input, request.raceId, p, adding);
        if (!made.ok) return made;
        added = made.value.additions;
        return ok(made.value.input);
      },
      () => onStage?.("validated", p.rows.length),
    );
    onStage?.("written", p.rows.length);
    return { ...outcome, rows: p.rows.length, additions: added };
  } catch (e) {
    if (e instanceof ProblemsError) throw await refused(e.problems);
    throw e;
  }
}

/** What the file would add to the season as it is now; null when it cannot be added as it is. */
async function additionsOf(
  control: RaceControl,
  seasonId: string,
  raceId: string,
  parsed: ParsedClassification,
): Promise<ClassificationAdditions | null> {
  const current = await control.current(seasonId);
  const input = seasonToInput(current.season);
  if (!input.ok) return null;
  const plan = planClassificationAdditions(current.season, input.value, raceId, parsed);
  return plan.ok ? plan.value.additions : null;
}
