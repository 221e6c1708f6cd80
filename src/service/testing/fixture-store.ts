// A memory store holding one fixture season bundle, and race control over it: the starting point
// of the service tests.
import { join } from "node:path";
import { readSeasonBundle } from "../../formats/season-bundle/read-season-bundle.js";
import { MemoryStore } from "../../store/memory-store.js";
import { RaceControl } from "../race-control.js";

export const ROOT = join(import.meta.dirname, "..", "..", "..");

export async function storeWithSeason(
  bundle: string,
  now?: () => Date,
): Promise<{ store: MemoryStore; control: RaceControl }> {
  const store = new MemoryStore();
  const control = new RaceControl(store, now ? { now } : {});
  const read = readSeasonBundle(join(ROOT, "fixtures", "seasons", bundle));
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  await store.putSeason(
    { season: read.value.season, rulesDocument: read.value.rulesDocument },
    { actor: "alice", action: "load-bundle", reason: "", summary: "" },
  );
  return { store, control };
}
