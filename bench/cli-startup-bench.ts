// The CLI part of npm run bench: how long `paddock` takes from spawn to exit, beside `node -e 0`
// (Node's own start-up, the floor). hyperfine when it is installed (it spawns without a shell and
// reports per-run times); else spawnSync timed in this process. Runs the built CLI (dist/), after
// `npm run build` has written the shipped seasons' snapshots (src/cli/write-season-snapshots.ts).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "./timing.js";
import { renderTable } from "./render-table.js";

export interface CliBenchSettings {
  /** Untimed runs of each command first. */
  readonly warmup: number;
  /** Timed runs of each command. */
  readonly runs: number;
}

export const DEFAULT_CLI_SETTINGS: CliBenchSettings = { warmup: 3, runs: 20 };

/** Aims of issue 11, in ms of median wall time. */
export const CLI_AIMS = { version: 200, standings: 350 } as const;

interface CliCase {
  readonly name: string;
  /** Arguments after `node`. */
  readonly args: readonly string[];
  readonly aimMs: number | null;
  /** What its standard output must contain (the run fails otherwise). */
  readonly expect: string;
}

const cases = (cli: string, copy: string): readonly CliCase[] => [
  { name: "node -e 0", args: ["-e", "0"], aimMs: null, expect: "" },
  { name: "paddock --version", args: [cli, "--version"], aimMs: CLI_AIMS.version, expect: "." },
  { name: "paddock --help", args: [cli, "--help"], aimMs: null, expect: "Commands:" },
  {
    name: "paddock standings alms-2003",
    args: [cli, "standings", "alms-2003"],
    aimMs: CLI_AIMS.standings,
    expect: "Championship",
  },
  {
    // The same files in a folder of another name: no build-time snapshot, every file read,
    // parsed and checked, as for any bundle folder a user passes.
    name: "paddock standings <copy of alms-2003>",
    args: [cli, "standings", copy],
    aimMs: null,
    expect: "Championship",
  },
];

export interface CliCaseResult {
  readonly name: string;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /**
   * Mean CPU time (user + system) per run, from hyperfine; null with spawnSync. Less swayed than
   * wall time by other work on a shared machine.
   */
  readonly cpuMs: number | null;
  /** Median over that of `node -e 0`. */
  readonly overNode: number;
  readonly aimMs: number | null;
  readonly aimMet: boolean | null;
}

export interface CliBenchResult {
  readonly generatedAt: string;
  readonly node: string;
  readonly cpus: number;
  readonly timer: "hyperfine" | "spawnSync";
  readonly settings: CliBenchSettings;
  readonly cases: readonly CliCaseResult[];
  readonly failures: readonly string[];
}

/** hyperfine's version when it is installed, else null. */
function hyperfineVersion(): string | null {
  const r = spawnSync("hyperfine", ["--version"], { encoding: "utf8" });
  return r.error === undefined && r.status === 0 ? r.stdout.trim() : null;
}

