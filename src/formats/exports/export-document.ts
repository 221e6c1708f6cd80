// One entry point for every export: standings, a round's results or the season summary, as CSV,
// JSON, Markdown or Wikipedia wikitext, with the content type and a file name to save it under.
// The CLI (`paddock export`) and the web's download links both come here. Pure: no I/O.
import { computeStandings } from "../../core/compute-standings.js";
import type { Standings, StandingsTable } from "../../core/compute-standings.js";
import type { PointsRules } from "../../core/points-rules.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import { numberedRounds } from "../../core/season.js";
import type { Season } from "../../core/season.js";
import { render } from "../tables/tabular.js";
import { resultsTabular, standingsJson, standingsTabular } from "../tables/season-views.js";
import { seasonSummary, summaryJson, summaryTabular } from "./season-summary.js";
import { resultsWikitext, standingsWikitext, summaryWikitext } from "./wikitext.js";

export const EXPORT_KINDS = ["standings", "results", "summary"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ["csv", "json", "markdown", "wikitext"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file name extension of each format (the web's export addresses end with it). */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  csv: "csv",
  json: "json",
  markdown: "md",
  wikitext: "wiki",
};

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json",
  markdown: "text/markdown; charset=utf-8",
  wikitext: "text/plain; charset=utf-8",
};

export function formatOfExtension(ext: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => EXPORT_EXTENSIONS[f] === ext);
}

export interface ExportInput {
  readonly season: Season;
  readonly rules: PointsRules;
  /**
   * The season's standings with the points trail (results show the points each row earned);
   * computed when left out. For standings, pass them as they stood after `round` if one is given.
   */
  readonly standings?: Standings;
  /** Only this class (its id, any case). */
  readonly classId?: string;
  /** Standings only: one championship, by id or kind (teams, drivers, manufacturers). */
  readonly championship?: string;
  /** Results: the round. Standings: as they stood after it. Summary: the rounds up to it. */
  readonly round?: number;
}

export interface ExportedDocument {
  readonly text: string;
  readonly contentType: string;
  /** An ASCII file name such as alms-2003-standings-gt.wiki. */
  readonly fileName: string;
}

export const EXPORT_ERROR_CODES = [
  "UNKNOWN_CLASS",
  "UNKNOWN_CHAMPIONSHIP",
  "UNKNOWN_ROUND",
  "ROUND_NOT_RACED",
  "ROUND_REQUIRED",
  "NO_STANDINGS",
] as const;
export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];

export interface ExportError {
  readonly code: ExportErrorCode;
  readonly message: string;
}

const fail = (code: ExportErrorCode, message: string) => err<ExportError>({ code, message });

