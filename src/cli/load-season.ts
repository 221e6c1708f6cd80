// Finds a season and reads it: from a bundle folder, from the configured store (the server's:
// DATABASE_URL, else paddock.sqlite in PADDOCK_DATA_DIR), or from the seasons shipped in data/.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import type { LoadedSeason } from "../store/season-store.js";
import { formatProblem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import type { PointsRules } from "../core/points-rules.js";
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

/** The bundle folder of a folder path or a shipped season id; SeasonLoadError if there is none. */
export function seasonDirOrThrow(seasonOrPath: string): string {
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
  return dir;
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

async function readBundle(dir: string): Promise<FoundSeason> {
  // A shipped season whose files are as they were at build time: its validated input from the
  // snapshot the build wrote, instead of parsing and checking the files again. The standings are
  // still computed by the engine on every run; only the reading of the input is spared.
  // Only for the shipped folder itself: a user's folder of the same name may name files outside
  // it (or link to them), which the snapshot's hash of the folder would not see change.
  const snapshot = isShippedBundle(dir) ? readSeasonSnapshot(dir) : undefined;
  if (snapshot) {
    const { season, rules, rulesDocument } = snapshot;
    return { season, rules, rulesDocument, from: { kind: "bundle", dir } };
  }
  // The reader (CSV parser, schemas, checks) is loaded only when the files must be read.
  const { readSeasonBundle } = await import("../formats/season-bundle/read-season-bundle.js");
  const bundle = readSeasonBundle(dir);
  if (!bundle.ok) throw new SeasonLoadError(bundle.error, dir);
  const { season, rules, rulesDocument } = bundle.value;
  return { season, rules, rulesDocument, from: { kind: "bundle", dir: bundle.value.dir } };
}

/** True when `dir` is one of the folders shipped in data/ (links resolved), not a copy. */
export function isShippedBundle(dir: string): boolean {
  try {
    return realpathSync(dir) === realpathSync(join(shippedDataDir(), basename(dir)));
  } catch {
    return false;
  }
}

// --- Snapshots of the shipped seasons' validated input (written by write-season-snapshots.ts) ---

/** Bumped whenever the snapshot's layout changes; a snapshot of another format is ignored. */
export const SNAPSHOT_FORMAT = 1;

/** dist/season-snapshots: beside the build that wrote them, so code and snapshot always agree. */
export function seasonSnapshotDir(): string {
  return fileURLToPath(new URL("../../season-snapshots/", import.meta.url));
}

/** Every file of a bundle folder, by path relative to it, sorted (subfolders included). */
function bundleFiles(dir: string, under = ""): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true })
    .flatMap((d) => {
      const path = under === "" ? d.name : `${under}/${d.name}`;
      if (d.isDirectory()) return bundleFiles(dir, path);
      return d.isFile() ? [path] : [];
    })
    .sort();
}

/**
 * A hash of everything a bundle's reading depends on: each file's path and bytes, and the rules
 * file when season.json names one outside the folder. Undefined when season.json is unreadable.
 */
export function bundleHash(dir: string): string | undefined {
  const hash = createHash("sha256");
  const files = bundleFiles(dir);
  let rulesPath: unknown;
  try {
    rulesPath = (JSON.parse(readFileSync(join(dir, "season.json"), "utf8")) as { rules?: unknown })
      .rules;
  } catch {
    return undefined;
  }
  const outside =
    typeof rulesPath === "string" && relative(dir, resolve(dir, rulesPath)).startsWith("..")
      ? [resolve(dir, rulesPath)]
      : [];
  for (const file of [...files.map((f) => join(dir, f)), ...outside]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    hash.update(`${relative(dir, file)}\u0000${bytes.length}\u0000`).update(bytes);
  }
  return hash.digest("hex");
}

/**
 * A hash of the code that reads and checks a bundle, as this build has it: every module of the
 * core and of the formats, and this one. A snapshot made by other code (a build since, with
 * changes) is not used.
 */
export function readerCodeHash(): string {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here); // .js in dist/, .ts when the tests run the sources
  const hash = createHash("sha256");
  const files = [
    ...["core", "formats"].flatMap((folder) => {
      const dir = join(dirname(here), "..", folder);
      return bundleFiles(dir)
        .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`))
        .map((f) => join(dir, f));
    }),
    here,
  ];
  for (const file of files) {
    const bytes = readFileSync(file);
    hash.update(`${relative(dirname(here), file)}\u0000${bytes.length}\u0000`).update(bytes);
  }
  return hash.digest("hex");
}

/** What a snapshot is good for: these files of the bundle, read by this code. */
export function snapshotKey(dir: string): string | undefined {
  const files = bundleHash(dir);
  return files === undefined ? undefined : `${files}.${readerCodeHash()}`;
}

interface SnapshotFile {
  readonly format: number;
  readonly hash: string;
  readonly bundle: Omit<SeasonBundle, "dir">;
}

// JSON has no Map: the rules' scales and class map are written as tagged entry lists, and read
// back in the rules only (a reviver over the whole season costs ~10 ms; a Map anywhere else would
// not read back the same, and the writer would refuse the snapshot).
const MAP_TAG = "$paddockMap";
const replacer = (_key: string, value: unknown) =>
  value instanceof Map ? { [MAP_TAG]: [...(value as Map<unknown, unknown>)] } : value;

function reviveMaps(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(reviveMaps);
  if (MAP_TAG in value)
    return new Map(
      (value as Record<typeof MAP_TAG, [unknown, unknown][]>)[MAP_TAG].map(([k, v]) => [
        k,
        reviveMaps(v),
      ]),
    );
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveMaps(v)]));
}

export function encodeSeasonSnapshot(bundle: SeasonBundle, hash: string): string {
  const { season, rules, rulesDocument } = bundle;
  const file: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    hash,
    bundle: { season, rules, rulesDocument },
  };
  return JSON.stringify(file, replacer);
}

export function decodeSeasonSnapshot(text: string): SnapshotFile {
  const file = JSON.parse(text) as SnapshotFile;
  if (file.bundle === null || typeof file.bundle !== "object") return file;
  return {
    ...file,
    bundle: { ...file.bundle, rules: reviveMaps(file.bundle.rules) as PointsRules },
  };
}

/** The snapshot of the bundle at `dir`, if the build wrote one and the files have not changed. */
export function readSeasonSnapshot(
  dir: string,
  snapshots = seasonSnapshotDir(),
): SeasonBundle | undefined {
  const file = join(snapshots, `${basename(dir)}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const snapshot = decodeSeasonSnapshot(readFileSync(file, "utf8"));
    if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.hash !== snapshotKey(dir)) return undefined;
    return { dir, ...snapshot.bundle };
  } catch {
    return undefined; // an unreadable snapshot only costs the full read
  }
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
