// One node's fan-out of live updates to its viewers: one bus follow per round (and per season)
// watched on this node, however many viewers watch it. Each update is encoded as an SSE frame
// once (in the viewer form; whole too, once, if a ?view=full viewer wants it) and the same bytes
// go to every viewer. A new viewer gets the latest update; one that names
// the last update it saw (Last-Event-ID) gets what it missed when that is a few updates (from the
// round's recent frames kept here, or from the bus), else only the latest (each update is the
// whole picture); then live frames, in seq order, none twice.
import type { LiveUpdate } from "../core/live/live-types.js";
import { viewerUpdate } from "../core/live/viewer-update.js";
import type { LiveView } from "../core/live/viewer-update.js";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { isEnd } from "./live-bus.js";
import type { LiveBus, LiveEnd, LiveMessage, StopFollowing } from "./live-bus.js";

/**
 * A message as it goes out: its SSE frame encoded once for every viewer of this node, in the
 * viewer form (viewer-update.ts, the default) and, on first use by a `?view=full` viewer, whole.
 */
export interface LiveFrame {
  readonly update: LiveMessage;
  /** The frame in the viewer form (for `ended`: the only form). */
  readonly bytes: Uint8Array;
  /** The frame with the whole LiveUpdate (`?view=full`), encoded once on first use. */
  full(): Uint8Array;
}

/** The frame's bytes for a viewer of `view`. */
export const frameBytes = (frame: LiveFrame, view: LiveView): Uint8Array =>
  view === "full" ? frame.full() : frame.bytes;

function updateFrame(update: LiveUpdate, id: string): LiveFrame {
  // JSON.stringify never writes a raw line break, so the data is one SSE line.
  const encode = (data: unknown) =>
    Buffer.from(`id: ${id}\nevent: update\ndata: ${JSON.stringify(data)}\n\n`, "utf8");
  let full: Uint8Array | undefined;
  return { update, bytes: encode(viewerUpdate(update)), full: () => (full ??= encode(update)) };
}

/** The SSE frame of an update of a round stream: `id` is the update's seq. */
export function roundFrame(update: LiveUpdate): LiveFrame {
  return updateFrame(update, String(update.seq));
}

/** The SSE frame of a season stream: `id` is round.seq (informative; not replayed from). */
export function seasonFrame(update: LiveUpdate): LiveFrame {
  return updateFrame(update, `${update.round}.${update.seq}`);
}

/** `event: ended`: the round's live data ended (viewers hide it); data names the round. */
export function endFrame(end: LiveEnd, season: boolean): LiveFrame {
  const data = JSON.stringify({ seasonId: end.seasonId, round: end.round, raceId: end.raceId });
  const id = season ? `${end.round}.${end.seq}` : String(end.seq);
  const bytes = Buffer.from(`id: ${id}\nevent: ended\ndata: ${data}\n\n`, "utf8");
  return { update: end, bytes, full: () => bytes };
}

export interface LiveHubOptions {
  /**
   * Recent frames kept per round for reconnecting viewers, default 100 (~30 KB each). A viewer
   * that missed more than this many gets only the latest update.
   */
  readonly recentFrames?: number;
  /** How long a round's follow is kept after its last viewer leaves, in ms. */
  readonly lingerMs?: number;
  /**
   * Told, for each round update this node fans out, when it arrived and what it cost (the
   * bench's breakdown of the delay). Default: with PADDOCK_LIVE_TRACE=1, a JSON line on stderr.
   */
  readonly trace?: (t: LiveFanOutTrace) => void;
}

/** One round update's way through a node (times in ms; `at*` on the wall clock, fractional). */
export interface LiveFanOutTrace {
  readonly seq: number;
  /** When the bus delivered it (performance.timeOrigin + performance.now()). */
  readonly atArrival: number;
  /** Encoding its frame (the viewer form; the full one is encoded on first use). */
  readonly encodeMs: number;
  /** Writing it to every live viewer's socket. */
  readonly writeMs: number;
  readonly viewers: number;
  /** The event loop's delay since the last trace (p99 and max, ms): what held every callback up. */
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
}

