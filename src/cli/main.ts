#!/usr/bin/env node
// paddock: the command line. One file per command; each is a thin shell over the core.
import { Command } from "commander";
import { registerExplain } from "./explain-command.js";
import { registerExport } from "./export-command.js";
import { registerImport } from "./import-command.js";
import { registerResults } from "./results-command.js";
import { registerScenarios } from "./scenarios-command.js";
import { registerSchema } from "./schema-command.js";
import { registerSeasonCommands } from "./season-commands.js";
import { registerStandings } from "./standings-command.js";
import { registerUser } from "./user-command.js";

export function buildProgram(): Command {
  const program = new Command("paddock")
    .description(
      "Paddock runs motorsport championships: calendars, entry lists, classifications, points rules and standings.",
    )
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      '\nExamples:\n  paddock standings alms-2003 --class GT\n  paddock results alms-2003 --round 7 --class GTS\n  paddock explain alms-2003 --round 1 --team "Team Bentley"\n  paddock scenarios alms-2003 --after-round 8\n  paddock results wec-2025 --round 3 --store     (a season of the server\'s store)\n  paddock validate path/to/bundle',
    );
  registerStandings(program);
  registerResults(program);
  registerExplain(program);
  registerScenarios(program);
  registerSeasonCommands(program);
  registerSchema(program);
  registerUser(program);
  registerExport(program);
  registerImport(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`paddock: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
