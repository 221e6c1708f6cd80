// A season as one compressed text: what the history keeps of every written version. JSON of the
// validated model (points stay exact {n, d} pairs) and the rules document as written, gzip'ed and
// base64-encoded so that one text column holds it in SQLite and PostgreSQL alike.
import { gunzipSync, gzipSync } from "node:zlib";
import type { Season } from "../core/season.js";
import type { StoredSeason } from "./season-store.js";

const FORMAT = "paddock-snapshot/1";

export function encodeSnapshot(stored: StoredSeason): string {
  const json = JSON.stringify({
    format: FORMAT,
    season: stored.season,
    rulesDocument: stored.rulesDocument,
  });
  // Level 1: history is written on every change and read rarely; speed matters more than size.
  return gzipSync(json, { level: 1 }).toString("base64");
}

export function decodeSnapshot(text: string): StoredSeason {
  const parsed = JSON.parse(gunzipSync(Buffer.from(text, "base64")).toString("utf8")) as {
    format?: string;
    season: Season;
    rulesDocument: unknown;
  };
  if (parsed.format !== FORMAT) throw new Error(`unknown snapshot format ${String(parsed.format)}`);
  return { season: withDecisionEntries(parsed.season), rulesDocument: parsed.rulesDocument };
}

/** A season snapshotted before decisions could name an entry (migration 009): none named. */
function withDecisionEntries(season: Season): Season {
  const older = (t: Season["decisions"][number]["target"]) => t.entryId === undefined;
  if (!season.decisions.some((d) => older(d.target))) return season;
  return {
    ...season,
    decisions: season.decisions.map((d) =>
      older(d.target) ? { ...d, target: { ...d.target, entryId: null } } : d,
    ),
  };
}