function stderrTrace(): ((t: LiveFanOutTrace) => void) | undefined {
  if (process.env.PADDOCK_LIVE_TRACE !== "1") return undefined;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  return (t) => {
    const line = {
      ...t,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    };
    loop.reset();
    process.stderr.write(`${JSON.stringify({ liveTrace: line })}\n`);
  };
}

interface Viewer {
  lastSeq: number;
  /** The race lastSeq counts in (a round's next race starts at seq 1 again). */
  raceId: string | null;
  /** Frames that arrived while the viewer was catching up; null once it is live. */
  pending: LiveFrame[] | null;
  readonly send: (frame: LiveFrame) => void;
}

interface Channel {
  readonly following: Promise<StopFollowing>;
  readonly viewers: Set<Viewer>;
  /** Round channels: the recent frames of the race now running, seq ascending. */
  readonly recent: LiveFrame[];
  /** Season channels: the latest frame of each round. */
  readonly latest: Map<number, LiveFrame>;
  /** Replays from the bus under way, by afterSeq: viewers reconnecting together share one. */
  readonly replays: Map<number, Promise<LiveUpdate[]>>;
  linger: NodeJS.Timeout | undefined;
}

export class LiveHub {
  private readonly channels = new Map<string, Channel>();
  private readonly recentFrames: number;
  private readonly lingerMs: number;
  private readonly trace: ((t: LiveFanOutTrace) => void) | undefined;

  constructor(
    readonly bus: LiveBus,
    options: LiveHubOptions = {},
  ) {
    this.recentFrames = options.recentFrames ?? 100;
    this.lingerMs = options.lingerMs ?? 30_000;
    this.trace = options.trace ?? stderrTrace();
  }

  /** Rounds and seasons followed, and viewers connected, on this node. */
  stats(): { channels: number; viewers: number } {
    let viewers = 0;
    for (const c of this.channels.values()) viewers += c.viewers.size;
    return { channels: this.channels.size, viewers };
  }

  private channel(
    key: string,
    open: (deliver: (m: LiveMessage) => void) => Promise<StopFollowing>,
    round: boolean,
  ): Channel {
    const existing = this.channels.get(key);
    if (existing) {
      clearTimeout(existing.linger);
      existing.linger = undefined;
      return existing;
    }
    const channel: Channel = {
      viewers: new Set(),
      recent: [],
      latest: new Map(),
      replays: new Map(),
      linger: undefined,
      following: Promise.resolve(() => Promise.resolve()),
    };
    const deliver = (update: LiveMessage) => {
      const t0 = this.trace ? performance.now() : 0;
      let frame: LiveFrame;
      if (isEnd(update)) {
        // Told only to viewers that may have seen the round live (not on a follow's start).
        if (round) {
          if (channel.recent.length === 0) return;
          channel.recent.length = 0;
        } else if (!channel.latest.delete(update.round)) return;
        frame = endFrame(update, !round);
      } else if (round) {
        const last = channel.recent.at(-1)?.update;
        // A new race of the round starts its seq again: what was kept is of the race before.
        // So does a race whose feed starts again (seq 1 after later ones).
        if (last && (last.raceId !== update.raceId || (update.seq === 1 && last.seq > 1)))
          channel.recent.length = 0;
        else if (last && update.seq <= last.seq) return; // delivered already
        frame = roundFrame(update);
        channel.recent.push(frame);
        if (channel.recent.length > this.recentFrames) channel.recent.shift();
        if (this.trace) {
          const t1 = performance.now();
          for (const viewer of channel.viewers) offer(viewer, frame);
          this.trace({
            seq: update.seq,
            atArrival: performance.timeOrigin + t0,
            encodeMs: t1 - t0,
            writeMs: performance.now() - t1,
            viewers: channel.viewers.size,
            loopP99Ms: 0,
            loopMaxMs: 0,
          });
          return;
        }
      } else {
        const last = channel.latest.get(update.round)?.update;
        if (last && last.raceId === update.raceId && update.seq <= last.seq) return;
        frame = seasonFrame(update);
        channel.latest.set(update.round, frame);
      }
      for (const viewer of channel.viewers)
        if (round) offer(viewer, frame);
        else viewer.send(frame);
    };
    (channel as { following: Promise<StopFollowing> }).following = open(deliver);
    this.channels.set(key, channel);
    channel.following.catch(() => this.channels.delete(key));
    return channel;
  }

