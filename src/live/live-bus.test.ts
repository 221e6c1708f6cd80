// The live bus contract, run against the memory bus and NATS JetStream (a stream of the suite's
// own; skipped with a message when NATS is absent, a failure when it is required: CI).
import { afterAll, describe, expect, it } from "vitest";
import { MemoryLiveBus } from "./live-bus.js";
import type { LiveBus, LiveMessage } from "./live-bus.js";
import { subjectToken } from "./nats-live-bus.js";
import type { NatsLiveBus } from "./nats-live-bus.js";
import {
  NATS_REQUIRED,
  natsAbsentMessage,
  natsTestBus,
  natsUnreachable,
  testStream,
  testUpdate,
} from "./testing/nats-testing.js";

/** Resolves with the first `n` updates delivered to a follower. */
function collector(n: number): {
  onUpdate: (u: LiveMessage) => void;
  got: Promise<LiveMessage[]>;
  seen: LiveMessage[];
} {
  const seen: LiveMessage[] = [];
  let done: (v: LiveMessage[]) => void = () => {};
  const got = new Promise<LiveMessage[]>((resolve) => (done = resolve));
  return {
    seen,
    got,
    onUpdate: (u) => {
      seen.push(u);
      if (seen.length === n) done(seen.slice());
    },
  };
}

const ids = (us: readonly LiveMessage[]) => us.map((u) => `${u.seasonId}/${u.round}#${u.seq}`);

/** Two handles on the same bus: for NATS, two connections (two nodes); for memory, one. */
function describeLiveBus(
  name: string,
  open: () => Promise<{ a: LiveBus; b: LiveBus }>,
  close: () => Promise<void>,
) {
  describe(`live bus: ${name}`, () => {
    afterAll(close);

    it("delivers a published update to a follower of its round on another node, in order", async () => {
      const { a, b } = await open();
      const c = collector(3);
      const stop = await b.follow({ seasonId: "s-1", round: 1 }, "new", c.onUpdate);
      for (const seq of [1, 2, 3]) await a.publish(testUpdate("s-1", 1, seq));
      await a.publish(testUpdate("s-1", 2, 1)); // another round: not this follower's
      expect(ids(await c.got)).toEqual(["s-1/1#1", "s-1/1#2", "s-1/1#3"]);
      await stop();
    });

    it("starts a follow with the latest update of each round (last), season-wide too", async () => {
      const { a, b } = await open();
      for (const seq of [1, 2]) await a.publish(testUpdate("s-2", 4, seq));
      await a.publish(testUpdate("s-2", 5, 7));
      await a.publish(testUpdate("s-2x", 4, 9)); // another season
      const round = collector(2);
      const stopRound = await b.follow({ seasonId: "s-2", round: 4 }, "last", round.onUpdate);
      const season = collector(3);
      const stopSeason = await b.follow({ seasonId: "s-2", round: null }, "last", season.onUpdate);
      await a.publish(testUpdate("s-2", 4, 3));
      expect(ids(await round.got)).toEqual(["s-2/4#2", "s-2/4#3"]);
      expect(ids(await season.got).sort()).toEqual(["s-2/4#2", "s-2/4#3", "s-2/5#7"]);
      await stopRound();
      await stopSeason();
    });

    it("replays a round's updates after a seq, and gives the latest", async () => {
      const { a, b } = await open();
      for (const seq of [1, 2, 3, 4]) await a.publish(testUpdate("s-3", 2, seq));
      expect(ids(await b.replay("s-3", 2, 2))).toEqual(["s-3/2#3", "s-3/2#4"]);
      expect(ids(await b.replay("s-3", 2, 0))).toHaveLength(4);
      expect(await b.replay("s-3", 2, 4)).toEqual([]);
      expect(await b.replay("s-3", 9, 0)).toEqual([]);
      expect((await b.latest("s-3", 2))?.seq).toBe(4);
      expect(await b.latest("s-3", 9)).toBeNull();
    });

    it("ends a round's live data: followers told, no latest, nothing replayed from before", async () => {
      const { a, b } = await open();
      for (const seq of [1, 2]) await a.publish(testUpdate("s-6", 1, seq));
      const c = collector(2);
      const stop = await b.follow({ seasonId: "s-6", round: null }, "new", c.onUpdate);
      await a.end({ ended: true, seasonId: "s-6", round: 1, raceId: "r1", seq: 2 });
      expect(await b.latest("s-6", 1)).toBeNull();
      expect(await b.replay("s-6", 1, 0)).toEqual([]);
      await a.publish(testUpdate("s-6", 1, 1)); // the next race
      expect((await c.got).map((m) => ("ended" in m ? `end#${m.seq}` : `#${m.seq}`))).toEqual([
        "end#2",
        "#1",
      ]);
      expect(ids(await b.replay("s-6", 1, 0))).toEqual(["s-6/1#1"]);
      await stop();
    });

    it("keeps seasons whose ids have dots or wildcards apart", async () => {
      const { a, b } = await open();
      await a.publish(testUpdate("s.4", 1, 1));
      await a.publish(testUpdate("s*4", 1, 2));
      expect(ids(await b.replay("s.4", 1, 0))).toEqual(["s.4/1#1"]);
      expect(ids(await b.replay("s*4", 1, 0))).toEqual(["s*4/1#2"]);
    });

    it("carries an update whole, larger than 8 KB", async () => {
      const { a, b } = await open();
      const team = "Équipe «x» ".repeat(2000);
      await a.publish(testUpdate("s-5", 1, 1, { standings: [], cars: [], raceId: team }));
      expect((await b.latest("s-5", 1))?.raceId).toBe(team);
    });
  });
}

