// The one way to get a SeasonStore from configuration: memory, a SQLite file (the embedded
// default) or PostgreSQL. SQL stores are migrated to the current schema before they are returned.
import { MemoryStore } from "./memory-store.js";
import type { SeasonStore } from "./season-store.js";
import { postgresDialect } from "./sql/postgres-dialect.js";
import { SqlStore } from "./sql/sql-store.js";
import { sqliteDialect } from "./sql/sqlite-dialect.js";

export type StoreConfig =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string }
  | { readonly kind: "memory" };

export async function openStore(config: StoreConfig): Promise<SeasonStore> {
  switch (config.kind) {
    case "memory":
      return new MemoryStore();
    case "sqlite":
      return SqlStore.open(sqliteDialect(config.path));
    case "postgres":
      return SqlStore.open(postgresDialect(config.url));
  }
}
