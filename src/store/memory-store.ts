// The in-memory store: the reference implementation of the SeasonStore contract, for tests and
// for running without a database.
import { VersionConflictError, UNATTRIBUTED } from "./season-store.js";
import type {
  LoadedSeason,
  SeasonChange,
  SeasonChangeRecord,
  SeasonStore,
  SeasonSummary,
  SavedMapping,
  StoredSeason,
  VersionedSeason,
} from "./season-store.js";
import { decodeSnapshot, encodeSnapshot } from "./season-snapshot.js";
import { bySeriesAndYear, summarize, validatedRules } from "./stored-season.js";

export { bySeriesAndYear, summarize };

export class MemoryStore implements SeasonStore {
  private readonly seasons = new Map<string, { loaded: LoadedSeason; version: number }>();
  /** Per season: the last version given, kept after a delete so no version is reused. */
  private readonly versions = new Map<string, number>();
  private readonly changes = new Map<string, (SeasonChangeRecord & { snapshot: string })[]>();

  async listSeasons(): Promise<SeasonSummary[]> {
    return [...this.seasons.values()]
      .map((x) => summarize(x.loaded, String(x.version)))
      .sort(bySeriesAndYear);
  }

  async getSeason(id: string): Promise<VersionedSeason | undefined> {
    const found = this.seasons.get(id);
    return found && { ...found.loaded, version: String(found.version) };
  }

  private nextVersion(id: string): number {
    const v = (this.versions.get(id) ?? 0) + 1;
    this.versions.set(id, v);
    return v;
  }

  private record(id: string, version: number, change: SeasonChange, snapshot: string): void {
    const list = this.changes.get(id) ?? [];
    list.push({
      seasonId: id,
      version: String(version),
      at: change.at ?? new Date().toISOString(),
      actor: change.actor,
      action: change.action,
      reason: change.reason,
      summary: change.summary,
      snapshot,
    });
    this.changes.set(id, list);
  }

  private checkExpected(id: string, change: SeasonChange): void {
    if (change.expectedVersion === undefined) return;
    const current = this.seasons.get(id);
    const currentVersion = current ? String(current.version) : null;
    if (currentVersion !== change.expectedVersion)
      throw new VersionConflictError(id, change.expectedVersion, currentVersion);
  }

  async putSeason(
    stored: StoredSeason,
    change: SeasonChange = UNATTRIBUTED,
  ): Promise<SeasonSummary> {
    const rules = validatedRules(stored);
    const id = stored.season.id;
    this.checkExpected(id, change);
    const snapshot = encodeSnapshot(stored);
    const version = this.nextVersion(id);
    // A structured clone keeps later changes of the caller's objects out of the store.
    const copy = structuredClone(stored);
    this.seasons.set(id, { loaded: { ...copy, rules }, version });
    this.record(id, version, change, snapshot);
    // A series is one record its seasons share, as in the SQL store: a new name given by one
    // season renames it in the others, which changes their versions.
    const series = copy.season.series;
    for (const [otherId, other] of this.seasons) {
      const s = other.loaded.season;
      if (otherId !== id && s.series.id === series.id && s.series.name !== series.name)
        this.seasons.set(otherId, {
          loaded: { ...other.loaded, season: { ...s, series: { ...series } } },
          version: this.nextVersion(otherId),
        });
    }
    return summarize(copy, String(version));
  }

  async deleteSeason(id: string, change: SeasonChange = UNATTRIBUTED): Promise<boolean> {
    this.checkExpected(id, change);
    if (!this.seasons.has(id)) return false;
    this.seasons.delete(id);
    this.record(id, this.nextVersion(id), change, "");
    return true;
  }

  async listChanges(seasonId: string): Promise<SeasonChangeRecord[]> {
    return [...(this.changes.get(seasonId) ?? [])]
      .reverse()
      .map(({ snapshot: _snapshot, ...record }) => record);
  }

  async getSeasonVersion(seasonId: string, version: string): Promise<LoadedSeason | undefined> {
    const found = this.changes.get(seasonId)?.find((c) => c.version === version);
    if (!found || found.snapshot === "") return undefined;
    const stored = decodeSnapshot(found.snapshot);
    return { ...stored, rules: validatedRules(stored) };
  }

  private readonly mappings = new Map<string, SavedMapping>();

  async listImportMappings(seriesId: string): Promise<SavedMapping[]> {
    return [...this.mappings.values()]
      .filter((m) => m.seriesId === seriesId)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async saveImportMapping(mapping: SavedMapping): Promise<void> {
    this.mappings.set(`${mapping.seriesId}\u0000${mapping.name}`, structuredClone(mapping));
  }

  async close(): Promise<void> {}
}