  private leave(key: string, channel: Channel, viewer: Viewer): void {
    channel.viewers.delete(viewer);
    if (channel.viewers.size > 0 || channel.linger !== undefined) return;
    channel.linger = setTimeout(() => {
      if (channel.viewers.size > 0 || this.channels.get(key) !== channel) return;
      this.channels.delete(key);
      void channel.following.then((stop) => stop()).catch(() => {});
    }, this.lingerMs);
    channel.linger.unref();
  }

  /**
   * Sends a round's updates to `send`: with `afterSeq` null, the latest update then each later
   * one; with a seq (Last-Event-ID), the ones after it when they are at most `recentFrames`, else
   * the latest; a seq above the latest (the feed started again since) gets the latest too.
   * Returns the function that stops.
   */
  async watchRound(
    seasonId: string,
    round: number,
    afterSeq: number | null,
    send: (frame: LiveFrame) => void,
  ): Promise<() => void> {
    const key = `round\u0000${seasonId}\u0000${round}`;
    const channel = this.channel(
      key,
      (deliver) => this.bus.follow({ seasonId, round }, "last", deliver),
      true,
    );
    const viewer: Viewer = { lastSeq: -1, raceId: null, pending: [], send };
    channel.viewers.add(viewer);
    const stop = () => this.leave(key, channel, viewer);
    try {
      await channel.following;
      const { at, frames } = await this.catchUp(channel, seasonId, round, afterSeq);
      // Catch-up frames are of one race, ascending, ending with the latest: sent as they are.
      viewer.raceId = at?.raceId ?? null;
      viewer.lastSeq = at?.seq ?? -1;
      for (const frame of frames) viewer.send(frame);
      const pending = viewer.pending ?? [];
      viewer.pending = null;
      for (const frame of pending) offerNow(viewer, frame);
    } catch (e) {
      stop();
      throw e;
    }
    return stop;
  }

  /** What a viewer joining after `afterSeq` (null: a new viewer) is sent before live frames. */
  private async catchUp(
    channel: Channel,
    seasonId: string,
    round: number,
    afterSeq: number | null,
  ): Promise<{ at: LiveUpdate | null; frames: LiveFrame[] }> {
    const latest = channel.recent.at(-1) ?? (await this.latestFrame(seasonId, round));
    if (!latest || isEnd(latest.update)) return { at: null, frames: [] };
    const at = latest.update;
    // No id, an id of a run before this one (seq above the latest), or a gap so large that
    // replaying it costs more than it gives: the latest update is the whole picture.
    if (afterSeq === null || afterSeq > at.seq || at.seq - afterSeq > this.recentFrames)
      return { at, frames: [latest] };
    if (afterSeq === at.seq) return { at, frames: [] };
    const oldest = channel.recent[0]?.update;
    if (oldest && oldest.raceId === at.raceId && oldest.seq <= afterSeq + 1)
      return { at, frames: channel.recent.filter((f) => f.update.seq > afterSeq) };
    // Not kept here (this node has just started following): from the bus, shared by viewers
    // reconnecting together, and bounded by the bus's retention per round.
    let replay = channel.replays.get(afterSeq);
    if (!replay) {
      replay = this.bus.replay(seasonId, round, afterSeq);
      channel.replays.set(afterSeq, replay);
      const forget = () => channel.replays.delete(afterSeq);
      replay.then(forget, forget);
    }
    let run: LiveUpdate[] = [];
    for (const u of await replay) {
      if (u.raceId !== at.raceId || u.seq > at.seq) continue;
      if (run.length > 0 && u.seq <= run.at(-1)!.seq) run = []; // the feed started again
      run.push(u);
    }
    const frames = run.filter((u) => u.seq > afterSeq && u.seq < at.seq).map(roundFrame);
    return { at, frames: [...frames, latest] };
  }

