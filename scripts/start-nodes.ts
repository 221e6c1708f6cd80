// Starts N Paddock servers (dist/src/server.js) on consecutive ports, sharing one PostgreSQL
// (DATABASE_URL) and one NATS (PADDOCK_NATS_URL), prints their URLs and stops them all on Ctrl-C.
//   npm run nodes -- 3                 nodes on 3001, 3002, 3003
//   npm run nodes -- 3 --port 4000     nodes on 4000, 4001, 4002
// The first node starts alone (it migrates the database and loads the shipped seasons), then the
// others. Also used by the multi-node test and the live bench (startNodes, port 0: any free port).
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/paddock";
export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";

/** The package root, whether this runs from scripts/ (TypeScript) or dist/scripts/. */
function root(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join("dist", "scripts")) ? join(here, "..", "..") : join(here, "..");
}

export interface PaddockNode {
  readonly name: string;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM, then SIGKILL after graceMs; resolves once the process is gone. */
  readonly stop: (graceMs?: number) => Promise<void>;
  /** SIGKILL now (a node dying mid-race); resolves once the process is gone. */
  readonly kill: () => Promise<void>;
  /** What it printed (JSON lines) and its errors. */
  readonly output: () => string;
}

export interface StartNodesOptions {
  readonly count: number;
  /** First port; 0: any free port for every node. */
  readonly port: number;
  readonly databaseUrl: string;
  readonly natsUrl: string;
  /** More environment for every node (LOG_LEVEL, …). */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Starts one node; resolves once it says where it listens. */
export function startNode(
  name: string,
  port: number,
  options: StartNodesOptions,
): Promise<PaddockNode> {
  const child = spawn(process.execPath, [join(root(), "dist", "src", "server.js")], {
    cwd: root(),
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      ...options.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      PADDOCK_NATS_URL: options.natsUrl,
      PADDOCK_NODE_NAME: name,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (!gone()) child.kill("SIGKILL");
    await exited;
  };
  const stop = async (graceMs = 10_000) => {
    if (gone()) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`${name} did not start in time:\n${out}`));
    }, options.timeoutMs ?? 60_000);
    const onData = () => {
      // "Paddock is serving on …" is printed whatever the log level (always: true), with its port.
      const line = out.split("\n").find((l) => l.includes('"port":'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      const { port: actual } = JSON.parse(line) as { port: number };
      resolve({
        name,
        url: `http://127.0.0.1:${actual}`,
        child,
        stop,
        kill,
        output: () => out,
      });
    };
    child.stdout?.on("data", onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it started:\n${out}`));
    });
  });
}

/** Starts the nodes: the first alone (migrations, shipped seasons), then the rest together. */
export async function startNodes(options: StartNodesOptions): Promise<PaddockNode[]> {
  const name = (i: number) => `node-${String.fromCharCode(97 + (i % 26))}${i >= 26 ? i : ""}`;
  const portOf = (i: number) => (options.port === 0 ? 0 : options.port + i);
  const first = await startNode(name(0), portOf(0), options);
  const rest = await Promise.allSettled(
    Array.from({ length: options.count - 1 }, (_, i) =>
      startNode(name(i + 1), portOf(i + 1), options),
    ),
  );
  const started = [first, ...rest.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))];
  const failed = rest.find((r) => r.status === "rejected");
  if (failed) {
    await Promise.all(started.map((n) => n.stop()));
    throw failed.reason;
  }
  return started;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const portAt = args.indexOf("--port");
  const port = portAt >= 0 ? Number(args[portAt + 1]) : 3001;
  const count = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--port") ?? 3);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(port)) {
    process.stderr.write("usage: npm run nodes -- [N] [--port FIRST_PORT]\n");
    process.exitCode = 2;
    return;
  }
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const natsUrl = process.env.PADDOCK_NATS_URL || DEFAULT_NATS_URL;
  process.stdout.write(
    `starting ${count} Paddock nodes (PostgreSQL ${databaseUrl}, NATS ${natsUrl})\n`,
  );
  const nodes = await startNodes({ count, port, databaseUrl, natsUrl, env: { LOG_LEVEL: "warn" } });
  for (const n of nodes) process.stdout.write(`${n.name}  ${n.url}/\n`);
  process.stdout.write("Ctrl-C stops them all.\n");
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("stopping…\n");
    void Promise.all(nodes.map((n) => n.stop())).then(() => process.stdout.write("stopped\n"));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  for (const n of nodes)
    n.child.once("exit", (code, signal) => {
      if (!stopping)
        process.stderr.write(`${n.name} exited (${signal ?? code})\n${n.output().slice(-2000)}\n`);
    });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((e: unknown) => {
    process.stderr.write(`start-nodes: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
