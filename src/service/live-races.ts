// Races running now: per season and round, the live state fed by timing lines (in memory only),
// and after each post the whole provisional picture as a LiveUpdate, handed to `publish` (the
// broker between nodes, then the viewers). Nothing live is ever written to the store: a race's
// official classification comes by import and replaces the live data, and a race whose results
// are already official refuses live data (RaceOfficialError).
import { LiveRace, liveCars } from "../core/live/live-race.js";
import type { ApplyReport } from "../core/live/live-race.js";
import type { LiveLap, LiveUpdate } from "../core/live/live-types.js";
import {
  isOfficial,
  provisionalBase,
  provisionalPicture,
} from "../core/live/provisional-standings.js";
import type { ProvisionalBase } from "../core/live/provisional-standings.js";
import type { PointsRules } from "../core/points-rules.js";
import type { Season } from "../core/season.js";
import { NotFoundError, ProblemsError } from "./service-errors.js";

/** The race's results are official: live timing may no longer change anything (HTTP 409). */
export class RaceOfficialError extends Error {
  readonly code = "RACE_OFFICIAL";
  constructor(message: string) {
    super(message);
    this.name = "RaceOfficialError";
  }
}

/** Where live races find their season: SeasonService.season() fits. */
export interface LiveSeasonSource {
  season(id: string): Promise<
    | {
        readonly season: Season;
        readonly rules: PointsRules;
        readonly summary: { readonly version: string };
      }
    | undefined
  >;
}

export interface LiveRacesOptions {
  /** Called with every update, in order per race (the broker); awaited before post returns. */
  readonly publish?: (update: LiveUpdate) => void | Promise<void>;
  /**
   * The last seq the broker holds for a round (0: none). A race started anew on this node (after
   * a restart, or on another node) goes on from it, so viewers' Last-Event-ID stays meaningful.
   */
  readonly lastSeq?: (seasonId: string, round: number) => Promise<number>;
  /**
   * Called when a race's live data ends (endRace, or a post refused because the results are
   * official) with the last seq published: the broker tells viewers to hide it.
   */
  readonly ended?: (end: LiveEnded) => void | Promise<void>;
  /** A clock in ms for computeMs (default performance.now). */
  readonly clock?: () => number;
}

/** The end of a round's live data, as the broker carries it. */
export interface LiveEnded {
  readonly ended: true;
  readonly seasonId: string;
  readonly round: number;
  readonly raceId: string | null;
  readonly seq: number;
}

interface Running {
  readonly version: string;
  readonly base: ProvisionalBase;
  readonly race: LiveRace;
  /** The Al Kamel header sent with an earlier chunk, for chunks sent without one. */
  header: readonly string[] | null;
  latest: LiveUpdate | null;
  seq: number;
}

/**
 * What a post brings: timing lines, or a reader of an Al Kamel chunk, called in the race's turn
 * (after every earlier post of the race) with the header an earlier chunk sent (null: none), so
 * a chunk without a header sent right after the first post still finds it. A reader throws to
 * refuse the chunk (the post then fails with its error).
 */
export type LiveChunk =
  | readonly LiveLap[]
  | ((header: readonly string[] | null) => {
      readonly laps: readonly LiveLap[];
      readonly header?: readonly string[] | undefined;
    });

export interface PostResult {
  readonly update: LiveUpdate;
  readonly applied: ApplyReport;
}

const keyOf = (seasonId: string, round: number) => `${seasonId}\u0000${round}`;

