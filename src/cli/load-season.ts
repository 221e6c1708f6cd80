// Finds a season and reads it: from a bundle folder, from the configured store (the server's:
// DATABASE_URL, else paddock.sqlite in PADDOCK_DATA_DIR), or from the seasons shipped in data/.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import type { LoadedSeason } from "../store/season-store.js";
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

/** Where a command reads its season: wherever it is found first (auto), or only one place. */
export type SeasonSource = "auto" | "store" | "bundle";

/** The store module, imported only when needed: it loads kysely and the SQL drivers (~200 ms). */
const storeModule = () => import("../store/configured-store.js");

/**
 * Whether openExistingConfiguredStore may find a store: PostgreSQL is configured, or the embedded
 * file exists (same path), so `paddock standings alms-2003` without a store never loads kysely.
 */
const mayHaveStore = (config: Config) =>
  config.databaseUrl !== null || existsSync(join(config.dataDir, "paddock.sqlite"));

/** A season as a command reads it, with where it came from. */
export interface FoundSeason extends LoadedSeason {
  readonly from:
    | { readonly kind: "bundle"; readonly dir: string }
    | { readonly kind: "store"; readonly where: string; readonly version: string };
}

/** No season by that name where the command looked; the message lists what exists where. */
export class SeasonNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeasonNotFoundError";
  }
}

/** An argument written as a path ("./x", "../x", "a/b", "/a"), not a bare season id. */
const looksLikePath = (text: string) =>
  isAbsolute(text) || text.startsWith(".") || /[\\/]/.test(text);

function readBundle(dir: string): FoundSeason {
  const bundle = readSeasonBundle(dir);
  if (!bundle.ok) throw new SeasonLoadError(bundle.error, dir);
  const { season, rules, rulesDocument } = bundle.value;
  return { season, rules, rulesDocument, from: { kind: "bundle", dir: bundle.value.dir } };
}

/**
 * Finds a season the way a user expects, first match wins:
 * 1. a bundle folder: an argument naming a folder with season.json, or written as a path;
 * 2. the configured store, if it exists (an embedded database is never created by a read) and
 *    holds a season of that id: the season as imports and edits have left it;
 * 3. a season shipped in data/.
 * source "store" looks only in the store, "bundle" only at 1 and 3. The store is closed before
 * this returns. Throws SeasonLoadError (a bundle with problems), SeasonNotFoundError, or the
 * store's error when it exists but cannot be read.
 */
export async function findSeason(
  seasonOrPath: string,
  source: SeasonSource,
  config: Config,
): Promise<FoundSeason> {
  if (source !== "store") {
    const asPath = resolve(seasonOrPath);
    if (existsSync(join(asPath, "season.json"))) return readBundle(asPath);
    if (looksLikePath(seasonOrPath) && existsSync(asPath)) return readBundle(asPath);
  }
  let storeIds: string[] | undefined;
  if (source !== "bundle" && mayHaveStore(config)) {
    const { describeConfiguredStore, openExistingConfiguredStore } = await storeModule();
    const where = describeConfiguredStore(config);
    const store = await openExistingConfiguredStore(config);
    if (store) {
      try {
        const found = await store.getSeason(seasonOrPath);
        if (found)
          return {
            season: found.season,
            rules: found.rules,
            rulesDocument: found.rulesDocument,
            from: { kind: "store", where, version: found.version },
          };
        storeIds = (await store.listSeasons()).map((s) => s.id).sort();
      } finally {
        await store.close();
      }
    }
  }
  const shipped = shippedSeasonIds();
  if (source !== "store" && shipped.includes(seasonOrPath))
    return readBundle(join(shippedDataDir(), seasonOrPath));

  const where = (await storeModule()).describeConfiguredStore(config);
  const list = (ids: readonly string[]) => (ids.length > 0 ? ids.join(", ") : "no seasons");
  const inStore =
    source === "bundle"
      ? `the store was not searched (--bundle)`
      : storeIds === undefined
        ? `there is no store yet (${where})`
        : `the store (${where}) has ${list(storeIds)}`;
  const inData =
    source === "store" ? `data/ was not searched (--store)` : `data/ has ${list(shipped)}`;
  const notAPath =
    source === "store" ? "" : `; "${seasonOrPath}" is not a bundle folder (with season.json)`;
  throw new SeasonNotFoundError(`no season "${seasonOrPath}": ${inStore}; ${inData}${notAPath}`);
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
