// Which store the configuration asks for: PostgreSQL when DATABASE_URL is set, else the embedded
// SQLite file paddock.sqlite in the data folder, created and migrated on first start. Either way
// the store is migrated to the current schema before it is used.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config.js";
import { openStore } from "./open-store.js";
import type { StoreConfig } from "./open-store.js";
import type { SeasonStore } from "./season-store.js";
import { SqlStore } from "./sql/sql-store.js";

/** A store other threads and processes can open too (not the memory store). */
export type SharedStoreConfig = Exclude<StoreConfig, { kind: "memory" }>;

/** The URL without its password, for logs. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}

/** The store the configuration names, as other threads and processes can open it too. */
export function configuredStore(config: Config): SharedStoreConfig {
  return config.databaseUrl !== null
    ? { kind: "postgres", url: config.databaseUrl }
    : { kind: "sqlite", path: join(config.dataDir, "paddock.sqlite") };
}

export async function openConfiguredStore(
  config: Config,
  log: (line: Record<string, unknown>) => void,
): Promise<SeasonStore> {
  const where = configuredStore(config);
  if (where.kind === "sqlite") mkdirSync(config.dataDir, { recursive: true });
  const store = await openStore(where);
  log({
    level: "info",
    msg: "store",
    ...(where.kind === "postgres"
      ? { kind: "postgres", url: redacted(where.url) }
      : { kind: "sqlite", path: where.path }),
    migrated: store instanceof SqlStore ? store.migrations.steps : [],
  });
  return store;
}

/** The configured store, for people: the PostgreSQL URL (password hidden) or the SQLite file. */
export function describeConfiguredStore(config: Config): string {
  return config.databaseUrl !== null
    ? `PostgreSQL at ${redacted(config.databaseUrl)}`
    : join(config.dataDir, "paddock.sqlite");
}

/**
 * The configured store for reading, or undefined when there is none yet: an embedded SQLite file
 * that does not exist is not created (nor its folder). PostgreSQL is always opened: its database
 * exists or the error says why. Like openConfiguredStore, the store is migrated when opened.
 */
export async function openExistingConfiguredStore(
  config: Config,
): Promise<SeasonStore | undefined> {
  if (config.databaseUrl !== null) return openStore({ kind: "postgres", url: config.databaseUrl });
  const path = join(config.dataDir, "paddock.sqlite");
  if (!existsSync(path)) return undefined;
  return openStore({ kind: "sqlite", path });
}