  private async latestFrame(seasonId: string, round: number): Promise<LiveFrame | undefined> {
    const latest = await this.bus.latest(seasonId, round);
    return latest ? roundFrame(latest) : undefined;
  }

  /**
   * Sends the latest update of each round of a season, then each later one, and `ended` when a
   * round's live data ends; only of the rounds `mayRunLive` accepts (not those whose official
   * results are in: old live data must not stand in for them).
   */
  async watchSeason(
    seasonId: string,
    send: (frame: LiveFrame) => void,
    mayRunLive: (round: number) => boolean = () => true,
  ): Promise<() => void> {
    const key = `season\u0000${seasonId}`;
    const channel = this.channel(
      key,
      (deliver) => this.bus.follow({ seasonId, round: null }, "last", deliver),
      false,
    );
    // Season frames come from several rounds, so no single seq orders them: kept per round.
    const seen = new Map<number, { raceId: string; seq: number }>();
    const viewer: Viewer = {
      lastSeq: Number.NEGATIVE_INFINITY,
      raceId: null,
      pending: null,
      send: (frame) => {
        const u = frame.update;
        if (!mayRunLive(u.round)) return;
        if (isEnd(u)) {
          if (seen.delete(u.round)) send(frame);
          return;
        }
        const last = seen.get(u.round);
        if (last && last.raceId === u.raceId && last.seq >= u.seq) return;
        seen.set(u.round, { raceId: u.raceId, seq: u.seq });
        send(frame);
      },
    };
    channel.viewers.add(viewer);
    const stop = () => this.leave(key, channel, viewer);
    try {
      await channel.following;
    } catch (e) {
      stop();
      throw e;
    }
    for (const frame of channel.latest.values()) viewer.send(frame);
    return stop;
  }

  /** The latest update of a round: from this node's memory when it follows the round. */
  async latest(seasonId: string, round: number): Promise<LiveUpdate | null> {
    const channel = this.channels.get(`round\u0000${seasonId}\u0000${round}`);
    const kept = channel?.recent.at(-1)?.update;
    return kept && !isEnd(kept) ? kept : await this.bus.latest(seasonId, round);
  }

  /** Stops every follow (viewers' streams are ended by their routes). */
  async close(): Promise<void> {
    const channels = [...this.channels.values()];
    this.channels.clear();
    for (const c of channels) clearTimeout(c.linger);
    await Promise.all(channels.map((c) => c.following.then((stop) => stop()).catch(() => {})));
  }
}

/** A live frame to a viewer: kept while it catches up, sent when its seq is new to it. */
function offer(viewer: Viewer, frame: LiveFrame): void {
  if (viewer.pending) viewer.pending.push(frame);
  else offerNow(viewer, frame);
}

/** A live frame: a new race (or the feed started again) resets what the viewer has seen. */
function offerNow(viewer: Viewer, frame: LiveFrame): void {
  const message = frame.update;
  if (isEnd(message)) {
    viewer.raceId = null;
    viewer.lastSeq = -1;
    viewer.send(frame);
    return;
  }
  const { raceId, seq } = message;
  const restarted =
    viewer.raceId !== null && (raceId !== viewer.raceId || (seq === 1 && viewer.lastSeq > 1));
  if (!restarted && seq <= viewer.lastSeq) return;
  viewer.raceId = raceId;
  viewer.lastSeq = seq;
  viewer.send(frame);
}
