// The built Paddock (dist/) as child processes, for tests that need a real server or the real
// command line: start `node dist/src/server.js` on a data folder and wait for the port it prints,
// run `paddock …` commands against the same folder. Only the processes started here are stopped.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const SERVER_JS = join(ROOT, "dist", "src", "server.js");
export const CLI_JS = join(ROOT, "dist", "src", "cli", "main.js");

/** Throws with what to do when dist/ has not been built. */
export function requireBuild(): void {
  for (const file of [SERVER_JS, CLI_JS])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Everything the server printed on stdout so far (JSON lines). */
  readonly output: () => string;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  readonly stop: (graceMs?: number) => Promise<number | null>;
  /** SIGKILL now; resolves once the process is gone. */
  readonly kill: () => Promise<void>;
  readonly exited: Promise<number | null>;
}

/** Starts the built server on PORT=0 with the data folder; resolves once it says its port. */
export function startServer(
  dataDir: string,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_JS], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      // At info: the line saying where the server listens (PORT=0) is an info line.
      LOG_LEVEL: "info",
      DATABASE_URL: "",
      PADDOCK_DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ? null : code)),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (!gone()) child.kill("SIGKILL");
    await exited;
  };
  const stop = async (graceMs = 10_000) => {
    if (gone()) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(
        new Error(`the server did not start within ${options.timeoutMs ?? 30_000} ms\n${err}`),
      );
    }, options.timeoutMs ?? 30_000);
    const onData = () => {
      const m = /"port":(\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve({
        child,
        base: `http://127.0.0.1:${m[1]}`,
        output: () => out,
        stop,
        kill,
        exited,
      });
    };
    child.stdout?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${err}${out}`));
    });
  });
}

/** Runs `paddock <args>` (the built CLI) on the data folder; stdin gets `input`. */
export function runCli(
  dataDir: string,
  args: readonly string[],
  input = "",
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], {
    env: { ...process.env, DATABASE_URL: "", PADDOCK_DATA_DIR: dataDir },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `paddock <args>` and returns its stdout, or throws with its stderr. */
export function cli(dataDir: string, args: readonly string[], input = ""): string {
  const r = runCli(dataDir, args, input);
  if (r.status !== 0)
    throw new Error(`paddock ${args.join(" ")} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
