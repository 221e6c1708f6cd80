// The live part of npm run bench (--live-only): N Paddock nodes (the dist build) on one PostgreSQL
// (a database of the bench's own, dropped at the end) and NATS; thousands of SSE viewers spread
// over nodes B and C (A with --on-a), half connected before the race and half while it runs;
// the shared timing file replayed into node A at 60x, one feed post per tick of the lines crossed
// since the last. Halfway through, the last serving node is killed (SIGKILL, with 3+ nodes): its
// viewers reconnect to the other serving node(s) with Last-Event-ID. Prints the delay from each
// post leaving the bench to each viewer holding the update it made (p50/p99/max; same clock: one
// process), updates missed (each viewer: every update from the first it got to the last
// published), the live core's compute time per update (computeMs), and the memory per viewer
// (RSS of the serving nodes before the viewers, after they connect, and after updates flowed).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { addUser, issueApiToken } from "../src/auth/accounts.js";
import type { LiveUpdate } from "../src/core/live/live-types.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { viewerUpdate } from "../src/core/live/viewer-update.js";
import type { LiveFanOutTrace } from "../src/live/live-hub.js";
import { NatsLiveBus } from "../src/live/nats-live-bus.js";
import { openStore } from "../src/store/open-store.js";
import { SqlAccountStore } from "../src/store/sql/sql-account-store.js";
import { SqlStore } from "../src/store/sql/sql-store.js";
import { DEFAULT_NATS_URL, startNodes } from "../scripts/start-nodes.js";
import type { PaddockNode } from "../scripts/start-nodes.js";
import { renderTable } from "./render-table.js";

export interface LiveBenchSettings {
  readonly clients: number;
  /** Seconds of replay (wall clock); the 6-hour race at 60x is 360 s. */
  readonly durationS: number;
  readonly speed: number;
  /** One feed post per tick, of the laps crossed since the last (a timing system's push). */
  readonly tickMs: number;
  readonly nodes: number;
  /** Viewers on node A (the feed's node) too, not only on the others. */
  readonly onA: boolean;
  readonly postgresAdminUrl: string;
  readonly natsUrl: string;
}

export const DEFAULT_LIVE_SETTINGS: LiveBenchSettings = {
  clients: 5000,
  durationS: 60,
  speed: 60,
  tickMs: 1000,
  nodes: 3,
  onA: false,
  postgresAdminUrl:
    process.env.PADDOCK_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  natsUrl: process.env.PADDOCK_NATS_URL || DEFAULT_NATS_URL,
};

export const LIVE_AIMS = { p99DelayMs: 250, computeMs: 5 } as const;

const ROOT = join(import.meta.dirname, "..", "..");

