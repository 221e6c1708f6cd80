// paddock export: standings, a round's results or the season summary as CSV, JSON, Markdown or
// Wikipedia wikitext, to stdout or a file. A thin shell over exportDocument.
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Argument, Option } from "commander";
import type { Command } from "commander";
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  exportDocument,
} from "../formats/exports/export-document.js";
import type { ExportFormat, ExportKind } from "../formats/exports/export-document.js";
import type { SourceOption } from "./shared-options.js";
import {
  fail,
  findOrReport,
  parseWholeNumber,
  SEASON_ARGUMENT,
  withSource,
} from "./shared-options.js";

interface ExportOptions extends SourceOption {
  format: ExportFormat;
  class?: string;
  round?: number;
  championship?: string;
  output?: string;
}

const EXAMPLES = `
Examples:
  paddock export alms-2003 standings --class GT --format wikitext
  paddock export alms-2003 standings --round 8 --format csv --output standings.csv
  paddock export alms-2003 results --round 7 --class GTS --format markdown
  paddock export alms-2003 summary --format json --output exports/
  paddock export path/to/bundle summary --format wikitext

--round: for results, the round; for standings, as they stood after it; for the summary, the
rounds up to it. With --output naming a folder, the file gets its usual name there
(alms-2003-standings-gt.wiki).`;

export function registerExport(program: Command): void {
  const command = program
    .command("export")
    .description(
      "standings, a round's results or the season summary (class winners of every race) as CSV, JSON, Markdown or Wikipedia wikitext",
    )
    .argument("<season>", SEASON_ARGUMENT)
    .addArgument(new Argument("<what>", "what to export").choices(EXPORT_KINDS))
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(EXPORT_FORMATS)
        .default("markdown"),
    )
    .option("-c, --class <class>", "only this class")
    .option(
      "-r, --round <n>",
      "results: the round; standings: after this round; summary: up to it",
      parseWholeNumber("--round"),
    )
    .option(
      "--championship <id|kind>",
      "standings: only this championship (its id, or teams|drivers|manufacturers)",
    )
    .option("-o, --output <file>", "write to this file (or folder) instead of stdout")
    .addHelpText("after", EXAMPLES);
  withSource(command).action(async (season: string, what: ExportKind, opts: ExportOptions) => {
    const bundle = await findOrReport(season, opts);
    if (!bundle) return;
    const doc = exportDocument(what, opts.format, {
      season: bundle.season,
      rules: bundle.rules,
      ...(opts.class !== undefined ? { classId: opts.class } : {}),
      ...(opts.round !== undefined ? { round: opts.round } : {}),
      ...(opts.championship !== undefined ? { championship: opts.championship } : {}),
    });
    if (!doc.ok)
      return fail(
        doc.error.code === "ROUND_REQUIRED"
          ? `say which round's results to export: --round <n>`
          : doc.error.message,
      );
    if (opts.output === undefined) {
      process.stdout.write(doc.value.text);
      return;
    }
    const target =
      existsSync(opts.output) && statSync(opts.output).isDirectory()
        ? join(opts.output, doc.value.fileName)
        : opts.output;
    try {
      writeFileSync(target, doc.value.text, "utf8");
    } catch (e) {
      return fail(`cannot write ${target}: ${e instanceof Error ? e.message : String(e)}`);
    }
    process.stderr.write(`paddock: wrote ${target}\n`);
  });
}