export class LiveRaces {
  private readonly running = new Map<string, Running>();
  /** One post at a time per race, so updates leave in seq order. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly seasons: LiveSeasonSource,
    private readonly options: LiveRacesOptions = {},
  ) {}

  /**
   * Applies timing lines to the round's race (starting it on the first post), computes the
   * provisional picture and publishes it. NotFoundError for an unknown season or round,
   * RaceOfficialError when the race's results are official, ProblemsError when the picture
   * cannot be made (each problem with its field). Posts of a race run one at a time, in the
   * order they came.
   */
  post(
    seasonId: string,
    round: number,
    chunk: LiveChunk,
    options: { readonly header?: readonly string[] } = {},
  ): Promise<PostResult> {
    const key = keyOf(seasonId, round);
    const now = () => {
      if (typeof chunk !== "function")
        return this.postNow(key, seasonId, round, chunk, options.header);
      const read = chunk(this.header(seasonId, round));
      return this.postNow(key, seasonId, round, read.laps, read.header ?? options.header);
    };
    const run = (this.queues.get(key) ?? Promise.resolve()).then(now, now);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private async postNow(
    key: string,
    seasonId: string,
    round: number,
    laps: readonly LiveLap[],
    header: readonly string[] | undefined,
  ): Promise<PostResult> {
    const view = await this.seasons.season(seasonId);
    if (!view) throw new NotFoundError(`There is no season "${seasonId}".`);
    const clock = this.options.clock ?? (() => performance.now());
    const start = clock();
    let state = this.running.get(key);
    if (!state || state.version !== view.summary.version) {
      const base = provisionalBase(view.season, view.rules, round);
      if (!base.ok) throw new NotFoundError(base.error.map((p) => p.message).join("; "));
      const race = new LiveRace(base.value.entries);
      // The season changed mid-race (an entry added, say): the laps held are read again; unless
      // the round's live race is another one now (the sprint's results went official).
      if (state && state.base.race.id === base.value.race.id) race.apply(state.race.laps());
      state = {
        version: view.summary.version,
        base: base.value,
        race,
        header: state?.header ?? null,
        latest: state?.latest ?? null,
        seq: state?.seq ?? (await this.options.lastSeq?.(seasonId, round)) ?? 0,
      };
    }
    const raceId = state.base.race.id;
    if (isOfficial(view.season, raceId)) {
      this.running.delete(key);
      throw new RaceOfficialError(
        `The results of round ${round} (${raceId}) of ${seasonId} are official: live timing is closed for it.`,
      );
    }
    this.running.set(key, state);
    if (header) state.header = header;
    const applied = state.race.apply(laps);
    const order = state.race.summaries();
    const picture = provisionalPicture(state.base, order);
    if (!picture.ok) throw new ProblemsError("The live order could not be scored.", picture.error);
    state.seq++;
    const update: LiveUpdate = {
      seasonId,
      round,
      raceId,
      seq: state.seq,
      provisional: true,
      leaderLaps: order[0]?.laps ?? 0,
      cars: liveCars(order),
      racePoints: picture.value.racePoints,
      standings: picture.value.standings,
      computeMs: Math.round((clock() - start) * 1000) / 1000,
    };
    state.latest = update;
    await this.options.publish?.(update);
    return { update, applied };
  }

  /** The header an earlier Al Kamel chunk of this race sent, if any. */
  header(seasonId: string, round: number): readonly string[] | null {
    return this.running.get(keyOf(seasonId, round))?.header ?? null;
  }

  /** The latest update of a race running here, or undefined. */
  latest(seasonId: string, round: number): LiveUpdate | undefined {
    return this.running.get(keyOf(seasonId, round))?.latest ?? undefined;
  }

  /** Ends a race's live data (the chequered flag, or a mistaken feed); false if none was held. */
  end(seasonId: string, round: number): boolean {
    return this.running.delete(keyOf(seasonId, round));
  }

  /** end(), then tells viewers (the `ended` hook) once the race is over here; false as end(). */
  async endRace(seasonId: string, round: number): Promise<boolean> {
    const held = this.running.get(keyOf(seasonId, round));
    if (!held || !this.end(seasonId, round)) return false;
    const raceId = held.latest?.raceId ?? held.base.race.id;
    await this.options.ended?.({ ended: true, seasonId, round, raceId, seq: held.seq });
    return true;
  }

  /** The races running here: season id and round. */
  races(): { seasonId: string; round: number }[] {
    return [...this.running.values()].flatMap((s) =>
      s.latest ? [{ seasonId: s.latest.seasonId, round: s.latest.round }] : [],
    );
  }
}
