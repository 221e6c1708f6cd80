// Options and helpers every CLI command shares: the output format, where a season is read from,
// and printing a season's problems. Light on purpose: it loads neither the store nor the bundle
// reader (a season shipped in data/ is read from its build-time snapshot, see load-season.ts).
import { Option } from "commander";
import type { Command } from "commander";
import { OUTPUT_FORMATS } from "../core/vocabulary.js";
import type { OutputFormat } from "../core/vocabulary.js";
import { readConfig } from "../config.js";
import {
  describeLoadError,
  findSeason,
  SeasonLoadError,
  SeasonNotFoundError,
} from "./load-season.js";
import type { FoundSeason, SeasonSource } from "./load-season.js";

export function withFormat(cmd: Command): Command {
  return cmd.addOption(
    new Option("-f, --format <format>", "output format").choices(OUTPUT_FORMATS).default("table"),
  );
}

export function parseWholeNumber(name: string) {
  return (text: string): number => {
    if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, not "${text}"`);
    return Number(text);
  };
}

/** What <season> may be, for a command's help. */
export const SEASON_ARGUMENT =
  "a season id (in the configured store, or shipped in data/: alms-2003) or a season bundle folder";

const SOURCE_HELP = `
<season> is looked up in this order, the first match wins:
  1. a bundle folder: a folder with season.json, or an argument written as a path (./x, a/b)
  2. the configured store, if it exists: PostgreSQL when DATABASE_URL is set, else
     paddock.sqlite in PADDOCK_DATA_DIR (default ./.paddock); a read never creates it
  3. the seasons shipped in data/
--store reads only the store; --bundle never reads it.`;

/** --store and --bundle: where to read <season> from (default: wherever it is found first). */
export function withSource(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        "--store",
        "read the season from the configured store only (DATABASE_URL or PADDOCK_DATA_DIR)",
      ).conflicts("bundle"),
    )
    .addOption(
      new Option("--bundle", "read a bundle folder or a season shipped in data/, not the store"),
    )
    .addHelpText("after", SOURCE_HELP);
}

export type SourceOption = { store?: boolean; bundle?: boolean };

/**
 * Finds and reads a season (bundle folder, configured store, shipped data/; see withSource), or
 * prints why not and returns undefined (exit code 1). The store is closed before this returns.
 */
export async function findOrReport(
  season: string,
  opts: SourceOption,
): Promise<FoundSeason | undefined> {
  const source: SeasonSource = opts.store ? "store" : opts.bundle ? "bundle" : "auto";
  try {
    return await findSeason(season, source, readConfig(process.env, process.cwd()));
  } catch (e) {
    if (e instanceof SeasonLoadError) {
      process.stderr.write(describeLoadError(e) + "\n");
      process.exitCode = 1;
      return undefined;
    }
    if (e instanceof SeasonNotFoundError) {
      fail(e.message);
      return undefined;
    }
    fail(
      `cannot read the store: ${e instanceof Error ? e.message : String(e)}` +
        (source === "store" ? "" : " (--bundle reads a bundle folder or data/ without it)"),
    );
    return undefined;
  }
}

export function fail(message: string): void {
  process.stderr.write(`paddock: ${message}\n`);
  process.exitCode = 1;
}

export type FormatOption = { format: OutputFormat };
