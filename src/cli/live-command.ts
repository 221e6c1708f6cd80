// paddock live replay: an Al Kamel lap analysis replayed as a live timing feed, in race-time order,
// one batch per tick of the clock at the speed asked for (--speed 60: a minute of racing a second;
// 0: as fast as possible). With --server it posts each batch to a Paddock server's feed
// (paddock-live/1); without, it computes the provisional picture here and prints the class
// leaders after each update and the provisional standings at the end.
import { basename } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import type { LiveLap, LiveUpdate } from "../core/live/live-types.js";
import { formatProblem } from "../core/problems.js";
import { formatRaceTime } from "../core/race-time.js";
import { readLapChunk } from "../formats/live-feed/al-kamel-laps.js";
import { LIVE_FORMAT, liveLapJson } from "../formats/live-feed/paddock-live-json.js";
import { readTextFile } from "../formats/read-text-file.js";
import { render } from "../formats/tables/tabular.js";
import type { Tabular } from "../formats/tables/tabular.js";
import { LiveRaces } from "../service/live-races.js";
import {
  fail,
  findOrReport,
  parseWholeNumber,
  SEASON_ARGUMENT,
  withFormat,
  withSource,
} from "./shared-options.js";
import type { FormatOption, SourceOption } from "./shared-options.js";

/** Race time one tick covers at --speed 0 (no waiting): a minute, as --speed 60 a second. */
const FAST_TICK_RACE_MS = 60_000;
const TICK_MS = 1000;
/**
 * Laps per POST: a tick's laps go in one post (one update) unless there are more than this; the
 * feed's body limit is 1 MB and a lap in JSON is ~150 bytes.
 */
const LAPS_PER_POST = 4000;

interface ReplayOptions extends FormatOption, SourceOption {
  round: number;
  speed: number;
  server?: string;
  token?: string;
  quiet?: boolean;
}

/** Laps in race-time order, batched per tick: each batch the laps of `raceMs` of racing. */
export function ticks(laps: readonly LiveLap[], raceMs: number): LiveLap[][] {
  const sorted = [...laps].sort((a, b) => a.elapsedMs - b.elapsedMs || a.lap - b.lap);
  const out: LiveLap[][] = [];
  for (const l of sorted) {
    const tick = Math.floor(l.elapsedMs / raceMs);
    const last = out[out.length - 1];
    if (last && Math.floor((last[0] as LiveLap).elapsedMs / raceMs) === tick) last.push(l);
    else out.push([l]);
  }
  return out;
}

function parseSpeed(text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new Error(
      `--speed is a factor of real time (60, 1, 0.5) or 0 for no waiting, not "${text}"`,
    );
  return n;
}

/** Class leaders of an update, in one line. */
function leadersLine(u: LiveUpdate): string {
  const leaders = u.cars
    .filter((c) => c.classPosition === 1)
    .map((c) => `${c.classId ?? "?"} #${c.number}${c.team ? ` ${c.team}` : ""}`);
  return `#${u.seq} lap ${u.leaderLaps}: ${leaders.join(" | ")}`;
}

function finalTables(u: LiveUpdate): Tabular[] {
  const points = (entryId: string | null, ch: string) =>
    entryId === null ? "" : (u.racePoints[entryId]?.[ch] ?? "");
  const championships = [...new Set(u.standings.map((s) => s.championshipId))];
  const classification: Tabular = {
    title: `${u.seasonId} round ${u.round} (${u.raceId}): provisional classification after ${u.leaderLaps} laps`,
    columns: [
      "pos",
      "class",
      "class pos",
      "car",
      "team",
      "laps",
      "time",
      "best lap",
      "pits",
      ...championships,
    ],
    rows: u.cars.map((c) => [
      String(c.position),
      c.classId ?? "",
      String(c.classPosition),
      c.number,
      c.team ?? "",
      String(c.laps),
      formatRaceTime(c.elapsedMs),
      c.bestLapMs === null ? "" : formatRaceTime(c.bestLapMs),
      String(c.pitStops),
      ...championships.map((ch) => points(c.entryId, ch)),
    ]),
    notes: ["Provisional: the running order if the race ended now; never official."],
  };
  const tables = new Map<string, Tabular["rows"][number][]>();
  for (const s of u.standings) {
    const key = `${s.championshipId}${s.classId ? ` — ${s.classId}` : ""}`;
    tables.set(key, [
      ...(tables.get(key) ?? []),
      [
        String(s.position),
        s.positionBefore === null ? "" : String(s.positionBefore),
        s.name,
        s.points,
        s.pointsBefore,
        s.status,
      ],
    ]);
  }
  return [
    classification,
    ...[...tables].map(([key, rows]) => ({
      title: `Standings if it finished like this: ${key}`,
      columns: ["pos", "before", "competitor", "points", "before", "title"],
      rows,
    })),
  ];
}

