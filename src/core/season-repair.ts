// Repair of a season stored before ids were checked on every write: each class, race, team,
// entry or decision id that breaks the id rule is renamed to its slug (made unique), and every
// record that points at it follows. Names, results and history are kept; only ids change.
import { slug } from "./names.js";
import { ID_PATTERN } from "./season-input.js";
import type { Season } from "./season.js";

export interface IdRename {
  readonly kind: "class" | "race" | "team" | "entry" | "decision";
  readonly from: string;
  readonly to: string;
}

/** A map old id -> new id for the ids of one kind that break the rule. */
function renames(ids: readonly string[], prefix: string): Map<string, string> {
  const taken = new Set(ids.filter((id) => ID_PATTERN.test(id)));
  const out = new Map<string, string>();
  for (const id of ids) {
    if (ID_PATTERN.test(id) || out.has(id)) continue;
    const base = slug(id) === "x" ? prefix : slug(id);
    let to = base;
    for (let i = 2; taken.has(to); i++) to = `${base}-${i}`;
    taken.add(to);
    out.set(id, to);
  }
  return out;
}

/** The season with every id that breaks the rule renamed, and the renames made (none: unchanged). */
export function repairIds(season: Season): { season: Season; renamed: IdRename[] } {
  const cls = renames(
    season.classes.map((k) => k.id),
    "class",
  );
  const race = renames(
    season.rounds.flatMap((r) => r.races.map((x) => x.id)),
    "race",
  );
  const team = renames(
    season.teams.map((t) => t.id),
    "team",
  );
  const entry = renames(
    season.entries.map((e) => e.id),
    "entry",
  );
  const decision = renames(
    season.decisions.map((d) => d.id),
    "decision",
  );
  const renamed: IdRename[] = [
    ...[...cls].map(([from, to]) => ({ kind: "class" as const, from, to })),
    ...[...race].map(([from, to]) => ({ kind: "race" as const, from, to })),
    ...[...team].map(([from, to]) => ({ kind: "team" as const, from, to })),
    ...[...entry].map(([from, to]) => ({ kind: "entry" as const, from, to })),
    ...[...decision].map(([from, to]) => ({ kind: "decision" as const, from, to })),
  ];
  if (renamed.length === 0) return { season, renamed };
  const c = (id: string) => cls.get(id) ?? id;
  const cn = (id: string | null) => (id === null ? null : c(id));
  const r = (id: string) => race.get(id) ?? id;
  const rn = (id: string | null) => (id === null ? null : r(id));
  const t = (id: string) => team.get(id) ?? id;
  const tn = (id: string | null) => (id === null ? null : t(id));
  const e = (id: string) => entry.get(id) ?? id;
  const d = (id: string) => decision.get(id) ?? id;
  return {
    renamed,
    season: {
      ...season,
      classes: season.classes.map((k) => ({ ...k, id: c(k.id) })),
      rounds: season.rounds.map((round) => ({
        ...round,
        races: round.races.map((x) => ({ ...x, id: r(x.id) })),
      })),
      teams: season.teams.map((x) => ({ ...x, id: t(x.id) })),
      entries: season.entries.map((x) => ({
        ...x,
        id: e(x.id),
        classId: c(x.classId),
        teamId: t(x.teamId),
      })),
      lineups: season.lineups.map((x) => ({ ...x, entryId: e(x.entryId) })),
      results: season.results.map((x) => ({
        ...x,
        raceId: r(x.raceId),
        classId: cn(x.classId),
        teamId: tn(x.teamId),
        entryId: x.entryId === null ? null : e(x.entryId),
      })),
      decisions: season.decisions.map((x) => ({
        ...x,
        id: d(x.id),
        overturns: x.overturns === null ? null : d(x.overturns),
        target: {
          ...x.target,
          raceId: rn(x.target.raceId),
          classId: cn(x.target.classId),
          teamId: tn(x.target.teamId),
          entryId: x.target.entryId === null ? null : e(x.target.entryId),
        },
      })),
    },
  };
}
