// Options and helpers every CLI command shares: the output format and printing a season's problems.
import { Option } from "commander";
import type { Command } from "commander";
import { OUTPUT_FORMATS } from "../core/vocabulary.js";
import type { OutputFormat } from "../core/vocabulary.js";
import { describeLoadError, loadSeason, SeasonLoadError } from "./load-season.js";
import type { SeasonBundle } from "../formats/season-bundle/read-season-bundle.js";

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

/** Loads a season, or prints its problems and returns undefined (exit code 1). */
export function loadOrReport(season: string): SeasonBundle | undefined {
  try {
    return loadSeason(season);
  } catch (e) {
    if (e instanceof SeasonLoadError) {
      process.stderr.write(describeLoadError(e) + "\n");
      process.exitCode = 1;
      return undefined;
    }
    throw e;
  }
}

export function fail(message: string): void {
  process.stderr.write(`paddock: ${message}\n`);
  process.exitCode = 1;
}

export type FormatOption = { format: OutputFormat };
