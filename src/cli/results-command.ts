import type { Command } from "commander";
import { computeStandings } from "../core/compute-standings.js";
import { render } from "../formats/tables/tabular.js";
import { findRace, resultsTabular } from "../formats/tables/season-views.js";
import {
  fail,
  findOrReport,
  parseWholeNumber,
  SEASON_ARGUMENT,
  withFormat,
  withSource,
} from "./shared-options.js";
import type { FormatOption, SourceOption } from "./shared-options.js";

export function registerResults(program: Command): void {
  withSource(
    withFormat(
      program
        .command("results")
        .description(
          "a round's classification: overall and class positions, status and points earned",
        )
        .argument("<season>", SEASON_ARGUMENT)
        .requiredOption("-r, --round <n>", "round number", parseWholeNumber("--round"))
        .option("--race <id>", "one race of the round (default: every race)")
        .option("-c, --class <class>", "only this class"),
    ),
  ).action(
    async (
      season: string,
      opts: FormatOption & SourceOption & { round: number; race?: string; class?: string },
    ) => {
      const bundle = await findOrReport(season, opts);
      if (!bundle) return;
      const { season: s, rules } = bundle;
      const round = s.rounds.find((r) => r.number === opts.round);
      if (!round) return fail(`round ${opts.round} is not on the calendar of ${s.name}`);
      if (round.status !== "completed")
        return fail(`round ${opts.round} (${round.name}) is ${round.status}: it has no results`);
      const races = opts.race ? [findRace(s, opts.round, opts.race)] : round.races;
      if (races.some((r) => r === undefined))
        return fail(`race "${opts.race}" is not in round ${opts.round}`);
      const standings = computeStandings(s, rules);
      const tables = races.map((race) => resultsTabular(s, rules, standings, race!, opts.class));
      process.stdout.write(render(tables, opts.format));
    },
  );
}
