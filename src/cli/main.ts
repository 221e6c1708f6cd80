#!/usr/bin/env node
// paddock: the command line. One file per command; each is a thin shell over the core.
// A command's module is imported only when that command runs: importing them all loads the store
// (kysely, pg, better-sqlite3) and the zod schemas, and made `paddock --version` take 0.7 s.
import { Command, Help } from "commander";

type Register = (program: Command) => void;

interface LazyCommand {
  /** The command as the top-level help lists it (Help.subcommandTerm of the real command). */
  readonly term: string;
  readonly description: string;
  /** Imports the command's module; its register function adds the real command. */
  readonly load: () => Promise<Register>;
}

// In the order `paddock --help` lists them. test/cli-startup.test.ts checks each term and
// description against the command its module registers.
const COMMANDS = new Map<string, LazyCommand>([
  [
    "standings",
    {
      term: "standings [options] <season>",
      description: "championship standings computed from the season's results and points rules",
      load: async () => (await import("./standings-command.js")).registerStandings,
    },
  ],
  [
    "results",
    {
      term: "results [options] <season>",
      description:
        "a round's classification: overall and class positions, status and points earned",
      load: async () => (await import("./results-command.js")).registerResults,
    },
  ],
  [
    "explain",
    {
      term: "explain [options] <season>",
      description:
        "how a team's (or driver's) points in a round came about: every point awarded or withheld, and the rule why",
      load: async () => (await import("./explain-command.js")).registerExplain,
    },
  ],
  [
    "scenarios",
    {
      term: "scenarios [options] <season>",
      description:
        "title scenarios after a round: who can still win each championship, who has clinched it, what each contender needs",
      load: async () => (await import("./scenarios-command.js")).registerScenarios,
    },
  ],
  [
    "calendar",
    {
      term: "calendar [options] <season>",
      description:
        "the season's rounds: event, circuit, date and status (cancelled rounds included)",
      load: async () => (await import("./season-commands.js")).registerSeasonCommands,
    },
  ],
  [
    "entries",
    {
      term: "entries [options] <season>",
      description:
        "the entry list: cars per class with team, chassis, engine, tyre and the rounds each driver took part in",
      load: async () => (await import("./season-commands.js")).registerSeasonCommands,
    },
  ],
  [
    "validate",
    {
      term: "validate <bundle>",
      description:
        "check a season bundle: every problem with its file, line and field; exit code 1 if any",
      load: async () => (await import("./season-commands.js")).registerSeasonCommands,
    },
  ],
  [
    "schema",
    {
      term: "schema <document>",
      description:
        "print the JSON Schema of a bundle document: the points rules or the season file",
      load: async () => (await import("./schema-command.js")).registerSchema,
    },
  ],
  [
    "user",
    {
      term: "user",
      description:
        "accounts: add admins (organisers) and stewards, change passwords, disable users, issue API tokens",
      load: async () => (await import("./user-command.js")).registerUser,
    },
  ],
  [
    "export",
    {
      term: "export [options] <season> <what>",
      description:
        "standings, a round's results or the season summary (class winners of every race) as CSV, JSON, Markdown or Wikipedia wikitext",
      load: async () => (await import("./export-command.js")).registerExport,
    },
  ],
  [
    "import",
    {
      term: "import [options] <season> <file>",
      description:
        "import a race classification file (Al Kamel, IMSA, Paddock CSV/JSON, or any CSV with a column mapping) into a season of the store; --dry-run to preview",
      load: async () => (await import("./import-command.js")).registerImport,
    },
  ],
  [
    "live",
    {
      term: "live",
      description:
        "live timing: replay a lap-by-lap analysis as a live feed, with provisional standings after every update",
      load: async () => (await import("./live-command.js")).registerLive,
    },
  ],
]);

/** The command `args` (process.argv without node and the script) runs: `x …` or `help x`. */
function commandNamed(args: readonly string[]): LazyCommand | undefined {
  // The program's own options (--version, --help) take no value, so the first operand is the
  // command's name, as commander reads it.
  const operands = args.filter((a) => !a.startsWith("-"));
  const name = operands[0] === "help" ? operands[1] : operands[0];
  return name === undefined ? undefined : COMMANDS.get(name);
}

/**
 * The program for these arguments: the real command when they name one, else every command as a
 * placeholder with its term and description, for the help listing and commander's
 * "unknown command" suggestions.
 */
export async function buildProgram(args: readonly string[]): Promise<Command> {
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
  const wanted = commandNamed(args);
  if (wanted) {
    (await wanted.load())(program);
    return program;
  }
  const terms = new Map<Command, string>();
  for (const [name, lazy] of COMMANDS) {
    // Never run: any argument list naming this command loads the real one above.
    terms.set(program.command(name).description(lazy.description), lazy.term);
  }
  program.configureHelp({
    subcommandTerm: (cmd) => terms.get(cmd) ?? Help.prototype.subcommandTerm.call(new Help(), cmd),
  });
  return program;
}

buildProgram(process.argv.slice(2))
  .then((program) => program.parseAsync(process.argv))
  .catch((e: unknown) => {
    process.stderr.write(`paddock: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
