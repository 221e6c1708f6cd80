// Two Paddock processes (the dist build) on one PostgreSQL (a database of the test's own) and one
// NATS: a timing feed posted to node A reaches an SSE viewer of node B; then node B dies (SIGKILL)
// mid-race, the viewer reconnects to node A with Last-Event-ID and misses no update. Skipped with
// a message without PostgreSQL or NATS; a failure when they are required (CI).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveUpdate } from "../src/core/live/live-types.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { NatsLiveBus } from "../src/live/nats-live-bus.js";
import {
  NATS_REQUIRED,
  NATS_TEST_URL,
  natsAbsentMessage,
  natsUnreachable,
} from "../src/live/testing/nats-testing.js";
import { readEvents } from "../src/live/testing/sse-reader.js";
import { openStore } from "../src/store/open-store.js";
import { SqlAccountStore } from "../src/store/sql/sql-account-store.js";
import { SqlStore } from "../src/store/sql/sql-store.js";
import {
  POSTGRES_REQUIRED,
  PostgresTestDatabase,
  postgresAbsentMessage,
  postgresUnreachable,
} from "../src/store/sql/testing/postgres-test-database.js";
import { startNodes } from "../scripts/start-nodes.js";
import type { PaddockNode } from "../scripts/start-nodes.js";
import { ROOT, requireBuild } from "./support/paddock-process.js";
import { stewardToken } from "./support/steward-token.js";

const pgMissing = await postgresUnreachable();
const natsMissing = await natsUnreachable();
if (pgMissing !== undefined && !POSTGRES_REQUIRED) console.warn(postgresAbsentMessage(pgMissing));
if (natsMissing !== undefined && !NATS_REQUIRED) console.warn(natsAbsentMessage(natsMissing));
const missing = [pgMissing && `PostgreSQL: ${pgMissing}`, natsMissing && `NATS: ${natsMissing}`]
  .filter(Boolean)
  .join("; ");
const required = POSTGRES_REQUIRED || NATS_REQUIRED;

describe.runIf(missing !== "" && required)("PostgreSQL and NATS are required", () => {
  it("can be reached", () => expect.fail(`the multi-node test needs them (CI): ${missing}`));
});

/** The shared timing file, as the feed posts it: the header, then chunks of lap lines. */
const timing = readFileSync(
  join(ROOT, "fixtures", "timing", "wec-2025-cota-6h-analysis.csv"),
  "utf8",
)
  .split(/\r?\n/)
  .filter((l) => l.trim() !== "");
const [header = "", ...laps] = timing;
const chunk = (i: number) =>
  [...(i === 0 ? [header] : []), ...laps.slice(i * 40, i * 40 + 40)].join("\n");

describe.skipIf(missing !== "")("live updates across nodes (PostgreSQL + NATS)", () => {
  const database = new PostgresTestDatabase();
  // A season id of this run's own: its NATS subjects are this run's only.
  const seasonId = `wec-2025-t${randomBytes(4).toString("hex")}`;
  const ROUND = 6;
  let nodes: PaddockNode[] = [];
  let token = "";

  beforeAll(async () => {
    requireBuild();
    const url = await database.empty();
    const store = await openStore({ kind: "postgres", url });
    if (!(store instanceof SqlStore)) throw new Error("not a SQL store");
    try {
      const read = readSeasonBundle(join(ROOT, "fixtures", "live", "wec-2025-cota"));
      if (!read.ok) throw new Error(JSON.stringify(read.error.slice(0, 3)));
      await store.putSeason(
        { season: { ...read.value.season, id: seasonId }, rulesDocument: read.value.rulesDocument },
        { actor: "test", action: "load-bundle", reason: "", summary: "", expectedVersion: null },
      );
      const accounts = new SqlAccountStore(store.db);
      token = await stewardToken(accounts, "timing", "timing feed");
    } finally {
      await store.close();
    }
    nodes = await startNodes({ count: 2, port: 0, databaseUrl: url, natsUrl: NATS_TEST_URL });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await database.drop();
    const bus = await NatsLiveBus.connect({ servers: NATS_TEST_URL, name: "test-cleanup" });
    await bus.purge(seasonId);
    await bus.close();
  }, 60_000);

  const post = async (node: PaddockNode, i: number): Promise<LiveUpdate> => {
    const res = await fetch(`${node.url}/api/seasons/${seasonId}/rounds/${ROUND}/live`, {
      method: "POST",
      body: chunk(i),
      headers: { "Content-Type": "text/csv", Authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { update: LiveUpdate };
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    return body.update;
  };

  /**
   * A viewer of a node's round stream, of whole updates (?view=full: compared with the posts'
   * answers); `arrived(n)` resolves once it holds n updates.
   */
  const viewer = async (node: PaddockNode, lastEventId?: string) => {
    const path = `/api/seasons/${seasonId}/rounds/${ROUND}/live/stream?view=full`;
    const res = await fetch(`${node.url}${path}`, {
      headers: lastEventId ? { "Last-Event-ID": lastEventId } : {},
    });
    expect(res.status).toBe(200);
    const got: { id: string | undefined; update: LiveUpdate }[] = [];
    const waiting: { n: number; resolve: () => void }[] = [];
    const stream = readEvents(res, (e) => {
      got.push({ id: e.id, update: JSON.parse(e.data) as LiveUpdate });
      for (const w of waiting) if (got.length >= w.n) w.resolve();
    });
    const arrived = (n: number, ms = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (got.length >= n) return resolve();
        waiting.push({ n, resolve });
        setTimeout(() => reject(new Error(`${got.length} updates, not ${n}, in ${ms} ms`)), ms);
      });
    return { got, arrived, stream };
  };

  it("refuses the feed (409) on a node another node has published the round after", async () => {
    const [a, b] = nodes as [PaddockNode, PaddockNode];
    await post(a, 0);
    await post(b, 0); // the same round fed to node B too: B publishes next
    const again = await fetch(`${a.url}/api/seasons/${seasonId}/rounds/${ROUND}/live`, {
      method: "POST",
      body: chunk(1),
      headers: { "Content-Type": "text/csv", Authorization: `Bearer ${token}` },
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe("LIVE_FEED_ELSEWHERE");
    // Ending the race (on the node that holds it) lets the next race start on any node.
    const end = await fetch(`${a.url}/api/seasons/${seasonId}/rounds/${ROUND}/live`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(end.status).toBe(204);
    const bEnd = await fetch(`${b.url}/api/seasons/${seasonId}/rounds/${ROUND}/live`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(bEnd.status).toBe(204);
  }, 60_000);

  it("an update posted to node A reaches a viewer of node B; B dies, A fills the gap", async () => {
    const [a, b] = nodes as [PaddockNode, PaddockNode];
    const onB = await viewer(b);
    const posted = [await post(a, 0)];
    await onB.arrived(1);
    expect(onB.got.map((g) => g.update)).toEqual(posted);
    expect(onB.got[0]?.id).toBe(String(posted[0]?.seq));

    // Node B dies mid-race: its viewer's stream ends.
    await b.kill();
    await onB.stream.done;
    // Two updates while the viewer is away; it comes back to A with the last id it saw.
    posted.push(await post(a, 1), await post(a, 2));
    const onA = await viewer(a, onB.got.at(-1)?.id);
    posted.push(await post(a, 3));
    await onA.arrived(3);
    const seen = [...onB.got, ...onA.got];
    expect(seen.map((g) => g.update.seq)).toEqual(posted.map((u) => u.seq));
    expect(seen.map((g) => g.update)).toEqual(posted);
    await onA.stream.stop();
  }, 60_000);
});
