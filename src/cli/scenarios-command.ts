import type { Command } from "commander";
import { formatPointsForPeople } from "../core/points.js";
import { titleScenarios } from "../core/title-scenarios.js";
import { render } from "../formats/tables/tabular.js";
import { scenarioJson } from "../formats/tables/season-views.js";
import type { Tabular } from "../formats/tables/tabular.js";
import {
  fail,
  findOrReport,
  parseWholeNumber,
  SEASON_ARGUMENT,
  withFormat,
  withSource,
} from "./shared-options.js";
import type { FormatOption, SourceOption } from "./shared-options.js";

export function registerScenarios(program: Command): void {
  withSource(
    withFormat(
      program
        .command("scenarios")
        .description(
          "title scenarios after a round: who can still win each championship, who has clinched it, what each contender needs",
        )
        .argument("<season>", SEASON_ARGUMENT)
        .requiredOption(
          "-a, --after-round <n>",
          "the last round counted",
          parseWholeNumber("--after-round"),
        )
        .option("-c, --class <class>", "only this class"),
    ),
  ).action(
    async (
      season: string,
      opts: FormatOption & SourceOption & { afterRound: number; class?: string },
    ) => {
      const bundle = await findOrReport(season, opts);
      if (!bundle) return;
      const { season: s, rules } = bundle;
      if (!s.rounds.some((r) => r.number === opts.afterRound))
        return fail(`round ${opts.afterRound} is not on the calendar`);
      const scenarios = titleScenarios(s, rules, opts.afterRound).filter(
        (x) =>
          !opts.class || x.classId === null || x.classId.toLowerCase() === opts.class.toLowerCase(),
      );
      const name = (id: string) =>
        scenarios.flatMap((x) => x.outlooks).find((o) => o.competitor.id === id)?.competitor.name ??
        id;
      const tables: Tabular[] = scenarios.map((x) => ({
        title: `${s.name} — ${x.championshipId}${x.classId ? ` — ${x.classId}` : ""} — after round ${x.afterRound} (${x.remainingRaces.length} race(s) left, at most ${x.maxPerRace.map((m) => formatPointsForPeople(m.points)).join(" + ") || "0"} points)`,
        columns: ["pos", "competitor", "points", "gap", "max possible", "status", "needs"],
        rows: x.outlooks.map((o) => [
          o.position === null ? "" : String(o.position),
          o.competitor.name,
          formatPointsForPeople(o.points),
          formatPointsForPeople(o.gapToLeader),
          formatPointsForPeople(o.maxPossible),
          o.status + (o.tieAtBest ? " (a tie at best)" : ""),
          o.status !== "contender" || o.position === 1
            ? ""
            : `${formatPointsForPeople(o.pointsToDrawLevel)} more than the leader to draw level` +
              (o.lastRace
                ? "; " +
                  o.lastRace
                    .filter((p) => p.rivals.every((r) => r.mustScoreLessThan !== null))
                    .map(
                      (p) =>
                        `P${p.position}: ${p.rivals.map((r) => `${name(r.competitorId)} ${r.tieOnly ? "scores 0 (tie)" : r.mayFinishAtBest === null ? "out of the points" : `P${r.mayFinishAtBest} or lower`}`).join(", ")}`,
                    )
                    .join("; ")
                : ""),
        ]),
      }));
      const json = scenarios.map(scenarioJson);
      process.stdout.write(render(tables, opts.format, json));
    },
  );
}
