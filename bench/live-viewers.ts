// The live bench's SSE viewers, run in worker threads (live-bench.ts starts --viewer-procs of
// them) so that no one event loop reads every viewer's stream: each worker's loop delay is the
// bench's own part of the measured delay, and it is reported per update. Each viewer behaves as a
// browser's EventSource does: it keeps the stream's `retry:` (3000 ms until a stream sends one),
// and when its stream drops it waits that long, then opens the stream again (on a node still up:
// the load balancer's choice) with Last-Event-ID, the last `id:` it read; a failed attempt waits
// `retry` again. Times are wall-clock ms with sub-ms precision, the same in every thread and in
// the nodes' traces: performance.timeOrigin + performance.now().
import http from "node:http";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";

/** What the parent gives a worker when it starts it. */
export interface ViewersInit {
  /** The round's stream URL on each serving node (by index). */
  readonly streamUrls: readonly string[];
  /** Viewers a worker opens at once. */
  readonly batch: number;
}

export type ToViewers =
  | { kind: "connect"; viewers: readonly { id: number; node: number }[]; late: boolean }
  /** The serving nodes still up (a dropped viewer reconnects to one of them). */
  | { kind: "alive"; nodes: readonly number[] }
  /** An update was just posted: the loop delay since the last mark belongs to the one before. */
  | { kind: "mark"; seq: number }
  | { kind: "status"; updates: number }
  | { kind: "report" }
  | { kind: "close" };

export interface ViewerSummary {
  readonly id: number;
  readonly late: boolean;
  /** The serving node it is on now (index). */
  readonly node: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly received: number;
  readonly gaps: number;
  readonly closed: boolean;
  readonly reconnects: number;
  /** The `retry:` it holds (ms). */
  readonly retryMs: number;
  /** Its last drop, the stream open again after it, and the first update read after it (NaN: none). */
  readonly dropAt: number;
  readonly reopenAt: number;
  readonly firstAfterAt: number;
}

export type FromViewers =
  | { kind: "connected"; count: number }
  | { kind: "status"; owed: number; got: number }
  | {
      kind: "report";
      viewers: ViewerSummary[];
      /** (viewer id, seq, at) triples: when each viewer read each update (a late joiner's first left out). */
      times: Float64Array;
      /** (seq, ms) pairs: this thread's event-loop delay (max) from the post of seq to the next post. */
      loopMax: Float64Array;
    }
  | { kind: "closed" };

/** The reconnection time an EventSource starts with (Chromium, Firefox: 3 s). */
const DEFAULT_RETRY_MS = 3000;
const now = () => performance.timeOrigin + performance.now();

/** One SSE viewer over a raw HTTP/1.1 connection; reads only `retry:` and each frame's `id:`. */
class Viewer {
  private carry = Buffer.alloc(0);
  /** The first seq received (a viewer joining mid-race starts with the latest update). */
  firstSeq = 0;
  lastSeq = 0;
  received = 0;
  gaps = 0;
  closed = true;
  reconnects = 0;
  retryMs = DEFAULT_RETRY_MS;
  dropAt = NaN;
  reopenAt = NaN;
  firstAfterAt = NaN;
  /** Until the first `id:` of a connection, its `retry:` is looked for. */
  private scanRetry = true;
  private stopped = false;
  private req: http.ClientRequest | undefined;
  /** (seq, at) of each update read. */
  readonly times: number[] = [];

  constructor(
    readonly id: number,
    public node: number,
    readonly late: boolean,
  ) {}

