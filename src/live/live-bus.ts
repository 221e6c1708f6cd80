// The bus that carries live updates between nodes: a feed posted to one node is published once,
// and every node (its own included) follows the races its viewers watch. Two implementations: the
// memory bus below (one node, no broker) and NATS JetStream (nats-live-bus.ts, several nodes).
import type { LiveUpdate } from "../core/live/live-types.js";

/** What a viewer follows: one round of a season, or every round of a season (round null). */
export interface LiveTopic {
  readonly seasonId: string;
  readonly round: number | null;
}

/**
 * Where a follow starts: `last` delivers the latest retained update of each round the topic
 * covers, then every later one; `new` only updates published after the follow started.
 */
export type FollowFrom = "last" | "new";

/**
 * The end of a round's live data (DELETE …/live, or the race's official results): viewers hide
 * what they showed. `seq` is the last update's seq of the race that ended (0 when none is known).
 */
export interface LiveEnd {
  readonly ended: true;
  readonly seasonId: string;
  readonly round: number;
  readonly raceId: string | null;
  readonly seq: number;
}

/** What the bus carries: the whole provisional picture, or the end of a round's live data. */
export type LiveMessage = LiveUpdate | LiveEnd;

export const isEnd = (m: LiveMessage): m is LiveEnd => "ended" in m && m.ended;

/** Another node publishes this round's live data: the feed must go to one node (HTTP 409). */
export class LiveFeedElsewhereError extends Error {
  readonly code = "LIVE_FEED_ELSEWHERE";
  constructor(message: string) {
    super(message);
    this.name = "LiveFeedElsewhereError";
  }
}

/** Stops a follow; resolves once no more updates are delivered. */
export type StopFollowing = () => Promise<void>;

export interface LiveBus {
  /** "memory" or "nats", for logs and /healthz. */
  readonly kind: string;
  /** Retains the update and delivers it to every follower of its round, on every node. */
  publish(update: LiveUpdate): Promise<void>;
  /** Publishes the end of a round's live data: latest() is null after it, followers get it. */
  end(end: LiveEnd): Promise<void>;
  /**
   * Delivers the topic's messages in publication order (per round, seq ascending) until stopped.
   * Resolves once the follow is in place: nothing published after that is missed.
   */
  follow(
    topic: LiveTopic,
    from: FollowFrom,
    onMessage: (m: LiveMessage) => void,
  ): Promise<StopFollowing>;
  /**
   * The retained updates of a round with seq > afterSeq since its last end, oldest first, as far
   * as the latest one published before the call (for Last-Event-ID). Reads at most the retained
   * count per round (LiveRetention.maxPerRound): callers ask only for small gaps.
   */
  replay(seasonId: string, round: number, afterSeq: number): Promise<LiveUpdate[]>;
  /** The latest retained update of a round, or null when there is none or the round ended. */
  latest(seasonId: string, round: number): Promise<LiveUpdate | null>;
  /** Stops every follow; viewers' streams end (server shutdown). */
  close(): Promise<void>;
  /** Resolves when close() is called: open streams end then. */
  readonly closed: Promise<void>;
}

/** The closed promise of a bus, and the function that resolves it. */
export function closedSignal(): { closed: Promise<void>; markClosed: () => void } {
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  return { closed, markClosed };
}

/** Retention, the same for both buses: what a reconnecting viewer can still get back. */
export interface LiveRetention {
  /** Updates kept per round (oldest dropped first). */
  readonly maxPerRound: number;
  /** How long an update is kept, in ms. */
  readonly maxAgeMs: number;
}

/**
 * Each update is the whole picture, so a viewer that missed many needs only the latest: a round
 * keeps about as many as a node's hub keeps in memory (LiveHub recentFrames), ~30 KB each.
 */
export const DEFAULT_RETENTION: LiveRetention = {
  maxPerRound: 100,
  maxAgeMs: 24 * 3600_000,
};

const roundKey = (seasonId: string, round: number): string => `${seasonId}\u0000${round}`;

const covers = (topic: LiveTopic, u: { seasonId: string; round: number }): boolean =>
  topic.seasonId === u.seasonId && (topic.round === null || topic.round === u.round);

/** One node's bus: updates live in this process only. `now` is injectable for retention tests. */
export class MemoryLiveBus implements LiveBus {
  readonly kind = "memory";
  private readonly signal = closedSignal();
  readonly closed = this.signal.closed;
  private readonly logs = new Map<string, { at: number; message: LiveMessage }[]>();
  private readonly followers = new Set<{
    topic: LiveTopic;
    onMessage: (m: LiveMessage) => void;
  }>();

  constructor(
    private readonly retention: LiveRetention = DEFAULT_RETENTION,
    private readonly now: () => number = Date.now,
  ) {}

  private retained(seasonId: string, round: number): LiveMessage[] {
    const log = this.logs.get(roundKey(seasonId, round));
    if (!log) return [];
    const oldest = this.now() - this.retention.maxAgeMs;
    while (log.length > 0 && log[0]!.at < oldest) log.shift();
    return log.map((e) => e.message);
  }

  /** The retained updates of a round since its last end. */
  private current(seasonId: string, round: number): LiveUpdate[] {
    const log = this.retained(seasonId, round);
    const from = log.findLastIndex(isEnd) + 1;
    return log.slice(from) as LiveUpdate[];
  }

  publish(update: LiveMessage): Promise<void> {
    const key = roundKey(update.seasonId, update.round);
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    log.push({ at: this.now(), message: update });
    if (log.length > this.retention.maxPerRound)
      log.splice(0, log.length - this.retention.maxPerRound);
    for (const f of [...this.followers]) if (covers(f.topic, update)) f.onMessage(update);
    return Promise.resolve();
  }

  end(end: LiveEnd): Promise<void> {
    return this.publish(end);
  }

  follow(
    topic: LiveTopic,
    from: FollowFrom,
    onMessage: (m: LiveMessage) => void,
  ): Promise<StopFollowing> {
    if (from === "last")
      for (const key of this.logs.keys()) {
        const [seasonId, round] = key.split("\u0000") as [string, string];
        if (!covers(topic, { seasonId, round: Number(round) })) continue;
        const last = this.retained(seasonId, Number(round)).at(-1);
        if (last) onMessage(last);
      }
    const follower = { topic, onMessage };
    this.followers.add(follower);
    return Promise.resolve(() => {
      this.followers.delete(follower);
      return Promise.resolve();
    });
  }

  replay(seasonId: string, round: number, afterSeq: number): Promise<LiveUpdate[]> {
    return Promise.resolve(this.current(seasonId, round).filter((u) => u.seq > afterSeq));
  }

  latest(seasonId: string, round: number): Promise<LiveUpdate | null> {
    const last = this.retained(seasonId, round).at(-1);
    return Promise.resolve(last === undefined || isEnd(last) ? null : last);
  }

  close(): Promise<void> {
    this.signal.markClosed();
    this.followers.clear();
    return Promise.resolve();
  }
}
