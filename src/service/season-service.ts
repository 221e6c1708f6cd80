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
import type { LoadedSeason, SeasonStore, SeasonSummary } from "../store/season-store.js";

export interface SeasonView extends LoadedSeason {
  readonly summary: SeasonSummary;
}

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

  constructor(private readonly store: SeasonStore) {}

  listSeasons(): Promise<SeasonSummary[]> {
    return this.store.listSeasons();
  }

  /** A season and its summary (with the version that keys every cache), or undefined. */
  async season(id: string): Promise<SeasonView | undefined> {
    const summary = (await this.store.listSeasons()).find((s) => s.id === id);
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
        const overall = rows.find((p) => p.row.position === 1);
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
