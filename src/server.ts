// The composition root: reads the configuration once, opens the store (loading the seasons shipped
// in data/ into an empty one), wires store -> service -> HTTP, listens, and shuts down cleanly on
// SIGTERM or SIGINT.
import { createAdaptorServer } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readConfig } from "./config.js";
import type { Config } from "./config.js";
import { formatProblem } from "./core/problems.js";
import { readSeasonBundle } from "./formats/season-bundle/read-season-bundle.js";
import { httpApp } from "./http-app.js";
import { ImportWorkers } from "./import-pool.js";
import type { Logger } from "./http-app.js";
import { shippedDataDir } from "./cli/load-season.js";
import { SeasonService } from "./service/season-service.js";
import { RaceControl } from "./service/race-control.js";
import { readRulesPresets } from "./formats/rules-presets.js";
import { configuredStore, openConfiguredStore } from "./store/configured-store.js";
import { MemoryAccountStore } from "./store/memory-account-store.js";
import { SqlAccountStore } from "./store/sql/sql-account-store.js";
import { SqlStore } from "./store/sql/sql-store.js";
import type { SeasonStore } from "./store/season-store.js";
import { MemoryLiveBus } from "./live/live-bus.js";
import type { LiveBus } from "./live/live-bus.js";
import { LISTEN_BACKLOG } from "./live/live-stream-routes.js";
import { NatsLiveBus } from "./live/nats-live-bus.js";
import { LiveRaces } from "./service/live-races.js";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

function logger(config: Config): Logger {
  const min = LEVELS[config.logLevel];
  return (line) => {
    const level = (line.level as keyof typeof LEVELS | undefined) ?? "info";
    // Lines marked always (where the server listens) are printed whatever the level.
    if (LEVELS[level] >= min || line.always === true)
      process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...line }) + "\n");
  };
}

/**
 * Loads the seasons shipped in data/ that the store does not hold yet. A season already stored is
 * left as it is: the store, not data/, is where a season's later changes live.
 */
async function seedStore(store: SeasonStore, log: Logger): Promise<void> {
  const known = new Set((await store.listSeasons()).map((s) => s.id));
  const dir = shippedDataDir();
  for (const name of readdirSync(dir)) {
    if (!existsSync(join(dir, name, "season.json"))) continue;
    const bundle = readSeasonBundle(join(dir, name));
    if (bundle.ok && known.has(bundle.value.season.id)) continue;
    if (!bundle.ok) {
      log({
        level: "error",
        msg: "shipped season does not validate",
        season: name,
        problems: bundle.error.slice(0, 10).map(formatProblem),
      });
      continue;
    }
    await store.putSeason(
      { season: bundle.value.season, rulesDocument: bundle.value.rulesDocument },
      {
        actor: "paddock",
        action: "load-shipped-data",
        reason: "first start: seasons shipped with Paddock",
        summary: `loaded from data/${name}`,
        expectedVersion: null,
      },
    );
    log({ level: "info", msg: "loaded shipped season", season: name });
  }
}

export async function main(): Promise<void> {
  const started = performance.now();
  const config = readConfig(process.env, process.cwd());
  const log = logger(config);
  const store = await openConfiguredStore(config, log);
  await seedStore(store, log);
  // Accounts live in the seasons' database; a memory store (no users) for a memory season store.
  const accounts =
    store instanceof SqlStore ? new SqlAccountStore(store.db) : new MemoryAccountStore();
  const service = new SeasonService(store);
  const control = new RaceControl(store, { onChange: () => service.forgetVersions() });
  const presets = readRulesPresets(join(shippedDataDir(), "rules-presets"));
  // Uploads are previewed, and imports committed, on worker threads started on first use; a
  // worker writes through a store connection of its own.
  const workers = new ImportWorkers({ store: configuredStore(config) });
  // Live updates: through NATS JetStream when configured (several nodes), else in this process.
  const liveBus: LiveBus = config.natsUrl
    ? await NatsLiveBus.connect({ servers: config.natsUrl, name: config.nodeName })
    : new MemoryLiveBus();
  log({ level: "info", msg: "live bus", kind: liveBus.kind, node: config.nodeName });
  // The live timing feed: each post's provisional picture goes out on the live bus.
  const live = new LiveRaces(service, {
    publish: (update) => liveBus.publish(update),
    lastSeq: async (seasonId, round) => (await liveBus.latest(seasonId, round))?.seq ?? 0,
    ended: (end) => liveBus.end(end),
  });
  const app = httpApp(service, log, {
    liveBus,
    live,
    raceControl: { control, store, presets, workers },
    requestLog: LEVELS[config.logLevel] <= LEVELS.info,
    accounts,
    trustProxy: config.trustProxy,
  });
  // A deep accept queue: a node that dies sends its viewers here all at once (LISTEN_BACKLOG).
  const server = createAdaptorServer({ fetch: app.fetch });
  server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
    const info = server.address() as AddressInfo;
    log({
      level: "info",
      msg: `Paddock is serving on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${info.port}/`,
      port: info.port,
      startupMs: Math.round(performance.now() - started),
      always: true,
    });
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log({ level: "info", msg: "shutting down", signal });
    // Closing the live bus first ends the viewers' open streams, which server.close waits for.
    const liveClosed = liveBus.close();
    server.close(() => {
      Promise.all([workers.close(), store.close(), liveClosed]).then(
        () => log({ level: "info", msg: "stopped" }),
        (e: unknown) => {
          log({
            level: "error",
            msg: "store or import workers did not close cleanly",
            error: String(e),
          });
          process.exitCode = 1;
        },
      );
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((e: unknown) => {
  process.stderr.write(`paddock server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