/** The shared timing file's lap lines in crossing order, with their race time in ms. */
function timingLines(): { header: string; laps: { line: string; elapsedMs: number }[] } {
  const [header = "", ...lines] = readFileSync(
    join(ROOT, "fixtures", "timing", "wec-2025-cota-6h-analysis.csv"),
    "utf8",
  )
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  const elapsedAt = header.split(";").findIndex((h) => h.trim() === "ELAPSED");
  const ms = (text: string) =>
    text.split(":").reduce((total, part) => total * 60 + Number(part), 0) * 1000;
  const laps = lines
    .map((line) => ({ line, elapsedMs: ms(line.split(";")[elapsedAt] ?? "") }))
    .filter((l) => Number.isFinite(l.elapsedMs))
    .sort((a, b) => a.elapsedMs - b.elapsedMs);
  return { header, laps };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** One SSE viewer over a raw HTTP/1.1 connection; reads only each frame's `id:` (the seq). */
class Viewer {
  private carry = Buffer.alloc(0);
  /** The first seq received (a viewer joining mid-race starts with the latest update). */
  firstSeq = 0;
  lastSeq = 0;
  received = 0;
  gaps = 0;
  closed = false;
  reconnects = 0;
  /** Called when the stream drops (its node died): the viewer reconnects elsewhere. */
  onClose: (() => void) | undefined;
  private req: http.ClientRequest | undefined;

  /** `late`: joined mid-race; its first update is catch-up, not a delivery to time. */
  constructor(
    private readonly onSeq: (seq: number, at: number) => void,
    readonly late = false,
  ) {}

  open(url: URL, lastEventId?: number): Promise<void> {
    this.carry = Buffer.alloc(0);
    return new Promise((resolve, reject) => {
      this.req = http.get(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          agent: false,
          headers: lastEventId === undefined ? {} : { "Last-Event-ID": String(lastEventId) },
        },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
          this.closed = false;
          res.on("data", (chunk: Buffer) => this.read(chunk));
          res.on("close", () => {
            this.closed = true;
            this.onClose?.();
          });
          resolve();
        },
      );
      this.req.on("error", reject);
    });
  }

  private static readonly MARK = Buffer.from("\nid: ");

  private seqAt(buf: Buffer, at: number): number | undefined {
    const end = buf.indexOf(10, at + 5);
    if (end < 0) return undefined;
    const n = Number(buf.toString("latin1", at + 5, end));
    return Number.isInteger(n) ? n : undefined;
  }

  private read(chunk: Buffer): void {
    const now = performance.now();
    // A frame's "\nid: N\n" may straddle two chunks: look at the previous chunk's tail too.
    const seams =
      this.carry.length > 0 ? Buffer.concat([this.carry, chunk.subarray(0, 32)]) : undefined;
    for (const buf of seams ? [seams, chunk] : [chunk]) {
      let at = buf.indexOf(Viewer.MARK);
      while (at >= 0) {
        const seq = this.seqAt(buf, at);
        if (seq !== undefined && seq > this.lastSeq) {
          if (this.lastSeq > 0 && seq !== this.lastSeq + 1) this.gaps += seq - this.lastSeq - 1;
          const first = this.firstSeq === 0;
          if (first) this.firstSeq = seq;
          this.lastSeq = seq;
          this.received++;
          if (!(first && this.late)) this.onSeq(seq, now);
        }
        at = buf.indexOf(Viewer.MARK, at + 1);
      }
    }
    this.carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 32)));
  }

  close(): void {
    this.onClose = undefined;
    this.req?.destroy();
  }
}

