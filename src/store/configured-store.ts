// Which store the configuration asks for: PostgreSQL when DATABASE_URL is set, else the embedded
// default. (Until the SQL store lands this is the in-memory store, loaded at every start.)
import type { Config } from "../config.js";
import { MemoryStore } from "./memory-store.js";
import type { SeasonStore } from "./season-store.js";

export async function openConfiguredStore(
  config: Config,
  log: (line: Record<string, unknown>) => void,
): Promise<SeasonStore> {
  log({ level: "info", msg: "store", kind: "memory", dataDir: config.dataDir });
  return new MemoryStore();
}
