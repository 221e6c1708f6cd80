// The use cases the API, the web pages and (later) the CLI share: read seasons from the store and
// compute their standings, scenarios and summaries. Computed results are cached per season
// version, so a page view recomputes nothing until the season changes.
import { computeStandings } from "../core/compute-standings.js";
import type { Standings } from "../core/compute-standings.js";
import { positionRace } from "../core/race-positions.js";
import type { PositionedRow } from "../core/race-positions.js";
import type { Race, Season } from "../core/season.js";
import { numberedRounds } from "../core/season.js";
import { titleScenarios } from "../core/title-scenarios.js";
import type { TitleScenario } from "../core/title-scenarios.js";
import type {
  LoadedSeason,
  SeasonChangeRecord,
  SeasonStore,
  SeasonSummary,
} from "../store/season-store.js";
import { summarize } from "../store/stored-season.js";

export interface SeasonView extends LoadedSeason {
  readonly summary: SeasonSummary;
}

/** A season as a past write left it, with the time of that write. */
export interface PastSeasonView extends SeasonView {
  readonly writtenAt: string;
}

/** How "as of" is asked for: a recorded version, or a day (UTC) or time. */
export const AS_OF_VERSION = /^\d+$/;
export const AS_OF_TIME = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;

/** The class winners of one race, for the season-results table. */
export interface RaceWinners {
  readonly round: number;
  readonly race: Race;
  readonly circuit: string;
  /** Winner per championship class (the row with points position 1), null where unknown. */
  readonly byClass: ReadonlyMap<string, PositionedRow | null>;
  /** The class whose winner won the race overall, where the overall winner is known. */
  readonly overallClass: string | null;
}

export class SeasonService {
  private readonly cache = new Map<
    string,
    { version: string; view: SeasonView; standings: Map<string, Standings> }
  >();

  private versions: { at: number; seasons: Promise<SeasonSummary[]> } | undefined;

  /** Past versions read for "as of" views (immutable, so kept; the oldest goes first). */
  private readonly history = new Map<string, PastSeasonView>();

  /**
   * `versionTtlMs`: how long a read of the seasons' versions is trusted before the store is asked
   * again (a change made by another process shows within that time; 0: ask every time).
   */
  constructor(
    private readonly store: SeasonStore,
    private readonly options: { readonly versionTtlMs?: number; readonly now?: () => number } = {},
  ) {}

  /** The seasons and their versions, re-read from the store at most every versionTtlMs. */
  private summaries(): Promise<SeasonSummary[]> {
    const now = (this.options.now ?? (() => performance.now()))();
    const ttl = this.options.versionTtlMs ?? 1000;
    if (this.versions && ttl > 0 && now - this.versions.at < ttl) return this.versions.seasons;
    const seasons = this.store.listSeasons();
    this.versions = { at: now, seasons };
    seasons.catch(() => (this.versions = undefined));
    return seasons;
  }

  listSeasons(): Promise<SeasonSummary[]> {
    return this.summaries();
  }

  /** Forgets the seasons' versions, so a write made here shows at once (race control calls it). */
  forgetVersions(): void {
    this.versions = undefined;
  }

  /** The season's recorded changes, newest first: the audit log. */
  changes(seasonId: string): Promise<SeasonChangeRecord[]> {
    return this.store.listChanges(seasonId);
  }

