// Importing a race classification: parse the uploaded file (src/imports), put its rows in place
// of the race's classification, validate the whole season, and show what would change before
// anything is written — matched entries, unknown cars, team names resolved through aliases,
// class positions, the points each row would score, and every problem with its line. Committing
// repeats the parse and writes through RaceControl.change(): one transaction, all or nothing.
import { computeStandings } from "../core/compute-standings.js";
import { add, formatPoints, ZERO } from "../core/points.js";
import type { Points } from "../core/points.js";
import type { Problem } from "../core/problems.js";
import { positionRace } from "../core/race-positions.js";
import { replaceRaceResults, validateSeasonInput } from "../core/season-edits.js";
import type { Race, Season } from "../core/season.js";
import type { FinishStatus } from "../core/vocabulary.js";
import { seasonToInput } from "../formats/season-bundle/season-to-input.js";
import { checkClassification } from "../imports/check-classification.js";
import { parseClassification } from "../imports/parse-classification.js";
import type { ParsedClassification } from "../imports/parse-classification.js";
import type { ColumnMapping, ImportLayout } from "../imports/result-layouts.js";
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
}

function findRace(season: Season, raceId: string): Race {
  for (const round of season.rounds)
    for (const race of round.races) if (race.id === raceId) return race;
  throw new NotFoundError(`Race "${raceId}" is not on the calendar of ${season.id}.`);
}

/** Problems about the file's rows name the user's column, not Paddock's. */
function inUserTerms(p: Problem, parsed: ParsedClassification): Problem {
  if (p.file !== parsed.file || p.field === undefined) return p;
  const column = parsed.sourceColumn[p.field as keyof ParsedClassification["sourceColumn"]];
  return column && column !== p.field ? { ...p, field: column } : p;
}

function parseRequest(request: ImportRequest) {
  return parseClassification(request.bytes, request.file, {
    ...(request.layout ? { layout: request.layout } : {}),
    ...(request.mapping ? { mapping: request.mapping } : {}),
  });
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
    };
  const p = parsed.value;
  const input = seasonToInput(current.season);
  if (!input.ok) throw new ProblemsError("The stored season cannot be edited.", input.error);
  const edited = replaceRaceResults(input.value, race.id, p.rows);
  const valid = edited.ok
    ? validateSeasonInput(edited.value, current.rulesDocument)
    : { ok: false as const, error: edited.error };
  const checked = checkClassification(p);
  const problems = [
    ...checked.errors.map((x) =>
      x.code === "EMPTY_FILE" && replacesRows > 0
        ? { ...x, message: `${x.message} (it now has ${replacesRows} rows)` }
        : x,
    ),
    ...(valid.ok ? [] : valid.error.map((x) => inUserTerms(x, p))),
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
      ...new Set(
        rows.flatMap((r) => (r.problems.some((x) => x.code === "UNKNOWN_CAR") ? [r.number] : [])),
      ),
    ],
    problems,
    warnings,
    ok: problems.length === 0,
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
): Promise<ChangeOutcome & { rows: number }> {
  const parsed = parseRequest(request);
  if (!parsed.ok) throw new ProblemsError(`${request.file} cannot be read.`, parsed.error);
  const p = parsed.value;
  const checked = checkClassification(p);
  if (checked.errors.length > 0)
    throw new ProblemsError(`${request.file} cannot be imported.`, checked.errors);
  if (checked.warnings.length > 0 && request.acceptWarnings !== true) {
    // Errors before warnings: a file the season refuses is reported as such, not as unconfirmed.
    const current = await control.current(seasonId);
    findRace(current.season, request.raceId);
    const input = seasonToInput(current.season);
    const edited = input.ok ? replaceRaceResults(input.value, request.raceId, p.rows) : input;
    const valid = edited.ok ? validateSeasonInput(edited.value, current.rulesDocument) : edited;
    if (!valid.ok)
      throw new ProblemsError(
        `${request.file} would leave the season invalid.`,
        valid.error.map((x) => inUserTerms(x, p)),
      );
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
  try {
    const outcome = await control.replaceResults(
      actor,
      seasonId,
      request.raceId,
      p.rows,
      `race ${request.raceId}: ${p.rows.length} result rows from ${request.file}${accepted} (${p.layout}, ${p.encoding})`,
      change,
      () => onStage?.("validated", p.rows.length),
    );
    onStage?.("written", p.rows.length);
    return { ...outcome, rows: p.rows.length };
  } catch (e) {
    if (e instanceof ProblemsError)
      throw new ProblemsError(
        `${request.file} would leave the season invalid.`,
        e.problems.map((x) => inUserTerms(x, p)),
      );
    throw e;
  }
}
