// The live bus over NATS JetStream, for several nodes: every update is published once to the
// subject paddock.live.<season>.<round> of a stream that keeps it (limits on age, count per round
// and size), so a node that starts mid-race, or a viewer reconnecting to another node with
// Last-Event-ID, gets back what it missed. Each node follows a round with one ordered push
// consumer, however many viewers it serves (live-hub.ts fans out). docs/live.md says why NATS.
import {
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import type { JetStreamClient, JetStreamManager, StreamConfig } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/transport-node";
import type { LiveUpdate } from "../core/live/live-types.js";
import { DEFAULT_RETENTION, LiveFeedElsewhereError, closedSignal, isEnd } from "./live-bus.js";
import type {
  FollowFrom,
  LiveBus,
  LiveEnd,
  LiveMessage,
  LiveRetention,
  LiveTopic,
  StopFollowing,
} from "./live-bus.js";

export interface NatsLiveBusOptions {
  /** NATS server URL(s), e.g. nats://127.0.0.1:4222. */
  readonly servers: string | readonly string[];
  /** This node's name, shown in the server's connection list. */
  readonly name?: string;
  /** JetStream stream name (tests use their own). Default PADDOCK_LIVE. */
  readonly stream?: string;
  /** Subject prefix (tests use their own). Default paddock.live. */
  readonly subjectPrefix?: string;
  readonly retention?: LiveRetention;
  /** Size limit of the whole stream in bytes (oldest dropped first). Default 1 GiB. */
  readonly maxBytes?: number;
}

const nanos = (ms: number): number => ms * 1_000_000;

/**
 * A season id as one subject token: letters, digits, '-' and '_' as they are; anything else
 * (dots and wildcards included, which NATS reads as separators) as ~XX per UTF-8 byte.
 */
export function subjectToken(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((b) =>
      /[A-Za-z0-9_-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `~${b.toString(16).padStart(2, "0")}`,
    )
    .join("");
}

export class NatsLiveBus implements LiveBus {
  readonly kind = "nats";
  private readonly signal = closedSignal();
  readonly closed = this.signal.closed;
  private readonly stream: string;
  private readonly prefix: string;
  private readonly follows = new Set<StopFollowing>();
  /** The stream sequence of this node's last publish per subject (the single-writer check). */
  private readonly published = new Map<string, number>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    options: NatsLiveBusOptions,
  ) {
    this.stream = options.stream ?? "PADDOCK_LIVE";
    this.prefix = options.subjectPrefix ?? "paddock.live";
  }

  /** Connects and creates (or updates) the stream. Throws when NATS cannot be reached. */
  static async connect(options: NatsLiveBusOptions): Promise<NatsLiveBus> {
    const nc = await connect({
      servers: typeof options.servers === "string" ? options.servers : [...options.servers],
      name: options.name ?? "paddock",
      maxReconnectAttempts: -1,
    });
    try {
      const jsm = await jetstreamManager(nc);
      const bus = new NatsLiveBus(nc, jetstream(nc), jsm, options);
      const retention = options.retention ?? DEFAULT_RETENTION;
      const config: Partial<StreamConfig> & { name: string } = {
        name: bus.stream,
        subjects: [`${bus.prefix}.>`],
        max_age: nanos(retention.maxAgeMs),
        max_msgs_per_subject: retention.maxPerRound,
        max_bytes: options.maxBytes ?? 1024 ** 3,
        allow_direct: true,
      };
      const exists = await jsm.streams.info(bus.stream).then(
        () => true,
        () => false,
      );
      if (exists) await jsm.streams.update(bus.stream, config);
      else await jsm.streams.add(config);
      return bus;
    } catch (e) {
      await nc.close();
      throw e;
    }
  }

  private subject(seasonId: string, round: number | null): string {
    return `${this.prefix}.${subjectToken(seasonId)}.${round === null ? "*" : String(round)}`;
  }

  /**
   * One writer per round: once this node has published to a round, each next publish expects the
   * subject's last message to be its own; another node's in between (the feed sent to two
   * nodes) makes it fail with LiveFeedElsewhereError instead of interleaving two races' seqs.
   * This node then refuses the round's feed until the race is ended (DELETE …/live).
   */
  private async send(message: LiveMessage): Promise<void> {
    // No Nats-Msg-Id de-duplication: a feed that starts a race again starts its seq again too,
    // and those updates are new ones, not repeats.
    const subject = this.subject(message.seasonId, message.round);
    const last = this.published.get(subject);
    try {
      const ack = await this.js.publish(
        subject,
        JSON.stringify(message),
        last === undefined ? {} : { expect: { lastSubjectSequence: last } },
      );
      this.published.set(subject, ack.seq);
    } catch (e) {
      if (e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamWrongLastSequence)
        throw new LiveFeedElsewhereError(
          `Another node published live data for round ${message.round} of ${message.seasonId} since this one did: send the feed to one node only.`,
        );
      throw e;
    }
  }

  publish(update: LiveUpdate): Promise<void> {
    return this.send(update);
  }

  /** Ends the round's live data whoever published it; the next race may start on any node. */
  async end(end: LiveEnd): Promise<void> {
    this.published.delete(this.subject(end.seasonId, end.round));
    await this.send(end);
    this.published.delete(this.subject(end.seasonId, end.round));
  }

  async follow(
    topic: LiveTopic,
    from: FollowFrom,
    onMessage: (m: LiveMessage) => void,
  ): Promise<StopFollowing> {
    // An ordered push consumer: the server pushes as soon as a message is stored, in order, and
    // the client recreates it past the last sequence seen should it lose a message.
    const consumer = await this.js.consumers.getPushConsumer(this.stream, {
      filter_subjects: this.subject(topic.seasonId, topic.round),
      deliver_policy: from === "last" ? DeliverPolicy.LastPerSubject : DeliverPolicy.New,
    });
    const messages = await consumer.consume({
      callback: (m) => onMessage(m.json<LiveMessage>()),
    });
    const stop: StopFollowing = async () => {
      this.follows.delete(stop);
      await messages.close();
    };
    this.follows.add(stop);
    return stop;
  }

  async replay(seasonId: string, round: number, afterSeq: number): Promise<LiveUpdate[]> {
    const subject = this.subject(seasonId, round);
    const last = await this.jsm.streams.getMessage(this.stream, { last_by_subj: subject });
    if (last === null) return [];
    const consumer = await this.js.consumers.get(this.stream, {
      filter_subjects: subject,
      deliver_policy: DeliverPolicy.All,
    });
    // The subject keeps at most retention.maxPerRound messages: that many are read at most.
    let out: LiveUpdate[] = [];
    const messages = await consumer.consume({ max_messages: 128 });
    for await (const m of messages) {
      const message = m.json<LiveMessage>();
      if (isEnd(message)) out = [];
      else if (message.seq > afterSeq) out.push(message);
      if (m.seq >= last.seq) break;
    }
    await messages.close();
    return out;
  }

  async latest(seasonId: string, round: number): Promise<LiveUpdate | null> {
    const last = await this.jsm.streams.getMessage(this.stream, {
      last_by_subj: this.subject(seasonId, round),
    });
    const message = last === null ? null : last.json<LiveMessage>();
    return message === null || isEnd(message) ? null : message;
  }

  /** Forgets every retained update of a season (tests and the bench clean up after them). */
  async purge(seasonId: string): Promise<void> {
    await this.jsm.streams.purge(this.stream, { filter: this.subject(seasonId, null) });
  }

  /** Removes the stream (tests). */
  async deleteStream(): Promise<void> {
    await this.jsm.streams.delete(this.stream);
  }

  async close(): Promise<void> {
    this.signal.markClosed();
    await Promise.all([...this.follows].map((stop) => stop()));
    await this.nc.drain();
  }
}
