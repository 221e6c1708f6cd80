// Commands that list a season's facts: calendar, entries, validate.
import type { Command } from "commander";
import { render } from "../formats/tables/tabular.js";
import { calendarTabular, entriesTabular } from "../formats/tables/season-views.js";
import {
  fail,
  findOrReport,
  loadOrReport,
  SEASON_ARGUMENT,
  withFormat,
  withSource,
} from "./shared-options.js";
import type { FormatOption, SourceOption } from "./shared-options.js";

export function registerSeasonCommands(program: Command): void {
  withSource(
    withFormat(
      program
        .command("calendar")
        .description(
          "the season's rounds: event, circuit, date and status (cancelled rounds included)",
        )
        .argument("<season>", SEASON_ARGUMENT),
    ),
  ).action(async (season: string, opts: FormatOption & SourceOption) => {
    const bundle = await findOrReport(season, opts);
    if (bundle) process.stdout.write(render([calendarTabular(bundle.season)], opts.format));
  });

  withSource(
    withFormat(
      program
        .command("entries")
        .description(
          "the entry list: cars per class with team, chassis, engine, tyre and the rounds each driver took part in",
        )
        .argument("<season>", SEASON_ARGUMENT)
        .option("-c, --class <class>", "only this class"),
    ),
  ).action(async (season: string, opts: FormatOption & SourceOption & { class?: string }) => {
    const bundle = await findOrReport(season, opts);
    if (!bundle) return;
    const klass = opts.class
      ? bundle.season.classes.find((k) => k.id.toLowerCase() === opts.class?.toLowerCase())
      : undefined;
    if (opts.class && !klass)
      return fail(
        `class "${opts.class}" is not one of ${bundle.season.classes.map((k) => k.id).join(", ")}`,
      );
    process.stdout.write(render([entriesTabular(bundle.season, klass?.id)], opts.format));
  });

  program
    .command("validate")
    .description(
      "check a season bundle: every problem with its file, line and field; exit code 1 if any",
    )
    .argument("<bundle>", "a season bundle folder (or a shipped season id)")
    .action((dir: string) => {
      const bundle = loadOrReport(dir);
      if (!bundle) return;
      const s = bundle.season;
      process.stdout.write(
        `${bundle.dir}: valid. ${s.name}: ${s.classes.length} classes, ${s.rounds.length} rounds, ${s.teams.length} teams, ${s.entries.length} entries, ${s.drivers.length} drivers, ${s.results.length} result rows, ${s.decisions.length} decisions; rules ${bundle.rules.id} v${bundle.rules.version} with ${bundle.rules.championships.length} championship(s).\n`,
      );
    });
}
