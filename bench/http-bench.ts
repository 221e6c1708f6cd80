// The HTTP part of npm run bench: the real server (node dist/src/server.js) in a child process,
// measured from outside over loopback. Cold start (spawn to the first 200 from /healthz) and clean
// shutdown over a few spawns, then load on the bare route, the standings JSON and the standings
// page, interleaved in rounds (wrk when it is installed: a C load generator that is not the
// bottleneck on a small machine; else autocannon), and the 304 path of the JSON with a valid
// If-None-Match (autocannon, which counts the statuses).
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { collectGarbage, median } from "./timing.js";
import { renderTable } from "./render-table.js";

export const HOST = "127.0.0.1";

export interface HttpBenchSettings {
  /** Spawns for the cold-start and shutdown timings. */
  readonly coldStarts: number;
  /** Seconds of load per target before the rounds; not recorded. */
  readonly warmupSeconds: number;
  /** Seconds of load per target per round. */
  readonly measureSeconds: number;
  readonly rounds: number;
  readonly connections: number;
  readonly pipelining: number;
  /** Seconds of load on the 304 path: warm-up (not recorded), then measured. */
  readonly notModifiedWarmupSeconds: number;
  readonly notModifiedSeconds: number;
  /** Longest wait for a spawned server to answer /healthz, and to exit after SIGTERM. */
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
}

export const DEFAULT_HTTP_SETTINGS: HttpBenchSettings = {
  coldStarts: 5,
  warmupSeconds: 5,
  measureSeconds: 10,
  rounds: 3,
  connections: 32,
  pipelining: 1,
  notModifiedWarmupSeconds: 3,
  notModifiedSeconds: 10,
  startTimeoutMs: 15_000,
  stopTimeoutMs: 5_000,
};

export const TARGETS = [
  { name: "bare", path: "/healthz", contentType: "application/json" },
  {
    name: "json",
    path: "/api/seasons/alms-2003/standings?class=GT",
    contentType: "application/json",
  },
  { name: "html", path: "/seasons/alms-2003/standings?class=GT", contentType: "text/html" },
] as const;

export type TargetName = (typeof TARGETS)[number]["name"];

/** The aims the HTTP figures are held to (reported, not enforced). */
export const AIMS = {
  jsonOverBare: 0.7,
  htmlOverBare: 0.4,
  p99Ms: 10,
} as const;

/** One autocannon run against one path. */
export interface LoadRun {
  readonly path: string;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Latency percentiles over every response of the run (ms, from autocannon's own timings). */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly statusCounts: Record<string, number>;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly bytesPerResponse: number;
  /** CPU time of the server process over the run, as % of one core (null off Linux). */
  readonly serverCpuPercent: number | null;
  /** CPU time of the load generator, as % of one core (null when it is wrk, a separate process). */
  readonly loadGenCpuPercent: number | null;
  /** Which load generator produced the run. */
  readonly generator: "wrk" | "autocannon";
}

export interface TargetResult {
  readonly name: TargetName;
  readonly path: string;
  readonly bodyBytes: number;
  readonly warmup: LoadRun;
  readonly rounds: readonly LoadRun[];
  /** Medians over the rounds. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly serverCpuPercent: number | null;
  readonly loadGenCpuPercent: number | null;
  /** Summed over the warm-up and every round; anything but 0 fails the benchmark. */
  readonly non2xx: number;
  readonly errors: number;
}

export interface AimResult {
  readonly aim: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: "ratio" | "ms";
  readonly met: boolean;
}

export interface HttpBenchResult {
  readonly generatedAt: string;
  readonly server: string;
  readonly host: string;
  readonly settings: HttpBenchSettings;
  readonly coldStart: {
    /** Spawn to the first 200 from /healthz, one per spawn. */
    readonly samplesMs: readonly number[];
    readonly medianMs: number;
    readonly minMs: number;
    readonly maxMs: number;
    /** SIGTERM to exit, one per spawn. */
    readonly shutdownSamplesMs: readonly number[];
    readonly shutdownMedianMs: number;
    readonly shutdownMaxMs: number;
    readonly exitCodes: readonly (number | null)[];
  };
  readonly targets: readonly TargetResult[];
  readonly notModified: {
    readonly path: string;
    readonly etag: string;
    readonly warmup: LoadRun;
    readonly run: LoadRun;
    readonly requestsPerSecond: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    /** Responses other than 304, and connection errors/timeouts: must be 0. */
    readonly not304: number;
    readonly errors: number;
  };
  readonly ratios: {
    readonly jsonOverBare: number;
    readonly htmlOverBare: number;
    readonly notModifiedOverJson: number;
    readonly notModifiedOverBare: number;
    /** The same ratios round by round (each round's runs are back to back). */
    readonly perRound: readonly { jsonOverBare: number; htmlOverBare: number }[];
  };
  readonly loadServer: {
    readonly shutdownMs: number;
    readonly exitCode: number | null;
    /** Peak resident memory of the load-test server (Linux), MiB. */
    readonly peakRssMiB: number | null;
  };
  readonly aims: readonly AimResult[];
  /** Everything that makes the benchmark fail: empty when it passed. */
  readonly failures: readonly string[];
  readonly totalSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// The server as a child process

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
}

interface RunningServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly dataDir: string;
  readonly spawnedAt: number;
  readonly exited: Promise<Exit>;
  hasExited(): boolean;
  /** The last lines the server wrote (stdout and stderr), for error messages. */
  output(): string;
}

