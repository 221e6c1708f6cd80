// Options and helpers every CLI command shares (command-options.ts), and reading a bundle folder
// synchronously with every problem printed (validate). Commands that only find a season import
// command-options.ts, which does not load the bundle reader when a snapshot serves.
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import { describeLoadError, SeasonLoadError, seasonDirOrThrow } from "./load-season.js";

export * from "./command-options.js";

/** Reads the bundle at a folder or a shipped season id; throws SeasonLoadError with its problems. */
export function loadSeason(seasonOrPath: string): SeasonBundle {
  const dir = seasonDirOrThrow(seasonOrPath);
  const bundle = readSeasonBundle(dir);
  if (!bundle.ok) throw new SeasonLoadError(bundle.error, dir);
  return bundle.value;
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
