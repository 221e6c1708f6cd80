// Finds a season by bundle path or by the id of a season shipped in data/, and reads it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatProblem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../formats/season-bundle/read-season-bundle.js";

/** The folder of seasons shipped with Paddock (data/ at the package root). */
export function shippedDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "paddock"
    )
      return join(dir, "data");
    dir = dirname(dir);
  }
  throw new Error("cannot find Paddock's data folder");
}

export function shippedSeasonIds(): string[] {
  const dir = shippedDataDir();
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "season.json")))
    .map((d) => d.name)
    .sort();
}

export function resolveSeasonDir(seasonOrPath: string): string {
  const asPath = resolve(seasonOrPath);
  if (existsSync(join(asPath, "season.json"))) return asPath;
  return join(shippedDataDir(), seasonOrPath);
}

export class SeasonLoadError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly where: string,
  ) {
    super(`${where}: ${problems.length} problem(s)`);
  }
}

export function loadSeason(seasonOrPath: string): SeasonBundle {
  const dir = resolveSeasonDir(seasonOrPath);
  if (!existsSync(join(dir, "season.json")))
    throw new SeasonLoadError(
      [
        {
          code: "FILE_MISSING",
          message: `"${seasonOrPath}" is neither a bundle folder (with season.json) nor a shipped season (${shippedSeasonIds().join(", ")})`,
        },
      ],
      seasonOrPath,
    );
  const bundle = readSeasonBundle(dir);
  if (!bundle.ok) throw new SeasonLoadError(bundle.error, dir);
  return bundle.value;
}

export function describeLoadError(e: SeasonLoadError): string {
  const shown = e.problems.slice(0, 50).map((p) => `  ${formatProblem(p)}`);
  const more = e.problems.length > 50 ? [`  … and ${e.problems.length - 50} more`] : [];
  return [
    `paddock: the season at ${e.where} has ${e.problems.length} problem(s):`,
    ...shown,
    ...more,
    "Fix them in the files named above and run `paddock validate` again.",
  ].join("\n");
}