/** A word for hyperfine's command line (it splits on spaces and honours quotes, like a shell). */
const quoted = (word: string) =>
  /^[\w./=:-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;

/** Per-run wall times and mean CPU time in ms, from hyperfine's JSON export, in `list`'s order. */
function timeWithHyperfine(
  list: readonly CliCase[],
  settings: CliBenchSettings,
  env: NodeJS.ProcessEnv,
  cwd: string,
  tmp: string,
): { times: number[]; cpuMs: number | null }[] {
  const json = path.join(tmp, "hyperfine.json");
  const r = spawnSync(
    "hyperfine",
    [
      "--shell=none",
      "--style=none",
      `--warmup=${settings.warmup}`,
      `--runs=${settings.runs}`,
      `--export-json=${json}`,
      ...list.map((c) => [process.execPath, ...c.args].map(quoted).join(" ")),
    ],
    { encoding: "utf8", env, cwd },
  );
  if (r.status !== 0) throw new Error(`hyperfine exited with ${r.status}: ${r.stderr}`);
  const report = JSON.parse(readFileSync(json, "utf8")) as {
    results: { times: number[]; user: number; system: number }[];
  };
  return report.results.map((x) => ({
    times: x.times.map((s) => s * 1000),
    cpuMs: (x.user + x.system) * 1000,
  }));
}

/** Per-run wall times in ms, each command spawned in turn (rounds interleave the commands). */
function timeWithSpawn(
  list: readonly CliCase[],
  settings: CliBenchSettings,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { times: number[]; cpuMs: number | null }[] {
  const samples = list.map((): number[] => []);
  for (let round = 0; round < settings.warmup + settings.runs; round++)
    list.forEach((c, i) => {
      const start = performance.now();
      const r = spawnSync(process.execPath, c.args, { env, cwd, stdio: "ignore" });
      const elapsed = performance.now() - start;
      if (r.status !== 0) throw new Error(`${c.name} exited with ${r.status}`);
      if (round >= settings.warmup) samples[i]?.push(elapsed);
    });
  return samples.map((times) => ({ times, cpuMs: null }));
}

/**
 * Times node -e 0, paddock --version, --help, standings alms-2003 (read from data/: the store
 * is an empty temporary PADDOCK_DATA_DIR, DATABASE_URL unset) and standings of a copy of its
 * folder under another name (no snapshot). Each command is first run once and
 * must exit 0 with the output expected, else it is a failure and not timed.
 */
export function runCliStartupBench(
  root: string,
  log: (message: string) => void,
  settings: CliBenchSettings = DEFAULT_CLI_SETTINGS,
): CliBenchResult {
  const cli = path.join(root, "dist", "src", "cli", "main.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "paddock-cli-bench-"));
  const env = {
    ...process.env,
    PADDOCK_DATA_DIR: path.join(tmp, "no-store"),
    DATABASE_URL: "",
  };
  try {
    const copy = path.join(tmp, "alms-2003-copy");
    cpSync(path.join(root, "data", "alms-2003"), copy, { recursive: true });
    const list = cases(cli, copy);
    const failures: string[] = [];
    for (const c of list) {
      const r = spawnSync(process.execPath, c.args, { env, encoding: "utf8", cwd: root });
      if (r.status !== 0 || !r.stdout.includes(c.expect))
        failures.push(`${c.name}: exit ${r.status}, ${r.stderr.trim() || "unexpected output"}`);
    }
    if (failures.length > 0)
      return {
        ...about(settings, "spawnSync"),
        cases: [],
        failures,
      };
    const hyperfine = hyperfineVersion();
    log(
      `bench: cli: ${list.length} commands, ${settings.runs} runs each, with ${hyperfine ?? "spawnSync (install hyperfine for a timer outside Node)"} ...`,
    );
    const samples = hyperfine
      ? timeWithHyperfine(list, settings, env, root, tmp)
      : timeWithSpawn(list, settings, env, root);
    const nodeMedian = median(samples[0]?.times ?? []);
    const results = list.map((c, i): CliCaseResult => {
      const s = samples[i]?.times ?? [];
      const m = median(s);
      return {
        name: c.name,
        samplesMs: s,
        medianMs: m,
        minMs: Math.min(...s),
        maxMs: Math.max(...s),
        cpuMs: samples[i]?.cpuMs ?? null,
        overNode: m / nodeMedian,
        aimMs: c.aimMs,
        aimMet: c.aimMs === null ? null : m < c.aimMs,
      };
    });
    return { ...about(settings, hyperfine ? "hyperfine" : "spawnSync"), cases: results, failures };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function about(settings: CliBenchSettings, timer: CliBenchResult["timer"]) {
  return {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    timer,
    settings,
  };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "-");

export function formatCliReport(r: CliBenchResult): string {
  const rows = r.cases.map((c) => [
    c.name,
    ms(c.medianMs),
    ms(c.minMs),
    ms(c.maxMs),
    c.cpuMs === null ? "-" : ms(c.cpuMs),
    `${c.overNode.toFixed(2)}x`,
    c.aimMs === null ? "-" : `< ${c.aimMs} ms: ${c.aimMet ? "met" : "not met"}`,
  ]);
  return [
    `CLI start-up: spawn to exit of node dist/src/cli/main.js, ${r.settings.runs} runs each after ${r.settings.warmup} warm-up, timed by ${r.timer === "hyperfine" ? "hyperfine (--shell=none)" : "spawnSync in this process (install hyperfine for a timer outside Node)"}; standings read data/ (no store) from the validated input the build keeps of it (dist/season-snapshots, used while its files and the code that read them hash the same; the engine computes the standings on every run), and a copy of the folder by reading its files:`,
    renderTable(
      ["command", "median ms", "min ms", "max ms", "cpu ms", "vs node -e 0", "aim"],
      rows,
    ),
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${r.cpus} CPUs (cpu ms: mean user + system time per run)`,
  ].join("\n");
}
