// Which store the configuration asks for: PostgreSQL when DATABASE_URL is set (migrated to the
// current schema on opening), else the in-memory store, loaded at every start. (The embedded
// SQLite default, openStore({ kind: "sqlite", path }) in config.dataDir, is one line away; it is
// left to the server's owner, as it changes what a restart keeps. See docs/storage.md.)
import type { Config } from "../config.js";
import { MemoryStore } from "./memory-store.js";
import { openStore } from "./open-store.js";
import type { SeasonStore } from "./season-store.js";
import { SqlStore } from "./sql/sql-store.js";

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

export async function openConfiguredStore(
  config: Config,
  log: (line: Record<string, unknown>) => void,
): Promise<SeasonStore> {
  if (config.databaseUrl !== null) {
    const store = await openStore({ kind: "postgres", url: config.databaseUrl });
    log({
      level: "info",
      msg: "store",
      kind: "postgres",
      url: redacted(config.databaseUrl),
      migrated: store instanceof SqlStore ? store.migrations.steps : [],
    });
    return store;
  }
  log({ level: "info", msg: "store", kind: "memory", dataDir: config.dataDir });
  return new MemoryStore();
}
