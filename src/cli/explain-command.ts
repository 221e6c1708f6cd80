import type { Command } from "commander";
import { computeStandings } from "../core/compute-standings.js";
import { render } from "../formats/tables/tabular.js";
import { explainTabular } from "../formats/tables/season-views.js";
import {
  fail,
  findOrReport,
  parseWholeNumber,
  SEASON_ARGUMENT,
  withFormat,
  withSource,
} from "./shared-options.js";
import type { FormatOption, SourceOption } from "./shared-options.js";

export function registerExplain(program: Command): void {
  withSource(
    withFormat(
      program
        .command("explain")
        .description(
          "how a team's (or driver's) points in a round came about: every point awarded or withheld, and the rule why",
        )
        .argument("<season>", SEASON_ARGUMENT)
        .requiredOption("-r, --round <n>", "round number", parseWholeNumber("--round"))
        .option("-t, --team <name>", "team name, alias or id")
        .option("-d, --driver <name>", "driver name"),
    ),
  ).action(
    async (
      season: string,
      opts: FormatOption & SourceOption & { round: number; team?: string; driver?: string },
    ) => {
      const bundle = await findOrReport(season, opts);
      if (!bundle) return;
      const who = opts.team ?? opts.driver;
      if (!who) return fail("say whose points to explain: --team <name> or --driver <name>");
      const standings = computeStandings(bundle.season, bundle.rules);
      const table = explainTabular(bundle.season, standings, opts.round, who);
      if (table.rows.length === 0)
        return fail(
          `no points were awarded to or withheld from "${who}" in round ${opts.round}; check the name (\`paddock entries ${season}\`)`,
        );
      process.stdout.write(render([table], opts.format));
    },
  );
}