/** Posts a batch to a server's feed (in bodies under its limit); the last update it answered. */
async function postBatch(
  server: string,
  token: string,
  season: string,
  round: number,
  batch: readonly LiveLap[],
): Promise<LiveUpdate> {
  const url = `${server.replace(/\/+$/, "")}/api/seasons/${encodeURIComponent(season)}/rounds/${round}/live`;
  let update: LiveUpdate | undefined;
  for (let i = 0; i < batch.length; i += LAPS_PER_POST) {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        format: LIVE_FORMAT,
        laps: batch.slice(i, i + LAPS_PER_POST).map(liveLapJson),
      }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      update?: LiveUpdate;
      error?: string;
      message?: string;
    };
    if (res.status !== 200 || !body.update)
      throw new Error(
        `${url} answered ${res.status}${body.error ? ` ${body.error}` : ""}: ${body.message ?? res.statusText}`,
      );
    update = body.update;
  }
  return update as LiveUpdate;
}

async function replay(season: string, file: string, opts: ReplayOptions): Promise<void> {
  if (opts.server && !opts.token)
    return fail("--server needs --token (an API token: paddock user token)");
  if (opts.token && !opts.server) return fail("--token goes with --server");
  const text = readTextFile(file, basename(file));
  if (!text.ok) return fail(formatProblem(text.error));
  const read = readLapChunk(text.value, null, basename(file));
  if (!read.ok) {
    for (const p of read.error) process.stderr.write(`${formatProblem(p)}\n`);
    process.exitCode = 1;
    return;
  }
  const batches = ticks(
    read.value.laps,
    opts.speed === 0 ? FAST_TICK_RACE_MS : opts.speed * TICK_MS,
  );
  if (batches.length === 0) return fail(`${file} has no laps`);

  let post: (batch: LiveLap[]) => Promise<LiveUpdate>;
  if (opts.server) {
    const { server, token = "" } = opts;
    post = (batch) => postBatch(server, token, season, opts.round, batch);
  } else {
    const found = await findOrReport(season, opts);
    if (!found) return;
    const live = new LiveRaces({
      season: async () => ({ ...found, summary: { version: "replay" } }),
    });
    post = async (batch) => (await live.post(found.season.id, opts.round, batch)).update;
  }

  const bar = new SingleBar({
    format: `${basename(file)} [{bar}] {value}/{total} updates | {compute} ms | {leaders}`,
    barsize: 30,
    noTTYOutput: false,
    gracefulExit: true,
  });
  const tty = process.stderr.isTTY === true;
  if (tty && !opts.quiet) bar.start(batches.length, 0, { leaders: "", compute: "-" });
  const started = performance.now();
  let last: LiveUpdate | undefined;
  try {
    for (const [i, batch] of batches.entries()) {
      if (opts.speed > 0) {
        const due = started + i * TICK_MS - performance.now();
        if (due > 0) await sleep(due);
      }
      last = await post(batch);
      if (tty && !opts.quiet)
        bar.update(i + 1, { leaders: leadersLine(last), compute: last.computeMs });
      else if (!opts.quiet && opts.format === "table")
        process.stdout.write(`${leadersLine(last)}\n`);
    }
  } catch (e) {
    bar.stop();
    return fail(e instanceof Error ? e.message : String(e));
  }
  bar.stop();
  if (last) process.stdout.write(render(finalTables(last), opts.format, last));
}

export function registerLive(program: Command): void {
  const live = program
    .command("live")
    .description(
      "live timing: replay a lap-by-lap analysis as a live feed, with provisional standings after every update",
    );
  withSource(
    withFormat(
      live
        .command("replay")
        .description(
          "replay an Al Kamel lap analysis in race-time order, a batch per second at --speed; posts to --server, or computes here and prints the class leaders after each update and the provisional standings at the end",
        )
        .argument("<season>", SEASON_ARGUMENT)
        .argument("<analysis>", "the Al Kamel lap-by-lap analysis (CSV, ;-separated)")
        .requiredOption("-r, --round <n>", "the round the laps are of", parseWholeNumber("--round"))
        .option(
          "-s, --speed <factor>",
          "race seconds per real second; 0: as fast as possible",
          parseSpeed,
          60,
        )
        .option(
          "--server <url>",
          "post the feed to this Paddock server (e.g. http://127.0.0.1:3000)",
        )
        .option("--token <token>", "the API token for --server (paddock user token)")
        .option("-q, --quiet", "print only the final tables"),
    ),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  paddock live replay fixtures/live/wec-2025-cota --round 6 fixtures/timing/wec-2025-cota-6h-analysis.csv --speed 0\n  paddock live replay wec-2025 --round 6 cota.csv --speed 60 --server http://127.0.0.1:3000 --token pdk_…",
    )
    .action((season: string, file: string, opts: ReplayOptions) => replay(season, file, opts));
}
