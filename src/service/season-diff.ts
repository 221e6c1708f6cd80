// What one change did to a season, row by row: the audit page shows it as before/after. Both
// versions are laid out as bundle input (seasonToInput), so a difference reads in the columns a
// user writes: a result row, an entry, a decision, a round, a team, a class, the rules.
import type { RowInput } from "../core/season-input.js";
import { seasonToInput } from "../formats/season-bundle/season-to-input.js";
import type { StoredSeason } from "../store/season-store.js";

export type Cells = Readonly<Record<string, string>>;

export interface RowChange {
  /** "results r3", "entries", "line-ups", "decisions", "calendar", "races", "teams", "classes", "season", "rules" */
  readonly part: string;
  /** What identifies the row within its part: "#7", "D3", "round 2", … */
  readonly key: string;
  readonly before: Cells | null;
  readonly after: Cells | null;
}

/** The rows of a version, by part and key; duplicate keys get " (2)", " (3)" … */
function rowsOf(stored: StoredSeason | undefined): Map<string, Map<string, Cells>> {
  const parts = new Map<string, Map<string, Cells>>();
  if (!stored) return parts;
  const put = (part: string, key: string, cells: Cells) => {
    let m = parts.get(part);
    if (!m) parts.set(part, (m = new Map()));
    let k = key;
    for (let n = 2; m.has(k); n++) k = `${key} (${n})`;
    m.set(k, cells);
  };
  const input = seasonToInput(stored.season);
  const strings = (o: object): Cells =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  if (!input.ok) {
    put("season", "(unreadable)", { problems: input.error.map((p) => p.message).join("; ") });
    return parts;
  }
  const s = input.value.season;
  put("season", "season", strings({ series: s.series, year: s.year, name: s.name }));
  for (const k of s.classes) put("classes", k.id, strings(k));
  for (const r of s.rounds) {
    const { races, ...round } = r;
    put("calendar", r.number !== null ? `round ${r.number}` : (r.key ?? r.name), strings(round));
    for (const race of races ?? []) {
      const { results: _file, ...rest } = race;
      // A bundle leaves the default (official) unsaid; the audit shows it.
      put("races", race.id, strings({ ...rest, result_status: rest.result_status ?? "official" }));
    }
  }
  for (const t of s.teams) put("teams", t.id, strings(t));
  const cells = (row: RowInput) => row.cells;
  for (const e of input.value.entries) put("entries", e.cells.id ?? "", cells(e));
  for (const d of input.value.drivers)
    put("line-ups", `${d.cells.entry ?? ""} ${d.cells.driver ?? ""}`.trim(), cells(d));
  for (const d of input.value.decisions) put("decisions", d.cells.id ?? "", cells(d));
  for (const race of input.value.results)
    for (const r of race.rows)
      put(
        `results ${race.raceId}`,
        r.cells.number ? `#${r.cells.number}` : `P${r.cells.pos}`,
        cells(r),
      );
  put("rules", "rules document", { document: JSON.stringify(stored.rulesDocument) });
  return parts;
}

const same = (a: Cells, b: Cells) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? "") !== (b[k] ?? "")) return false;
  return true;
};

/** A version laid out by part and key, to diff against others without laying it out again. */
export type SeasonRows = ReadonlyMap<string, ReadonlyMap<string, Cells>>;

/** The rows of a version (undefined: no season), for diffRows. */
export function seasonRows(stored: StoredSeason | undefined): SeasonRows {
  return rowsOf(stored);
}

/** Every row added, removed or changed between two versions (undefined: no season). */
export function diffSeasons(
  before: StoredSeason | undefined,
  after: StoredSeason | undefined,
): RowChange[] {
  return diffRows(rowsOf(before), rowsOf(after));
}

/** Every row added, removed or changed between two versions laid out by seasonRows. */
export function diffRows(a: SeasonRows, b: SeasonRows): RowChange[] {
  const out: RowChange[] = [];
  for (const part of new Set([...a.keys(), ...b.keys()])) {
    const pa: ReadonlyMap<string, Cells> = a.get(part) ?? new Map<string, Cells>();
    const pb: ReadonlyMap<string, Cells> = b.get(part) ?? new Map<string, Cells>();
    for (const key of new Set([...pa.keys(), ...pb.keys()])) {
      const x = pa.get(key) ?? null;
      const y = pb.get(key) ?? null;
      if (x && y && same(x, y)) continue;
      out.push({ part, key, before: x, after: y });
    }
  }
  return out;
}

/** The columns whose values differ (all of them for an added or removed row). */
export function changedColumns(change: RowChange): string[] {
  const keys = new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})]);
  return [...keys].filter(
    (k) => !change.before || !change.after || (change.before[k] ?? "") !== (change.after[k] ?? ""),
  );
}