/** A port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, HOST, resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port from the probe");
  return address.port;
}

/**
 * Spawns node dist/src/server.js on 127.0.0.1 with an empty data folder. The port is chosen here
 * rather than with PORT=0: the server announces the port it picked only at LOG_LEVEL=info, and
 * the benchmark runs it at warn so that a log line per request does not count against it.
 */
async function spawnServer(root: string): Promise<RunningServer> {
  const serverJs = path.join(root, "dist", "src", "server.js");
  if (!existsSync(serverJs)) throw new Error(`${serverJs} is missing: run npm run build first`);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "paddock-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST,
    LOG_LEVEL: "warn",
    PADDOCK_DATA_DIR: dataDir,
  };
  delete env.DATABASE_URL; // the embedded store, never a database elsewhere
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [serverJs], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once("error", (e) => {
      lines.push(`spawn error: ${e.message}`);
    });
    child.once("exit", (code, signal) => {
      done = true;
      resolve({ code, signal, at: performance.now() });
    });
  });
  return {
    child,
    port,
    dataDir,
    spawnedAt,
    exited,
    hasExited: () => done,
    output: () => lines.join("\n"),
  };
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One GET on a fresh connection. */
function get(port: number, pathname: string, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.get(
      { host: HOST, port, path: pathname, headers, agent: false, timeout: 2_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${pathname}: no answer in 2 s`)));
    req.on("error", reject);
  });
}

/** Polls /healthz until it answers 200; returns when that happened. */
async function waitHealthy(server: RunningServer, timeoutMs: number): Promise<number> {
  const deadline = server.spawnedAt + timeoutMs;
  for (;;) {
    if (server.hasExited()) {
      const exit = await server.exited;
      throw new Error(
        `the server exited (code ${exit.code}, signal ${exit.signal}) before answering /healthz:\n${server.output()}`,
      );
    }
    try {
      const answer = await get(server.port, "/healthz");
      if (answer.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline)
      throw new Error(
        `the server did not answer /healthz within ${timeoutMs} ms:\n${server.output()}`,
      );
    await sleep(2);
  }
}

/** SIGTERM, then the time to exit; SIGKILL when it does not exit in time. */
async function stopServer(
  server: RunningServer,
  timeoutMs: number,
): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }> {
  const sent = performance.now();
  if (!server.hasExited()) server.child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>(
    (resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)),
  );
  const exit = await Promise.race([server.exited, timeout]);
  clearTimeout(timer);
  try {
    if (exit === null) {
      server.child.kill("SIGKILL");
      const killed = await server.exited;
      return {
        ms: performance.now() - sent,
        code: killed.code,
        signal: killed.signal,
        timedOut: true,
      };
    }
    return { ms: exit.at - sent, code: exit.code, signal: exit.signal, timedOut: false };
  } finally {
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// CPU of the server process, from /proc (Linux)

let clockTicks: number | null | undefined;

function ticksPerSecond(): number | null {
  if (clockTicks !== undefined) return clockTicks;
  try {
    clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    clockTicks = 100;
  }
  return clockTicks;
}

/** User + system CPU seconds of a process so far, or null where /proc cannot tell. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== "linux") return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    const hz = ticksPerSecond();
    return Number.isFinite(ticks) && hz ? ticks / hz : null;
  } catch {
    return null;
  }
}

function peakRssMiB(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== "linux") return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Load

/** The q-quantile (0..1) of sorted values, nearest rank. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

async function load(
  server: RunningServer,
  pathname: string,
  seconds: number,
  settings: HttpBenchSettings,
  headers: Record<string, string> = {},
): Promise<LoadRun> {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const cpu0 = processCpuSeconds(server.child.pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const instance = autocannon({
    url: `http://${HOST}:${server.port}${pathname}`,
    connections: settings.connections,
    pipelining: settings.pipelining,
    duration: seconds,
    timeout: 10,
    headers,
  });
  instance.on("response", (_client, _status, _bytes, ms) => {
    if (n === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = ms;
  });
  const result = await instance;
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu1 = processCpuSeconds(server.child.pid);
  const own = process.cpuUsage(own0);
  const sorted = latencies.subarray(0, n).sort();
  const requests = result.requests.total;
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  return {
    path: pathname,
    seconds: result.duration,
    requests,
    requestsPerSecond: requests / result.duration,
    p50Ms: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    p99Ms: quantile(sorted, 0.99),
    maxMs: n > 0 ? (sorted[n - 1] as number) : Number.NaN,
    statusCounts,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerResponse: requests > 0 ? result.throughput.total / requests : 0,
    serverCpuPercent: cpu0 === null || cpu1 === null ? null : ((cpu1 - cpu0) / wallSeconds) * 100,
    loadGenCpuPercent: ((own.user + own.system) / 1e6 / wallSeconds) * 100,
    generator: "autocannon",
  };
}

/** wrk (C, from Debian's package) when installed: a load generator that is not the bottleneck. */
export const WRK_AVAILABLE =
  spawnSync("wrk", ["--version"], { encoding: "utf8" }).error === undefined;

function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
}

