// Entry lists in bulk: a CSV or Excel file of cars with their line-ups, previewed (which teams
// are new, which class and team each car matched, every problem with its line and column) and
// then written in one recorded change, all or nothing, exactly as the preview showed.
import { addEntryList } from "../core/entry-list.js";
import type { EntryListRow } from "../core/entry-list.js";
import type { Problem } from "../core/problems.js";
import { ok } from "../core/result.js";
import { validateSeasonInput } from "../core/season-edits.js";
import { seasonToInput } from "../formats/season-bundle/season-to-input.js";
import { readTableFile } from "../imports/read-table-file.js";
import type { Actor, ChangeOutcome, ChangeRequest, RaceControl } from "./race-control.js";
import { ProblemsError } from "./service-errors.js";

export interface EntryListRequest {
  readonly bytes: Uint8Array;
  readonly file: string;
}

export interface EntryListPreview {
  readonly ok: boolean;
  readonly file: string;
  readonly format: "csv" | "xlsx" | null;
  readonly rows: readonly EntryListRow[];
  readonly newTeams: readonly { id: string; name: string }[];
  readonly problems: readonly Problem[];
  /** The season version the preview was made from: commit with it to write exactly this. */
  readonly version: string;
}

/** What the file would add, and every problem; nothing is written. */
export async function previewEntryList(
  control: RaceControl,
  seasonId: string,
  request: EntryListRequest,
): Promise<EntryListPreview> {
  const current = await control.current(seasonId);
  const base = { file: request.file, version: current.version };
  const table = await readTableFile(request.bytes, request.file);
  if (!table.ok)
    return { ...base, ok: false, format: null, rows: [], newTeams: [], problems: table.error };
  const input = seasonToInput(current.season);
  if (!input.ok)
    throw new ProblemsError("The stored season cannot be edited as it is.", input.error);
  const read = addEntryList(input.value, request.file, table.value.header, table.value.rows);
  const format = table.value.format;
  if (!read.ok) return { ...base, ok: false, format, rows: [], newTeams: [], problems: read.error };
  const valid = validateSeasonInput(read.value.input, current.rulesDocument);
  const problems = valid.ok ? [] : valid.error;
  return {
    ...base,
    ok: problems.length === 0,
    format,
    rows: read.value.rows,
    newTeams: read.value.newTeams,
    problems,
  };
}

/** Adds the file's teams, entries and line-ups in one recorded change, or nothing. */
export async function commitEntryList(
  control: RaceControl,
  actor: Actor,
  seasonId: string,
  request: EntryListRequest,
  change: ChangeRequest,
): Promise<ChangeOutcome & { entries: number; newTeams: number }> {
  const table = await readTableFile(request.bytes, request.file);
  if (!table.ok) throw new ProblemsError(`${request.file} cannot be read.`, table.error);
  let counts = { entries: 0, newTeams: 0 };
  const outcome = await control.change(
    actor,
    seasonId,
    "import-entries",
    `entry list ${request.file}`,
    change,
    (input) => {
      const read = addEntryList(input, request.file, table.value.header, table.value.rows);
      if (read.ok)
        counts = { entries: read.value.rows.length, newTeams: read.value.newTeams.length };
      return read.ok ? ok(read.value.input) : read;
    },
  );
  return { ...outcome, ...counts };
}
