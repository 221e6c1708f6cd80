// The in-memory store: the reference implementation of the SeasonStore contract, for tests and
// for running without a database.
import type { LoadedSeason, SeasonStore, SeasonSummary, StoredSeason } from "./season-store.js";
import { bySeriesAndYear, summarize, validatedRules } from "./stored-season.js";

export { bySeriesAndYear, summarize };

export class MemoryStore implements SeasonStore {
  private readonly seasons = new Map<string, { loaded: LoadedSeason; version: number }>();
  private writes = 0;

  async listSeasons(): Promise<SeasonSummary[]> {
    return [...this.seasons.values()]
      .map((x) => summarize(x.loaded, String(x.version)))
      .sort(bySeriesAndYear);
  }

  async getSeason(id: string): Promise<LoadedSeason | undefined> {
    return this.seasons.get(id)?.loaded;
  }

  async putSeason(stored: StoredSeason): Promise<SeasonSummary> {
    const rules = validatedRules(stored);
    const version = ++this.writes;
    // A structured clone keeps later changes of the caller's objects out of the store.
    const copy = structuredClone(stored);
    this.seasons.set(stored.season.id, { loaded: { ...copy, rules }, version });
    // A series is one record its seasons share, as in the SQL store: a new name given by one
    // season renames it in the others, which changes their versions.
    const series = copy.season.series;
    for (const [id, other] of this.seasons) {
      const s = other.loaded.season;
      if (id !== copy.season.id && s.series.id === series.id && s.series.name !== series.name)
        this.seasons.set(id, {
          loaded: { ...other.loaded, season: { ...s, series: { ...series } } },
          version: ++this.writes,
        });
    }
    return summarize(copy, String(version));
  }

  async deleteSeason(id: string): Promise<boolean> {
    return this.seasons.delete(id);
  }

  async close(): Promise<void> {}
}