describe("the memory bus's retention", () => {
  it("keeps 100 updates per round by default (docs/live.md: about as many as a hub keeps)", async () => {
    const bus = new MemoryLiveBus();
    for (let seq = 1; seq <= 150; seq++) await bus.publish(testUpdate("s", 1, seq));
    const kept = await bus.replay("s", 1, 0);
    expect(kept).toHaveLength(100);
    expect(kept[0]?.seq).toBe(51);
  });

  it("drops the oldest updates past the count and the age limits", async () => {
    let now = 0;
    const bus = new MemoryLiveBus({ maxPerRound: 3, maxAgeMs: 1000 }, () => now);
    for (const seq of [1, 2, 3, 4]) await bus.publish(testUpdate("s", 1, seq));
    expect(ids(await bus.replay("s", 1, 0))).toEqual(["s/1#2", "s/1#3", "s/1#4"]);
    now = 1001;
    expect(await bus.replay("s", 1, 0)).toEqual([]);
    expect(await bus.latest("s", 1)).toBeNull();
  });
});

describe.each([
  ["alms-2003", "alms-2003"],
  ["s.1", "s~2e1"],
  ["a*b>c d", "a~2ab~3ec~20d"],
  ["é", "~c3~a9"],
])("subjectToken(%s)", (id, token) => {
  it(`is ${token}`, () => expect(subjectToken(id)).toBe(token));
});

{
  const bus = new MemoryLiveBus();
  describeLiveBus(
    "memory",
    () => Promise.resolve({ a: bus, b: bus }),
    () => bus.close(),
  );
}

const unreachable = await natsUnreachable();
if (unreachable !== undefined && !NATS_REQUIRED) console.warn(natsAbsentMessage(unreachable));
describe.runIf(unreachable !== undefined && NATS_REQUIRED)("NATS is required", () => {
  it("can be reached", () => expect.fail(`NATS must be reachable (CI): ${unreachable}`));
});
if (unreachable === undefined) {
  const names = testStream();
  let opened: { a: NatsLiveBus; b: NatsLiveBus } | undefined;
  describeLiveBus(
    "NATS JetStream",
    async () => {
      if (!opened) {
        const a = await natsTestBus(names, "node-a");
        opened = { a, b: await natsTestBus(names, "node-b") };
      }
      return opened;
    },
    async () => {
      if (!opened) return;
      await opened.a.deleteStream();
      await opened.a.close();
      await opened.b.close();
    },
  );
}