  /**
   * The season as one recorded version left it, for "standings as of": by version, or the last
   * version written on or before a date (YYYY-MM-DD, the whole day) or time.
   */
  async seasonAsOf(
    id: string,
    asOf: { version: string } | { at: string },
  ): Promise<PastSeasonView | undefined> {
    const changes = await this.store.listChanges(id);
    const until =
      "at" in asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf.at) ? `${asOf.at}T23:59:59.999Z` : "";
    const change =
      "version" in asOf
        ? changes.find((c) => c.version === asOf.version)
        : changes.find((c) => c.at <= (until || asOf.at));
    if (change === undefined) return undefined;
    const key = `${id}@${change.version}`;
    const known = this.history.get(key);
    if (known) return known;
    const loaded = await this.store.getSeasonVersion(id, change.version);
    if (!loaded) return undefined;
    const view: PastSeasonView = {
      ...loaded,
      summary: summarize(loaded, change.version),
      writtenAt: change.at,
    };
    this.history.set(key, view);
    if (this.history.size > 32) this.history.delete(this.history.keys().next().value as string);
    return view;
  }

  /**
   * The version of what a URL path shows, for caches: a season's version for its pages and API,
   * every season's for the lists; undefined for paths that are not season content.
   */
  async contentVersion(path: string): Promise<string | undefined> {
    const m = /^\/(?:api\/)?seasons\/([^/]+)/.exec(path);
    const seasons = await this.summaries();
    if (m) {
      const id = decodeURIComponent(m[1] as string);
      return seasons.find((s) => s.id === id)?.version;
    }
    if (
      path === "/" ||
      path === "/api/seasons" ||
      path === "/api/series" ||
      path === "/api/openapi.json" ||
      path === "/api/docs"
    )
      return seasons.map((s) => `${s.id}@${s.version}`).join(",");
    return undefined;
  }

  /** A season and its summary (with the version that keys every cache), or undefined. */
  async season(id: string): Promise<SeasonView | undefined> {
    const summary = (await this.summaries()).find((s) => s.id === id);
    if (!summary) return undefined;
    const cached = this.cache.get(id);
    if (cached && cached.version === summary.version) return cached.view;
    const loaded = await this.store.getSeason(id);
    if (!loaded) return undefined;
    const view = { ...loaded, summary };
    this.cache.set(id, { version: summary.version, view, standings: new Map() });
    return view;
  }

  /** Standings of every championship, as they stood after a round (or now). */
  standings(view: SeasonView, afterRound?: number): Standings {
    const entry = this.cache.get(view.season.id);
    const key = String(afterRound ?? "now");
    const known = entry?.version === view.summary.version ? entry.standings.get(key) : undefined;
    if (known) return known;
    const computed = computeStandings(
      view.season,
      view.rules,
      afterRound === undefined ? {} : { uptoRound: afterRound },
    );
    if (entry?.version === view.summary.version) entry.standings.set(key, computed);
    return computed;
  }

  /** Standings after every round in turn: the points progression through the season. */
  progression(view: SeasonView): { round: number; standings: Standings }[] {
    return completedRounds(view.season).map((round) => ({
      round,
      standings: this.standings(view, round),
    }));
  }

  scenarios(view: SeasonView, afterRound: number): TitleScenario[] {
    return titleScenarios(view.season, view.rules, afterRound);
  }

  /** Positions of one race as the engine scores them. */
  racePositions(view: SeasonView, raceId: string): PositionedRow[] {
    return positionRace(view.season, view.rules, raceId);
  }

  /** Class winners of every race (the season-results table). */
  winners(view: SeasonView): RaceWinners[] {
    const classes = view.season.classes.filter((k) => k.championship).map((k) => k.id);
    const out: RaceWinners[] = [];
    for (const round of numberedRounds(view.season)) {
      if (round.status !== "completed") continue;
      for (const race of round.races) {
        const rows = this.racePositions(view, race.id);
        const byClass = new Map<string, PositionedRow | null>();
        for (const k of classes)
          byClass.set(k, rows.find((p) => p.scoringClass === k && p.pointsPosition === 1) ?? null);
        const overall = rows.find((p) => p.overallPosition === 1);
        out.push({
          round: round.number as number,
          race,
          circuit: round.circuit,
          byClass,
          overallClass: overall?.scoringClass ?? null,
        });
      }
    }
    return out;
  }
}

export function completedRounds(season: Season): number[] {
  return numberedRounds(season)
    .filter((r) => r.status === "completed")
    .map((r) => r.number as number);
}