/** One load run with wrk (one thread, the same connections and duration), parsed from its report. */
async function loadWithWrk(
  server: RunningServer,
  pathname: string,
  seconds: number,
  settings: HttpBenchSettings,
): Promise<LoadRun> {
  const cpu0 = processCpuSeconds(server.child.pid);
  const t0 = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn("wrk", [
      "-t1",
      `-c${settings.connections}`,
      `-d${seconds}s`,
      "--timeout",
      "10s",
      "--latency",
      `http://${HOST}:${server.port}${pathname}`,
    ]);
    let text = "";
    child.stdout.on("data", (b: Buffer) => (text += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`)),
    );
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu1 = processCpuSeconds(server.child.pid);
  const pct = (p: string) => wrkMs(new RegExp(`^\\s*${p}%\\s+(\\S+)`, "m").exec(out)?.[1] ?? "");
  const requests = Number(/(\d+) requests in ([\d.]+)(\w+)/.exec(out)?.[1] ?? 0);
  const duration = wrkMs(`${/requests in ([\d.]+\w+)/.exec(out)?.[1] ?? ""}`) / 1000 || seconds;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const bytes = /requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/.exec(out);
  const scale: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
  return {
    path: pathname,
    seconds: duration,
    requests,
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50Ms: pct("50"),
    p90Ms: pct("90"),
    p99Ms: pct("99"),
    maxMs: wrkMs(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1] ?? ""),
    statusCounts: { "2xx or 3xx": requests - non2xx, other: non2xx },
    non2xx,
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
    bytesPerResponse:
      bytes && requests > 0 ? (Number(bytes[1]) * (scale[bytes[2] as string] ?? 1)) / requests : 0,
    serverCpuPercent: cpu0 === null || cpu1 === null ? null : ((cpu1 - cpu0) / wallSeconds) * 100,
    loadGenCpuPercent: null,
    generator: "wrk",
  };
}

/** The bare, JSON and HTML targets: wrk when installed, else autocannon. */
function mainLoad(
  server: RunningServer,
  pathname: string,
  seconds: number,
  settings: HttpBenchSettings,
): Promise<LoadRun> {
  return WRK_AVAILABLE
    ? loadWithWrk(server, pathname, seconds, settings)
    : load(server, pathname, seconds, settings);
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === values.length ? median(known) : null;
}

// ---------------------------------------------------------------------------------------------
// The benchmark

export async function runHttpBench(
  root: string,
  log: (message: string) => void,
  settings: HttpBenchSettings = DEFAULT_HTTP_SETTINGS,
): Promise<HttpBenchResult> {
  const started = performance.now();
  const failures: string[] = [];
  collectGarbage();

  // Cold start and shutdown.
  const coldMs: number[] = [];
  const shutdownMs: number[] = [];
  const exitCodes: (number | null)[] = [];
  for (let i = 0; i < settings.coldStarts; i++) {
    const server = await spawnServer(root);
    let healthyAt: number;
    try {
      healthyAt = await waitHealthy(server, settings.startTimeoutMs);
    } catch (e) {
      await stopServer(server, settings.stopTimeoutMs);
      throw e;
    }
    coldMs.push(healthyAt - server.spawnedAt);
    const stop = await stopServer(server, settings.stopTimeoutMs);
    shutdownMs.push(stop.ms);
    exitCodes.push(stop.code);
    if (stop.timedOut)
      failures.push(`spawn ${i + 1}: still running ${settings.stopTimeoutMs} ms after SIGTERM`);
    else if (stop.code !== 0)
      failures.push(
        `spawn ${i + 1}: exited with code ${stop.code}${stop.signal ? ` (${stop.signal})` : ""} after SIGTERM, not 0:\n${server.output()}`,
      );
    log(
      `bench: http: spawn ${i + 1}/${settings.coldStarts}: first 200 from /healthz after ${coldMs[i]?.toFixed(0)} ms; exited ${stop.code} ${stop.ms.toFixed(0)} ms after SIGTERM`,
    );
  }

  // Load, on one server.
  const server = await spawnServer(root);
  try {
    await waitHealthy(server, settings.startTimeoutMs);
    const bodyBytes = new Map<TargetName, number>();
    for (const t of TARGETS) {
      const answer = await get(server.port, t.path);
      const type = String(answer.headers["content-type"] ?? "");
      if (answer.status !== 200 || !type.startsWith(t.contentType))
        throw new Error(
          `GET ${t.path} answered ${answer.status} ${type}, not 200 ${t.contentType}: ${answer.body.slice(0, 300)}`,
        );
      bodyBytes.set(t.name, Buffer.byteLength(answer.body));
    }

    const check = (run: LoadRun, what: string) => {
      if (run.non2xx !== 0 || run.errors !== 0 || run.timeouts !== 0)
        failures.push(
          `${what} ${run.path}: ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts (statuses ${JSON.stringify(run.statusCounts)})`,
        );
      if (run.requests === 0) failures.push(`${what} ${run.path}: no request completed`);
    };

    const warmups = new Map<TargetName, LoadRun>();
    for (const t of TARGETS) {
      log(`bench: http: warm-up ${t.name} (${settings.warmupSeconds} s, not recorded) ...`);
      const run = await mainLoad(server, t.path, settings.warmupSeconds, settings);
      check(run, "warm-up");
      warmups.set(t.name, run);
      await sleep(200);
    }

    const runs = new Map<TargetName, LoadRun[]>(TARGETS.map((t) => [t.name, []]));
    for (let round = 1; round <= settings.rounds; round++) {
      for (const t of TARGETS) {
        const run = await mainLoad(server, t.path, settings.measureSeconds, settings);
        check(run, `round ${round}`);
        runs.get(t.name)?.push(run);
        log(
          `bench: http: round ${round}/${settings.rounds} ${t.name}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, p99 ${run.p99Ms.toFixed(2)} ms`,
        );
        await sleep(200);
      }
    }

    // The 304 path: the JSON again, with the ETag of a first GET.
    const jsonPath = TARGETS[1].path;
    const first = await get(server.port, jsonPath);
    const etag = first.headers.etag;
    if (first.status !== 200 || typeof etag !== "string" || etag === "")
      throw new Error(`GET ${jsonPath} gave no ETag (status ${first.status})`);
    const probe = await get(server.port, jsonPath, { "If-None-Match": etag });
    if (probe.status !== 304)
      throw new Error(
        `GET ${jsonPath} with If-None-Match ${etag} answered ${probe.status}, not 304`,
      );
    log(`bench: http: 304 path (If-None-Match ${etag}) ...`);
    const nmWarmup = await load(server, jsonPath, settings.notModifiedWarmupSeconds, settings, {
      "If-None-Match": etag,
    });
    await sleep(200);
    const nmRun = await load(server, jsonPath, settings.notModifiedSeconds, settings, {
      "If-None-Match": etag,
    });
    const not304 = (r: LoadRun) =>
      Object.entries(r.statusCounts).reduce(
        (sum, [code, count]) => sum + (code === "304" ? 0 : count),
        0,
      );
    for (const [what, r] of [
      ["304 warm-up", nmWarmup],
      ["304 run", nmRun],
    ] as const) {
      if (not304(r) !== 0 || r.errors !== 0 || r.timeouts !== 0 || r.requests === 0)
        failures.push(
          `${what} ${r.path}: ${not304(r)} answers other than 304, ${r.errors} errors, ${r.timeouts} timeouts (statuses ${JSON.stringify(r.statusCounts)})`,
        );
    }

    const peakRss = peakRssMiB(server.child.pid);
    const stop = await stopServer(server, settings.stopTimeoutMs);
    if (stop.timedOut)
      failures.push(`load server: still running ${settings.stopTimeoutMs} ms after SIGTERM`);
    else if (stop.code !== 0)
      failures.push(
        `load server: exited with code ${stop.code} after SIGTERM:\n${server.output()}`,
      );

    const targets: TargetResult[] = TARGETS.map((t) => {
      const rounds = runs.get(t.name) ?? [];
      const warmup = warmups.get(t.name) as LoadRun;
      const all = [warmup, ...rounds];
      return {
        name: t.name,
        path: t.path,
        bodyBytes: bodyBytes.get(t.name) ?? 0,
        warmup,
        rounds,
        requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
        p50Ms: median(rounds.map((r) => r.p50Ms)),
        p99Ms: median(rounds.map((r) => r.p99Ms)),
        serverCpuPercent: medianOrNull(rounds.map((r) => r.serverCpuPercent)),
        loadGenCpuPercent: medianOrNull(rounds.map((r) => r.loadGenCpuPercent)),
        non2xx: all.reduce((s, r) => s + r.non2xx, 0),
        errors: all.reduce((s, r) => s + r.errors + r.timeouts, 0),
      };
    });
    const by = (name: TargetName) => targets.find((t) => t.name === name) as TargetResult;
    const bare = by("bare");
    const json = by("json");
    const html = by("html");
    const ratios = {
      jsonOverBare: json.requestsPerSecond / bare.requestsPerSecond,
      htmlOverBare: html.requestsPerSecond / bare.requestsPerSecond,
      notModifiedOverJson: nmRun.requestsPerSecond / json.requestsPerSecond,
      notModifiedOverBare: nmRun.requestsPerSecond / bare.requestsPerSecond,
      perRound: bare.rounds.map((b, i) => ({
        jsonOverBare: (json.rounds[i]?.requestsPerSecond ?? Number.NaN) / b.requestsPerSecond,
        htmlOverBare: (html.rounds[i]?.requestsPerSecond ?? Number.NaN) / b.requestsPerSecond,
      })),
    };
    const aims: AimResult[] = [
      {
        aim: `JSON >= ${AIMS.jsonOverBare * 100}% of bare req/s`,
        value: ratios.jsonOverBare,
        limit: AIMS.jsonOverBare,
        unit: "ratio",
        met: ratios.jsonOverBare >= AIMS.jsonOverBare,
      },
      {
        aim: `HTML >= ${AIMS.htmlOverBare * 100}% of bare req/s`,
        value: ratios.htmlOverBare,
        limit: AIMS.htmlOverBare,
        unit: "ratio",
        met: ratios.htmlOverBare >= AIMS.htmlOverBare,
      },
      ...targets.map((t): AimResult => ({
        aim: `p99 < ${AIMS.p99Ms} ms at ${settings.connections} connections: ${t.name}`,
        value: t.p99Ms,
        limit: AIMS.p99Ms,
        unit: "ms",
        met: t.p99Ms < AIMS.p99Ms,
      })),
    ];

    return {
      generatedAt: new Date().toISOString(),
      server: "node dist/src/server.js",
      host: HOST,
      settings,
      coldStart: {
        samplesMs: coldMs,
        medianMs: median(coldMs),
        minMs: Math.min(...coldMs),
        maxMs: Math.max(...coldMs),
        shutdownSamplesMs: shutdownMs,
        shutdownMedianMs: median(shutdownMs),
        shutdownMaxMs: Math.max(...shutdownMs),
        exitCodes,
      },
      targets,
      notModified: {
        path: jsonPath,
        etag,
        warmup: nmWarmup,
        run: nmRun,
        requestsPerSecond: nmRun.requestsPerSecond,
        p50Ms: nmRun.p50Ms,
        p99Ms: nmRun.p99Ms,
        not304: not304(nmWarmup) + not304(nmRun),
        errors: nmWarmup.errors + nmWarmup.timeouts + nmRun.errors + nmRun.timeouts,
      },
      ratios,
      loadServer: { shutdownMs: stop.ms, exitCode: stop.code, peakRssMiB: peakRss },
      aims,
      failures,
      totalSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!server.hasExited()) await stopServer(server, settings.stopTimeoutMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The printed report

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");
const perSecond = (x: number) => Math.round(x).toLocaleString("en-US");
const percent = (x: number | null) => (x === null ? "-" : `${x.toFixed(0)}%`);
const ratio = (x: number) => `${(x * 100).toFixed(0)}%`;

export function formatHttpReport(r: HttpBenchResult): string {
  const s = r.settings;
  const bare = r.targets.find((t) => t.name === "bare");
  const vsBare = (x: number) => (bare ? ratio(x / bare.requestsPerSecond) : "-");
  const rows = r.targets.map((t) => [
    t.name,
    perSecond(t.requestsPerSecond),
    ms(t.p50Ms),
    ms(t.p99Ms),
    String(t.non2xx),
    String(t.errors),
    vsBare(t.requestsPerSecond),
    `${(t.bodyBytes / 1024).toFixed(1)} KiB`,
    percent(t.serverCpuPercent),
    percent(t.loadGenCpuPercent),
  ]);
  const nm = r.notModified;
  rows.push([
    "json 304",
    perSecond(nm.requestsPerSecond),
    ms(nm.p50Ms),
    ms(nm.p99Ms),
    String(nm.not304),
    String(nm.errors),
    vsBare(nm.requestsPerSecond),
    "0 KiB",
    percent(nm.run.serverCpuPercent),
    percent(nm.run.loadGenCpuPercent),
  ]);
  const main = renderTable(
    [
      "target",
      "req/s",
      "p50 ms",
      "p99 ms",
      "non-2xx",
      "errors",
      "vs bare",
      "body",
      "server CPU",
      "loader CPU",
    ],
    rows,
  );
  const perRound = renderTable(
    ["round", ...r.targets.map((t) => `${t.name} req/s`), "json/bare", "html/bare"],
    r.ratios.perRound.map((q, i) => [
      String(i + 1),
      ...r.targets.map((t) => perSecond(t.rounds[i]?.requestsPerSecond ?? Number.NaN)),
      ratio(q.jsonOverBare),
      ratio(q.htmlOverBare),
    ]),
  );
  const c = r.coldStart;
  const aimWidth = Math.max(...r.aims.map((a) => a.aim.length));
  const aims = r.aims.map(
    (a) =>
      `  ${a.aim.padEnd(aimWidth)}  ${(a.unit === "ratio" ? ratio(a.value) : `${ms(a.value)} ms`).padStart(11)}  ${a.met ? "met" : "NOT MET"}`,
  );
  const missed = r.aims.filter((a) => !a.met).length;
  const nameWidth = Math.max(...r.targets.map((t) => t.name.length), "json 304".length);
  return [
    `HTTP: node dist/src/server.js on ${r.host} (LOG_LEVEL=warn), loaded by ${r.targets[0]?.warmup.generator === "wrk" ? "wrk (one thread, a separate process; autocannon for the 304 run)" : "autocannon in this process (install wrk for a load generator that is not the bottleneck)"}:`,
    `${s.connections} connections, pipelining ${s.pipelining}; ${s.warmupSeconds} s warm-up per target (not recorded), then ${s.rounds} rounds of ${s.measureSeconds} s per`,
    "target, interleaved (bare, json, html, bare, ...). req/s, p50 and p99: medians over the rounds;",
    "non-2xx and errors: totals, warm-up included (anything but 0 fails the benchmark).",
    "",
    ...r.targets.map((t) => `  ${t.name.padEnd(nameWidth)}  GET ${t.path}`),
    `  ${"json 304".padEnd(nameWidth)}  the json with If-None-Match: ${nm.etag} (${s.notModifiedWarmupSeconds} s warm-up, one ${s.notModifiedSeconds} s run;`,
    `  ${"".padEnd(nameWidth)}  its non-2xx column counts answers other than 304)`,
    "",
    main,
    "",
    perRound,
    "",
    "server CPU: CPU time of the server process over the run, as % of one core (JavaScript runs on one;",
    "GC and I/O threads add to it). loader CPU: the same for autocannon in this process (- for wrk).",
    "",
    `Cold start (spawn to the first 200 from /healthz, empty data folder), ${c.samplesMs.length} spawn${c.samplesMs.length === 1 ? "" : "s"}: median ${c.medianMs.toFixed(0)} ms (${c.minMs.toFixed(0)}-${c.maxMs.toFixed(0)} ms).`,
    `Shutdown (SIGTERM to exit): median ${c.shutdownMedianMs.toFixed(0)} ms, at most ${c.shutdownMaxMs.toFixed(0)} ms; exit codes ${c.exitCodes.join(", ")}.`,
    `The load-test server: exit code ${r.loadServer.exitCode} ${r.loadServer.shutdownMs.toFixed(0)} ms after SIGTERM${r.loadServer.peakRssMiB === null ? "" : `, peak RSS ${r.loadServer.peakRssMiB.toFixed(0)} MiB`}.`,
    "",
    r.failures.length > 0
      ? "Aims (not to be trusted: the run FAILED, see below):"
      : "Aims (reported, not enforced):",
    ...aims,
    `  ${missed === 0 ? "All aims met." : `${missed} of ${r.aims.length} aims not met.`}`,
    "",
    `HTTP section: ${r.totalSeconds.toFixed(1)} s`,
  ].join("\n");
}