/** A file name part: lower case ASCII letters, digits and dashes ("Team Joest/ü" -> "team-joest-u"). */
export function fileNamePart(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function fileName(parts: readonly (string | undefined)[], format: ExportFormat): string {
  const base = parts
    .filter((p): p is string => p !== undefined)
    .map(fileNamePart)
    .filter((p) => p !== "")
    .join("-");
  return `${base || "export"}.${EXPORT_EXTENSIONS[format]}`;
}

export function exportDocument(
  kind: ExportKind,
  format: ExportFormat,
  input: ExportInput,
): Result<ExportedDocument, ExportError> {
  const { season } = input;
  let classId: string | undefined;
  if (input.classId !== undefined) {
    const wanted = input.classId.toLowerCase();
    classId = season.classes.find((k) => k.id.toLowerCase() === wanted)?.id;
    if (classId === undefined)
      return fail(
        "UNKNOWN_CLASS",
        `class "${input.classId}" is not one of ${season.classes.map((k) => k.id).join(", ")}`,
      );
  }
  if (input.round !== undefined && !numberedRounds(season).some((r) => r.number === input.round))
    return fail("UNKNOWN_ROUND", `round ${input.round} is not on the calendar of ${season.name}`);
  const text = (() => {
    switch (kind) {
      case "standings":
        return standingsText(format, input, classId);
      case "results":
        return resultsText(format, input, classId);
      case "summary":
        return summaryText(format, input, classId);
      default: {
        const never: never = kind;
        throw new Error(`unhandled export kind ${String(never)}`);
      }
    }
  })();
  if (!text.ok) return text;
  return ok({
    text: text.value.text,
    contentType: EXPORT_CONTENT_TYPES[format],
    fileName: fileName([season.id, ...text.value.nameParts], format),
  });
}

type Body = Result<{ text: string; nameParts: (string | undefined)[] }, ExportError>;

function standingsText(format: ExportFormat, input: ExportInput, classId?: string): Body {
  const { season, rules } = input;
  const standings =
    input.standings ??
    computeStandings(season, rules, input.round !== undefined ? { uptoRound: input.round } : {});
  const championship = input.championship;
  if (
    championship !== undefined &&
    !rules.championships.some((c) => c.id === championship || c.kind === championship)
  )
    return fail(
      "UNKNOWN_CHAMPIONSHIP",
      `championship "${championship}" is not one of ${rules.championships.map((c) => `${c.id} (${c.kind})`).join(", ")}`,
    );
  const tables: StandingsTable[] = standings.tables.filter(
    (t) =>
      (classId === undefined || t.classId === null || t.classId === classId) &&
      (championship === undefined || t.championshipId === championship || t.kind === championship),
  );
  if (tables.length === 0)
    return fail(
      "NO_STANDINGS",
      `no standings table${classId ? ` for class ${classId}` : ""}${championship ? ` in championship ${championship}` : ""}; classes with a championship: ${season.classes
        .filter((k) => k.championship)
        .map((k) => k.id)
        .join(", ")}`,
    );
  const nameParts = [
    "standings",
    classId,
    championship,
    standings.uptoRound !== null ? `after-round-${standings.uptoRound}` : undefined,
  ];
  if (format === "wikitext")
    return ok({ text: standingsWikitext(season, rules, tables, standings.uptoRound), nameParts });
  const forMachines = format === "csv" || format === "json";
  return ok({
    text: render(
      tables.map((t) => standingsTabular(season, t, forMachines)),
      format,
      standingsJson(season, rules, standings, tables, false),
    ),
    nameParts,
  });
}

function resultsText(format: ExportFormat, input: ExportInput, classId?: string): Body {
  const { season, rules } = input;
  if (input.round === undefined)
    return fail("ROUND_REQUIRED", "say which round's results to export");
  const round = numberedRounds(season).find((r) => r.number === input.round);
  if (!round)
    return fail("UNKNOWN_ROUND", `round ${input.round} is not on the calendar of ${season.name}`);
  if (round.status !== "completed")
    return fail(
      "ROUND_NOT_RACED",
      `round ${round.number} (${round.name}) is ${round.status}: it has no results`,
    );
  const races = [...round.races].sort((a, b) => a.order - b.order);
  const nameParts = ["round", String(round.number), "results", classId];
  if (format === "wikitext")
    return ok({ text: resultsWikitext(season, rules, races, classId), nameParts });
  const standings = input.standings ?? computeStandings(season, rules);
  const tables = races.map((race) => resultsTabular(season, rules, standings, race, classId));
  return ok({ text: render(tables, format), nameParts });
}

function summaryText(format: ExportFormat, input: ExportInput, classId?: string): Body {
  const { season, rules } = input;
  const championshipClasses = season.classes.filter((k) => k.championship).map((k) => k.id);
  if (classId !== undefined && !championshipClasses.includes(classId))
    return fail(
      "UNKNOWN_CLASS",
      `class ${classId} has no championship, so no class winners of its own; classes with one: ${championshipClasses.join(", ")}`,
    );
  const classIds = classId !== undefined ? [classId] : championshipClasses;
  const summary = seasonSummary(season, rules, classIds, input.round);
  const nameParts = [
    "summary",
    classId,
    input.round !== undefined ? `to-round-${input.round}` : undefined,
  ];
  if (format === "wikitext")
    return ok({ text: summaryWikitext(season, rules, summary, classIds), nameParts });
  const forMachines = format === "csv" || format === "json";
  return ok({
    text: render(
      [summaryTabular(season, summary, classIds, forMachines)],
      format,
      summaryJson(season, summary),
    ),
    nameParts,
  });
}