  /** Opens the stream; resolves when its headers are in, rejects on an error or another status. */
  open(url: string, onDrop: (v: Viewer) => void): Promise<void> {
    const u = new URL(url);
    this.carry = Buffer.from("\n");
    this.scanRetry = true;
    return new Promise((resolve, reject) => {
      const req = http.get(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          agent: false,
          headers: this.lastSeq > 0 ? { "Last-Event-ID": String(this.lastSeq) } : {},
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return reject(new Error(`stream answered ${res.statusCode}`));
          }
          this.closed = false;
          res.on("data", (chunk: Buffer) => this.read(chunk));
          res.on("close", () => {
            if (this.closed) return;
            this.closed = true;
            if (!this.stopped) onDrop(this);
          });
          resolve();
        },
      );
      this.req = req;
      req.on("error", reject);
    });
  }

  private static readonly ID = Buffer.from("\nid: ");
  private static readonly RETRY = Buffer.from("\nretry: ");

  private numberAfter(buf: Buffer, at: number, skip: number): number | undefined {
    const end = buf.indexOf(10, at + skip);
    if (end < 0) return undefined;
    const n = Number(buf.toString("latin1", at + skip, end));
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  }

  private read(chunk: Buffer): void {
    const at0 = now();
    // A field may straddle two chunks: the previous chunk's tail is looked at with this one's head.
    const seam = Buffer.concat([this.carry, chunk.subarray(0, 32)]);
    for (const buf of [seam, chunk]) {
      if (this.scanRetry) {
        const r = buf.indexOf(Viewer.RETRY);
        const ms = r >= 0 ? this.numberAfter(buf, r, 8) : undefined;
        if (ms !== undefined) this.retryMs = ms;
      }
      let at = buf.indexOf(Viewer.ID);
      while (at >= 0) {
        this.scanRetry = false;
        const seq = this.numberAfter(buf, at, 5);
        if (seq !== undefined && seq > this.lastSeq) {
          if (this.lastSeq > 0 && seq !== this.lastSeq + 1) this.gaps += seq - this.lastSeq - 1;
          const first = this.firstSeq === 0;
          if (first) this.firstSeq = seq;
          if (Number.isFinite(this.reopenAt) && Number.isNaN(this.firstAfterAt))
            this.firstAfterAt = at0;
          this.lastSeq = seq;
          this.received++;
          if (!(first && this.late)) this.times.push(seq, at0);
        }
        at = buf.indexOf(Viewer.ID, at + 1);
      }
    }
    this.carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 32)));
  }

  close(): void {
    this.stopped = true;
    this.req?.destroy();
  }
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error("live-viewers.ts runs as a worker thread (live-bench.ts starts it)");
  const init = workerData as ViewersInit;
  const post = (message: FromViewers, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  const viewers: Viewer[] = [];
  let alive = init.streamUrls.map((_, i) => i);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const loopMax: number[] = [];
  let markedSeq = 0;

  /** As EventSource: wait `retry`, then the stream again with Last-Event-ID; again on failure. */
  const onDrop = (v: Viewer) => {
    v.dropAt = now();
    v.reopenAt = NaN;
    v.firstAfterAt = NaN;
    const attempt = (n: number) => {
      setTimeout(() => {
        const node = alive[(v.id + n) % alive.length] as number;
        v.node = node;
        v.open(init.streamUrls[node] as string, onDrop).then(
          () => {
            v.reconnects++;
            v.reopenAt = now();
          },
          () => attempt(n + 1),
        );
      }, v.retryMs);
    };
    attempt(0);
  };

  port.on("message", (m: ToViewers) => {
    switch (m.kind) {
      case "connect": {
        void (async () => {
          for (let i = 0; i < m.viewers.length; i += init.batch) {
            await Promise.all(
              m.viewers.slice(i, i + init.batch).map(({ id, node }) => {
                const v = new Viewer(id, node, m.late);
                viewers.push(v);
                return v.open(init.streamUrls[node] as string, onDrop);
              }),
            );
          }
          post({ kind: "connected", count: m.viewers.length });
        })();
        break;
      }
      case "alive":
        alive = [...m.nodes];
        break;
      case "mark":
        if (markedSeq > 0) loopMax.push(markedSeq, loop.max / 1e6);
        loop.reset();
        markedSeq = m.seq;
        break;
      case "status":
        post({
          kind: "status",
          owed: viewers.reduce((n, v) => n + m.updates + 1 - (v.late ? v.firstSeq || 1 : 1), 0),
          got: viewers.reduce((n, v) => n + v.received, 0),
        });
        break;
      case "report": {
        if (markedSeq > 0) loopMax.push(markedSeq, loop.max / 1e6);
        markedSeq = 0;
        const times = new Float64Array(viewers.reduce((n, v) => n + (v.times.length / 2) * 3, 0));
        let k = 0;
        for (const v of viewers)
          for (let i = 0; i < v.times.length; i += 2) {
            times[k++] = v.id;
            times[k++] = v.times[i] as number;
            times[k++] = v.times[i + 1] as number;
          }
        const loops = Float64Array.from(loopMax);
        post(
          {
            kind: "report",
            viewers: viewers.map((v) => ({
              id: v.id,
              late: v.late,
              node: v.node,
              firstSeq: v.firstSeq,
              lastSeq: v.lastSeq,
              received: v.received,
              gaps: v.gaps,
              closed: v.closed,
              reconnects: v.reconnects,
              retryMs: v.retryMs,
              dropAt: v.dropAt,
              reopenAt: v.reopenAt,
              firstAfterAt: v.firstAfterAt,
            })),
            times,
            loopMax: loops,
          },
          [times.buffer, loops.buffer],
        );
        break;
      }
      case "close":
        for (const v of viewers) v.close();
        loop.disable();
        post({ kind: "closed" });
        break;
    }
  });
}

main();
