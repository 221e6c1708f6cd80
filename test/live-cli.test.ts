// paddock live replay (the built CLI, dist/): the COTA 2025 lap analysis replayed at --speed 0,
// computed locally and posted to a server; the final provisional order per class must equal the
// running order worked out here from the file with csv-parse; bad arguments are clear errors.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveUpdate } from "../src/core/live/live-types.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { LiveRaces } from "../src/service/live-races.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { CLI_JS, ROOT, requireBuild, runCli } from "./support/paddock-process.js";
import { stewardToken } from "./support/steward-token.js";

requireBuild();
const run = promisify(execFile);
const BUNDLE = join(ROOT, "fixtures", "live", "wec-2025-cota");
const FILE = join(ROOT, "fixtures", "timing", "wec-2025-cota-6h-analysis.csv");
const NO_STORE = join(ROOT, "artifacts", "no-store");

/** Car numbers per class in running order, from the file alone (laps desc, elapsed asc). */
function expectedOrder(): Record<string, string[]> {
  const rows = parse(readFileSync(FILE, "utf8").replace(/^\uFEFF/, ""), {
    columns: (h: string[]) => h.map((x) => x.trim()),
    delimiter: ";",
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const ms = (t: string) => t.split(":").reduce((acc, p) => acc * 60 + Number(p), 0);
  const last = new Map<string, { laps: number; elapsed: number; klass: string }>();
  for (const r of rows) {
    const laps = Number(r.LAP_NUMBER);
    if (laps > (last.get(r.NUMBER ?? "")?.laps ?? 0))
      last.set(r.NUMBER ?? "", { laps, elapsed: ms(r.ELAPSED ?? ""), klass: r.CLASS ?? "" });
  }
  const out: Record<string, string[]> = {};
  for (const [n, c] of [...last].sort(([, a], [, b]) => b.laps - a.laps || a.elapsed - b.elapsed))
    (out[c.klass] ??= []).push(n);
  return out;
}

const orderOf = (u: LiveUpdate) => {
  const out: Record<string, string[]> = {};
  for (const c of u.cars) (out[c.classId ?? ""] ??= []).push(c.number);
  return out;
};

describe("paddock live replay", () => {
  it("replays the whole file locally: class leaders per update, then the provisional tables", () => {
    const r = runCli(NO_STORE, ["live", "replay", BUNDLE, FILE, "--round", "6", "--speed", "0"]);
    expect(r.status, r.stderr).toBe(0);
    const updates = r.stdout.split("\n").filter((l) => /^#\d+ lap \d+: /.test(l));
    // One update per minute of racing that has laps (--speed 0 batches a minute per tick).
    const minutes = new Set(
      readFileSync(FILE, "utf8")
        .split(/\r?\n/)
        .slice(1)
        .filter((l) => l.trim() !== "")
        .map((l) => {
          const seconds = (l.split(";")[13] ?? "")
            .split(":")
            .reduce((acc, p) => acc * 60 + Number(p), 0);
          return Math.floor(seconds / 60);
        }),
    );
    expect(updates.length).toBe(minutes.size);
    const winners = expectedOrder();
    expect(updates.at(-1)).toContain(`HYPERCAR #${winners.HYPERCAR?.[0]} `);
    expect(updates.at(-1)).toContain(`LMGT3 #${winners.LMGT3?.[0]} `);
    expect(r.stdout).toContain("Standings if it finished like this: teams — HYPERCAR");
  });

  it("--format json prints the last update: its order per class is the file's", () => {
    const r = runCli(NO_STORE, [
      "live",
      "replay",
      BUNDLE,
      FILE,
      "--round",
      "6",
      "--speed",
      "0",
      "--format",
      "json",
    ]);
    expect(r.status, r.stderr).toBe(0);
    const update = JSON.parse(r.stdout) as LiveUpdate;
    expect(update).toMatchObject({ seasonId: "wec-2025", round: 6, provisional: true });
    expect(orderOf(update)).toEqual(expectedOrder());
  });

  it.each([
    [["--speed", "fast"], "--speed is a factor of real time"],
    [["--server", "http://127.0.0.1:9"], "--server needs --token"],
    [["--round", "12"], "round 12 is not on the calendar"],
  ])("refuses %j: %s", (extra, message) => {
    const r = runCli(NO_STORE, ["live", "replay", BUNDLE, FILE, "--round", "6", ...extra]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it("names the line of a timing file it cannot read", () => {
    const bad = join(ROOT, "fixtures", "live", "bad-lap-time.csv");
    const r = runCli(NO_STORE, ["live", "replay", BUNDLE, bad, "--round", "6", "--speed", "0"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad-lap-time.csv:3 [LAP_TIME]: INVALID_FIELD");
  });

  it("--help says what it does", () => {
    const r = runCli(NO_STORE, ["live", "replay", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: paddock live replay [options] <season> <analysis>");
    expect(r.stdout).toContain("--speed <factor>");
  });
});

describe("paddock live replay --server", () => {
  let url = "";
  let token = "";
  let close = () => {};
  let live: LiveRaces;

  beforeAll(async () => {
    const store = new MemoryStore();
    const read = readSeasonBundle(BUNDLE);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    await store.putSeason(
      { season: read.value.season, rulesDocument: read.value.rulesDocument },
      { actor: "test", action: "load-bundle", reason: "", summary: "" },
    );
    const accounts = new MemoryAccountStore();
    token = await stewardToken(accounts, "timing", "replay");
    const service = new SeasonService(store, { versionTtlMs: 0 });
    live = new LiveRaces(service);
    const app = httpApp(service, () => {}, { requestLog: false, accounts, live });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it("posts every lap to the server's feed; the server's latest update has the file's order", async () => {
    const { stdout } = await run(
      process.execPath,
      [CLI_JS, "live", "replay", "wec-2025", FILE, "--round", "6", "--speed", "0"].concat([
        "--server",
        url,
        "--token",
        token,
        "--format",
        "json",
      ]),
      { env: { ...process.env, DATABASE_URL: "", PADDOCK_DATA_DIR: NO_STORE }, timeout: 60_000 },
    );
    const printed = JSON.parse(stdout) as LiveUpdate;
    const latest = live.latest("wec-2025", 6);
    expect(latest?.seq).toBe(printed.seq);
    expect(orderOf(printed)).toEqual(expectedOrder());
  });

  it("a wrong token is a clear error", async () => {
    const r = await run(
      process.execPath,
      [CLI_JS, "live", "replay", "wec-2025", FILE, "--round", "6", "--speed", "0"].concat([
        "--server",
        url,
        "--token",
        "pdk_wrong",
      ]),
      { env: { ...process.env, DATABASE_URL: "" } },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 1 });
    expect((r as { stderr: string }).stderr).toContain("answered 401");
  });
});