const PHASES = ["first 3 updates", "viewers joining, 3 s", "node killed, 5 s", "quiet"] as const;
type Phase = (typeof PHASES)[number];
interface Stat {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface LiveBenchReport {
  readonly settings: LiveBenchSettings;
  readonly posts: number;
  readonly lapsPosted: number;
  /** The largest update, whole (GET …/live, ?view=full) and in the streams' viewer form. */
  readonly frameBytes: number;
  readonly viewerBytes: number;
  /** The delay by what was going on, and the nodes' part in it (their traces). */
  readonly phases: readonly {
    phase: Phase;
    updates: number;
    delay: Stat;
    /** From the post leaving the bench to a serving node's bus delivering the update. */
    toNode: Stat;
    encode: Stat;
    /** Writing the frame to every viewer of the node. */
    write: Stat;
    /** The node's event-loop delay (max) in the interval before the update. */
    loopMax: Stat;
    /** The bench's own (the viewers') event-loop delay (max) while the update arrived. */
    benchLoopMax: Stat;
  }[];
  /** The updates whose last viewer waited longest, with each serving node's trace of them. */
  readonly worst: readonly {
    seq: number;
    lastMs: number;
    phase: Phase;
    nodes: { toNode: number; writeMs: number; loopMaxMs: number; viewers: number }[];
  }[];
  readonly connectMs: number;
  readonly delays: { p50: number; p99: number; max: number; count: number };
  /** computeMs of every update; `first`: the race's first (it works out the standings before). */
  readonly compute: { p50: number; p99: number; max: number; cars: number; first: number };
  /** Per update, when its last viewer got it. */
  readonly lastViewer: { p50: number; p99: number; max: number };
  readonly missed: number;
  readonly disconnected: number;
  /** Viewers connected before the race, and while it ran. */
  readonly early: number;
  readonly late: number;
  /** The node killed mid-race, its viewers, and how many of them reconnected elsewhere. */
  readonly killed: { node: string; atSeq: number; viewers: number; reconnected: number } | null;
  readonly postMs: { p50: number; p99: number };
  readonly memory: {
    node: string;
    clients: number;
    beforeMb: number;
    afterMb: number;
    perClientKb: number;
    /** After the updates flowed (NaN for the node killed). */
    endMb: number;
    endClients: number;
    endPerClientKb: number;
  }[];
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function runLiveBench(
  settings: LiveBenchSettings,
  say: (line: string) => void = () => {},
): Promise<LiveBenchReport> {
  const dbName = `paddock_bench_live_${randomBytes(4).toString("hex")}`;
  const dbUrl = new URL(settings.postgresAdminUrl);
  dbUrl.pathname = `/${dbName}`;
  const seasonId = `wec-2025-bench-${randomBytes(3).toString("hex")}`;
  const ROUND = 6;
  await admin(settings.postgresAdminUrl, `CREATE DATABASE "${dbName}"`);
  let nodes: PaddockNode[] = [];
  const viewers: Viewer[] = [];
  try {
    // The season (the live fixture, under an id of this run's own) and a steward's API token.
    let token = "";
    {
      const store = await openStore({ kind: "postgres", url: dbUrl.toString() });
      if (!(store instanceof SqlStore)) throw new Error("not a SQL store");
      try {
        const read = readSeasonBundle(join(ROOT, "fixtures", "live", "wec-2025-cota"));
        if (!read.ok) throw new Error("the live fixture season does not validate");
        await store.putSeason(
          {
            season: { ...read.value.season, id: seasonId },
            rulesDocument: read.value.rulesDocument,
          },
          { actor: "bench", action: "load-bundle", reason: "", summary: "", expectedVersion: null },
        );
        const accounts = new SqlAccountStore(store.db);
        const user = await addUser(
          accounts,
          { username: "timing", role: "steward", password: "a long enough password" },
          "bench",
        );
        if (!user.ok) throw new Error(user.error.message);
        const issued = await issueApiToken(accounts, user.value.id, "timing feed", "bench");
        if (!issued.ok) throw new Error(issued.error.message);
        token = issued.value.secret;
      } finally {
        await store.close();
      }
    }
    say(`starting ${settings.nodes} nodes…`);
    nodes = await startNodes({
      count: settings.nodes,
      port: 0,
      databaseUrl: dbUrl.toString(),
      natsUrl: settings.natsUrl,
      // Each node prints a line per update it fans out (live-hub.ts): the delay's breakdown.
      env: { LOG_LEVEL: "warn", PADDOCK_LIVE_TRACE: "1" },
    });
    const [a] = nodes as [PaddockNode, ...PaddockNode[]];
    const serving = settings.onA || nodes.length === 1 ? nodes : nodes.slice(1);
    const streamPath = `/api/seasons/${seasonId}/rounds/${ROUND}/live/stream`;
    // Warm each serving node (first request, JIT) before its RSS is read.
    for (const n of serving) await fetch(`${n.url}/api/seasons/${seasonId}`).then((r) => r.text());
    await sleep(500);
    const before = serving.map((n) => rssMb(n.child.pid));

    // The viewers, connected a few hundred at a time.
    const postStart = new Map<number, number>();
    const delays: number[] = [];
    /** Per update, the delay of the last viewer to get it: fan-out cost vs one-off stalls. */
    const slowest = new Map<number, number>();
    /** Each viewer's delay, by update. */
    const bySeq = new Map<number, number[]>();
    const onSeq = (seq: number, at: number) => {
      const start = postStart.get(seq);
      if (start === undefined) return;
      delays.push(at - start);
      let list = bySeq.get(seq);
      if (!list) bySeq.set(seq, (list = []));
      list.push(at - start);
      slowest.set(seq, Math.max(slowest.get(seq) ?? 0, at - start));
    };
    const early = Math.ceil(settings.clients / 2);
    const late = settings.clients - early;
    /** Where each viewer is now (index into serving); a killed node's viewers move. */
    const at = new Map<Viewer, number>();
    const alive = new Set(serving.map((_, i) => i));
    const connect = async (count: number, isLate: boolean) => {
      for (let i = 0; i < count; i += 250) {
        const batch = Array.from({ length: Math.min(250, count - i) }, () => {
          const v = new Viewer(onSeq, isLate);
          const k = [...alive][viewers.length % alive.size] as number;
          viewers.push(v);
          at.set(v, k);
          return v.open(new URL(streamPath, (serving[k] as PaddockNode).url));
        });
        await Promise.all(batch);
      }
    };
    say(`connecting ${early} viewers to ${serving.map((n) => n.name).join(", ")} before the race…`);
    const connectStart = performance.now();
    await connect(early, false);
    const connectMs = performance.now() - connectStart;
    await sleep(1000);
    const after = serving.map((n) => rssMb(n.child.pid));

    // The replay: each tick, the laps crossed since the last, posted to node A.
    const { header, laps } = timingLines();
    const updates: LiveUpdate[] = [];
    const postMs: number[] = [];
    let next = 0;
    let frameBytes = 0;
    let viewerBytes = 0;
    const ticks = Math.floor((settings.durationS * 1000) / settings.tickMs);
    say(`replaying ${settings.durationS} s at ${settings.speed}x into ${a.name}…`);
    const started = performance.now();
    // The late half connects while the race runs (from a quarter of the way), in the background.
    let lateConnecting: Promise<void> = Promise.resolve();
    let joining = false;
    const benchLoop = monitorEventLoopDelay({ resolution: 5 });
    benchLoop.enable();
    /** Per update, this process's event-loop delay (max, ms) until the next post. */
    const benchLoopMax = new Map<number, number>();
    let killedAtTick = Number.POSITIVE_INFINITY;
    /** What was going on when each update was posted (the breakdown's phases). */
    const phaseOf = new Map<number, Phase>();
    const lateTick = Math.max(1, Math.floor(ticks / 4));
    // Halfway, the last serving node dies when another one is left to take its viewers.
    const killTick = serving.length > 1 ? Math.max(2, Math.floor(ticks / 2)) : 0;
    let killed: LiveBenchReport["killed"] = null;
    let killing: Promise<void> = Promise.resolve();
    for (let tick = 1; tick <= ticks && next < laps.length; tick++) {
      if (tick === lateTick) {
        say(`connecting ${late} more viewers during the race…`);
        joining = true;
        lateConnecting = connect(late, true).finally(() => (joining = false));
      }
      if (tick === killTick) {
        const k = serving.length - 1;
        const victim = serving[k] as PaddockNode;
        alive.delete(k);
        const theirs = viewers.filter((v) => at.get(v) === k);
        killed = {
          node: victim.name,
          atSeq: updates.length,
          viewers: theirs.length,
          reconnected: 0,
        };
        const record = killed;
        say(`killing ${victim.name} (${theirs.length} viewers) after update ${updates.length}…`);
        for (const [n, v] of theirs.entries())
          v.onClose = () => {
            const to = [...alive][n % alive.size] as number;
            at.set(v, to);
            v.reconnects++;
            void v
              .open(new URL(streamPath, (serving[to] as PaddockNode).url), v.lastSeq || undefined)
              .then(() => void record.reconnected++)
              .catch(() => {});
          };
        killing = victim.kill();
        killedAtTick = tick;
        // The update posted last is still on its way to the victim's viewers.
        if (updates.length > 3) phaseOf.set(updates.length, "node killed, 5 s");
      }
      const due = started + tick * settings.tickMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const until = tick * settings.tickMs * settings.speed;
      const from = next;
      while (next < laps.length && (laps[next] as { elapsedMs: number }).elapsedMs <= until) next++;
      if (next === from) continue;
      const body = [...(from === 0 ? [header] : []), ...laps.slice(from, next).map((l) => l.line)];
      const seq = updates.length + 1;
      phaseOf.set(
        seq,
        seq <= 3
          ? "first 3 updates"
          : tick >= killedAtTick && tick < killedAtTick + 5
            ? "node killed, 5 s"
            : joining || (tick >= lateTick && tick < lateTick + 3)
              ? "viewers joining, 3 s"
              : "quiet",
      );
      // This process's own event-loop delay while each update arrives (the viewers' reads).
      if (seq > 1) benchLoopMax.set(seq - 1, benchLoop.max / 1e6);
      benchLoop.reset();
      const t0 = performance.now();
      postStart.set(seq, t0);
      const res = await fetch(`${a.url}/api/seasons/${seasonId}/rounds/${ROUND}/live`, {
        method: "POST",
        body: body.join("\n"),
        headers: { "Content-Type": "text/csv", Authorization: `Bearer ${token}` },
      });
      const text = await res.text();
      postMs.push(performance.now() - t0);
      if (res.status !== 200)
        throw new Error(`feed post answered ${res.status}: ${text.slice(0, 300)}`);
      const { update } = JSON.parse(text) as { update: LiveUpdate };
      if (update.seq !== seq) throw new Error(`update seq ${update.seq}, expected ${seq}`);
      frameBytes = Math.max(frameBytes, Buffer.byteLength(JSON.stringify(update)));
      viewerBytes = Math.max(viewerBytes, Buffer.byteLength(JSON.stringify(viewerUpdate(update))));
      updates.push(update);
    }
    await Promise.all([lateConnecting, killing]);
    // The last updates' way to every viewer: each is owed every update from its first one on.
    const owed = () =>
      viewers.reduce((n, v) => n + updates.length + 1 - (v.late ? v.firstSeq || 1 : 1), 0);
    const got = () => viewers.reduce((n, v) => n + v.received, 0);
    for (let waited = 0; got() < owed() && waited < 10_000; waited += 100) await sleep(100);
    benchLoopMax.set(updates.length, benchLoop.max / 1e6);
    benchLoop.disable();
    const end = serving.map((n, i) => (alive.has(i) ? rssMb(n.child.pid) : NaN));

    const sorted = [...delays].sort((x, y) => x - y);
    // The nodes' traces: when each update reached a serving node, and its fan-out there.
    const traces = serving.flatMap((n) =>
      n
        .output()
        .split("\n")
        .filter((l) => l.startsWith('{"liveTrace"'))
        .map((l) => (JSON.parse(l) as { liveTrace: LiveFanOutTrace }).liveTrace),
    );
    const worst = [...slowest]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 3)
      .map(([seq, lastMs]) => ({
        seq,
        lastMs,
        phase: phaseOf.get(seq) ?? "quiet",
        nodes: traces
          .filter((t) => t.seq === seq)
          .map((t) => ({
            toNode: t.atArrival - (performance.timeOrigin + (postStart.get(seq) ?? NaN)),
            writeMs: t.writeMs,
            loopMaxMs: t.loopMaxMs,
            viewers: t.viewers,
          })),
      }));
    const phases = PHASES.map((phase) => {
      const seqs = new Set([...phaseOf].filter(([, p]) => p === phase).map(([q]) => q));
      const ds = [...seqs].flatMap((q) => bySeq.get(q) ?? []).sort((x, y) => x - y);
      const ts = traces.filter((t) => seqs.has(t.seq));
      const stat = (values: number[]) => {
        const v = values.sort((x, y) => x - y);
        return { p50: percentile(v, 0.5), p99: percentile(v, 0.99), max: v.at(-1) ?? NaN };
      };
      return {
        phase,
        updates: seqs.size,
        delay: stat(ds),
        toNode: stat(
          ts.map((t) => t.atArrival - (performance.timeOrigin + (postStart.get(t.seq) ?? NaN))),
        ),
        encode: stat(ts.map((t) => t.encodeMs)),
        write: stat(ts.map((t) => t.writeMs)),
        loopMax: stat(ts.map((t) => t.loopMaxMs)),
        benchLoopMax: stat([...seqs].map((q) => benchLoopMax.get(q) ?? NaN)),
      };
    });
    const compute = updates.map((u) => u.computeMs).sort((x, y) => x - y);
    const lastViewer = [...slowest.values()].sort((x, y) => x - y);
    const posts = [...postMs].sort((x, y) => x - y);
    return {
      settings,
      posts: updates.length,
      lapsPosted: next,
      frameBytes,
      viewerBytes,
      phases,
      worst,
      connectMs,
      delays: {
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: sorted.at(-1) ?? NaN,
        count: sorted.length,
      },
      compute: {
        p50: percentile(compute, 0.5),
        p99: percentile(compute, 0.99),
        max: compute.at(-1) ?? NaN,
        cars: updates.at(-1)?.cars.length ?? 0,
        first: updates[0]?.computeMs ?? NaN,
      },
      lastViewer: {
        p50: percentile(lastViewer, 0.5),
        p99: percentile(lastViewer, 0.99),
        max: lastViewer.at(-1) ?? NaN,
      },
      missed: owed() - got(),
      disconnected: viewers.filter((v) => v.closed).length,
      early,
      late,
      killed,
      postMs: { p50: percentile(posts, 0.5), p99: percentile(posts, 0.99) },
      memory: serving.map((n, i) => {
        const clients = viewers.filter((_, j) => j % serving.length === i).length;
        const b = before[i] as number;
        const f = after[i] as number;
        const e = end[i] as number;
        const endClients = viewers.filter((v) => at.get(v) === i).length;
        return {
          node: n.name,
          clients,
          beforeMb: b,
          afterMb: f,
          perClientKb: clients > 0 ? ((f - b) * 1024) / clients : NaN,
          endMb: e,
          endClients,
          endPerClientKb: endClients > 0 ? ((e - b) * 1024) / endClients : NaN,
        };
      }),
    };
  } finally {
    for (const v of viewers) v.close();
    await Promise.all(nodes.map((n) => n.stop()));
    await admin(settings.postgresAdminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    const bus = await NatsLiveBus.connect({ servers: settings.natsUrl, name: "bench-cleanup" });
    await bus.purge(seasonId);
    await bus.close();
  }
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");

export function formatLiveReport(r: LiveBenchReport): string {
  const s = r.settings;
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  const lines = [
    `Live: ${s.nodes} nodes (PostgreSQL + NATS JetStream), ${s.clients} SSE viewers on ${s.onA ? "every node" : "the nodes other than A"}, ` +
      `the COTA 6h timing file at ${s.speed}x for ${s.durationS} s into node A, one post per ${s.tickMs} ms`,
    `  ${r.posts} updates (${r.lapsPosted} laps, ${r.compute.cars} cars, up to ${(r.frameBytes / 1024).toFixed(1)} KB whole, ${(r.viewerBytes / 1024).toFixed(1)} KB as viewers get them), viewers connected in ${(r.connectMs / 1000).toFixed(1)} s`,
    "",
    renderTable(
      ["measure", "p50", "p99", "max", "aim"],
      [
        [
          "post sent -> viewer has the update (ms)",
          ms(r.delays.p50),
          ms(r.delays.p99),
          ms(r.delays.max),
          `p99 < ${LIVE_AIMS.p99DelayMs}: ${met(r.delays.p99 < LIVE_AIMS.p99DelayMs)}`,
        ],
        [
          "... the last viewer of each update (ms)",
          ms(r.lastViewer.p50),
          ms(r.lastViewer.p99),
          ms(r.lastViewer.max),
          "",
        ],
        [
          "compute per update, computeMs (ms)",
          r.compute.p50.toFixed(2),
          r.compute.p99.toFixed(2),
          r.compute.max.toFixed(2),
          `p99 < ${LIVE_AIMS.computeMs}: ${met(r.compute.p99 < LIVE_AIMS.computeMs)}`,
        ],
        ["... the first (standings before the race too)", r.compute.first.toFixed(2), "", "", ""],
        ["feed post round trip at node A (ms)", ms(r.postMs.p50), ms(r.postMs.p99), "", ""],
      ],
    ),
    "",
    "  the delay by phase (p50 / p99 / max, ms); a serving node's part from its trace:",
    renderTable(
      [
        "phase",
        "updates",
        "post -> viewer",
        "post -> node",
        "encode",
        "write all",
        "node loop delay max",
        "viewers' loop delay max",
      ],
      r.phases.map((p) => {
        const f = (x: Stat) => `${ms(x.p50)} / ${ms(x.p99)} / ${ms(x.max)}`;
        return [
          p.phase,
          String(p.updates),
          f(p.delay),
          f(p.toNode),
          f(p.encode),
          f(p.write),
          f(p.loopMax),
          f(p.benchLoopMax),
        ];
      }),
    ),
    ...r.worst.map(
      (w) =>
        `  update ${w.seq} (${w.phase}): last viewer ${ms(w.lastMs)} ms; ` +
        w.nodes
          .map(
            (n) =>
              `node: at ${ms(n.toNode)} ms, wrote to ${n.viewers} in ${ms(n.writeMs)} ms, loop delay before up to ${ms(n.loopMaxMs)} ms`,
          )
          .join("; "),
    ),
    "",
    `  viewers: ${r.early} before the race, ${r.late} while it ran; updates missed: ${r.missed} (each viewer owed every update from its first on); streams open at the end: ${r.early + r.late - r.disconnected} of ${r.early + r.late}`,
    r.killed
      ? `  ${r.killed.node} killed after update ${r.killed.atSeq}: ${r.killed.reconnected} of ${r.killed.viewers} viewers reconnected elsewhere with Last-Event-ID`
      : "  no node killed (needs 2+ serving nodes)",
    ...r.memory.map(
      (m) =>
        `  ${m.node}: RSS ${m.beforeMb.toFixed(0)} MB -> ${m.afterMb.toFixed(0)} MB with ${m.clients} viewers (${m.perClientKb.toFixed(1)} KB each)` +
        (Number.isFinite(m.endMb)
          ? `; ${m.endMb.toFixed(0)} MB with ${m.endClients} after the updates (${m.endPerClientKb.toFixed(1)} KB each)`
          : "; killed"),
    ),
  ];
  return lines.join("\n");
}

export const LIVE_HELP = `Live part (--live-only; needs the build, PostgreSQL and NATS): ${DEFAULT_LIVE_SETTINGS.nodes} nodes, ${DEFAULT_LIVE_SETTINGS.clients} SSE viewers,
the shared timing file at ${DEFAULT_LIVE_SETTINGS.speed}x for ${DEFAULT_LIVE_SETTINGS.durationS} s (about 2 minutes in all). Options:
  --clients N     viewers (default ${DEFAULT_LIVE_SETTINGS.clients}; --clients 500 for a quick run)
  --duration S    seconds of replay (default ${DEFAULT_LIVE_SETTINGS.durationS}; the whole race at 60x is 360)
  --speed X       replay speed (default ${DEFAULT_LIVE_SETTINGS.speed})
  --tick MS       one feed post per tick (default ${DEFAULT_LIVE_SETTINGS.tickMs})
  --nodes N       nodes (default ${DEFAULT_LIVE_SETTINGS.nodes}); viewers on all but A unless --on-a`;

/** The live part's options from the command line (after --live-only). */
export function parseLiveArgs(argv: readonly string[]): LiveBenchSettings {
  let s: LiveBenchSettings = DEFAULT_LIVE_SETTINGS;
  const numbers: Record<string, keyof LiveBenchSettings> = {
    "--clients": "clients",
    "--duration": "durationS",
    "--speed": "speed",
    "--tick": "tickMs",
    "--nodes": "nodes",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split("=", 2) as [string, string | undefined];
    if (name === "--on-a") s = { ...s, onA: true };
    else if (name in numbers) {
      const text = inline ?? argv[++i];
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0)
        throw new Error(`${name} needs a positive number, not "${text}"`);
      s = { ...s, [numbers[name] as string]: n };
    } else if (name !== "--live-only") throw new Error(`unknown option ${arg}\n${LIVE_HELP}`);
  }
  return s;
}

export async function liveBenchMain(argv: readonly string[]): Promise<void> {
  const settings = parseLiveArgs(argv);
  const report = await runLiveBench(settings, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${formatLiveReport(report)}\n`);
}
