import type { Command } from "commander";
import { computeStandings } from "../core/compute-standings.js";
import { render } from "../formats/tables/tabular.js";
import { standingsJson, standingsTabular } from "../formats/tables/season-views.js";
import {
  fail,
  findOrReport,
  parseWholeNumber,
  SEASON_ARGUMENT,
  withFormat,
  withSource,
} from "./command-options.js";
import type { FormatOption, SourceOption } from "./command-options.js";

interface StandingsOptions extends FormatOption, SourceOption {
  class?: string;
  championship?: string;
  afterRound?: number;
  trail?: boolean;
}

export function registerStandings(program: Command): void {
  withSource(
    withFormat(
      program
        .command("standings")
        .description("championship standings computed from the season's results and points rules")
        .argument("<season>", SEASON_ARGUMENT)
        .option("-c, --class <class>", "only this class's tables")
        .option(
          "--championship <id|kind>",
          "only this championship (its id, or teams|drivers|manufacturers)",
        )
        .option(
          "-a, --after-round <n>",
          "standings as they stood after round n",
          parseWholeNumber("--after-round"),
        )
        .option("--trail", "with --format json: include the points trail of every row"),
    ),
  ).action(async (season: string, opts: StandingsOptions) => {
    const bundle = await findOrReport(season, opts);
    if (!bundle) return;
    const { season: s, rules } = bundle;
    if (opts.class && !s.classes.some((k) => k.id.toLowerCase() === opts.class?.toLowerCase()))
      return fail(`class "${opts.class}" is not one of ${s.classes.map((k) => k.id).join(", ")}`);
    const standings = computeStandings(s, rules, {
      ...(opts.afterRound !== undefined ? { uptoRound: opts.afterRound } : {}),
    });
    const tables = standings.tables.filter(
      (t) =>
        (!opts.class ||
          t.classId === null ||
          t.classId.toLowerCase() === opts.class.toLowerCase()) &&
        (!opts.championship ||
          t.championshipId === opts.championship ||
          t.kind === opts.championship),
    );
    if (tables.length === 0)
      return fail(
        `no standings match; championships: ${rules.championships.map((c) => `${c.id} (${c.kind})`).join(", ")}`,
      );
    // JSON is its own shape; the tables are for the other formats (each is built only if used).
    process.stdout.write(
      opts.format === "json"
        ? render([], "json", standingsJson(s, rules, standings, tables, opts.trail ?? false))
        : render(
            tables.map((t) => standingsTabular(s, t, opts.format === "csv")),
            opts.format,
          ),
    );
  });
}
