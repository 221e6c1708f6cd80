// The live pages: the broadcaster's board of a round (the latest update at render time, then
// updated in place by /live.js over the round's event stream) and /live.js itself. The board is
// never cached (isLivePath): without JavaScript it shows the race as it stood when loaded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { ApiError } from "../api/api-error.js";
import { shippedDataDir } from "../cli/load-season.js";
import { numberedRounds } from "../core/season.js";
import type { LiveHub } from "../live/live-hub.js";
import type { SeasonService } from "../service/season-service.js";
import { LiveBoardPage, mayRunLive } from "./pages/live-pages.js";

/** The client script, read once: src/live/live-client.js beside the package's data/ folder. */
let clientScript: string | undefined;
export function liveClientScript(): string {
  clientScript ??= readFileSync(
    join(shippedDataDir(), "..", "src", "live", "live-client.js"),
    "utf8",
  );
  return clientScript;
}

export function liveRoutes(hub: LiveHub, service: SeasonService): Hono {
  const web = new Hono();
  web.get("/live.js", (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.body(liveClientScript(), 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });
  web.get("/seasons/:season/rounds/:round/live", async (c) => {
    const view = await service.season(c.req.param("season"));
    if (!view) throw new ApiError("NOT_FOUND", `No season "${c.req.param("season")}" here.`);
    const round = numberedRounds(view.season).find(
      (r) => String(r.number) === c.req.param("round"),
    );
    if (!round) throw new ApiError("NOT_FOUND", "No such round in this season.");
    // Once the official results are in, nothing live is shown: the round page has them.
    const official = !mayRunLive(view.season, round);
    const update = official ? null : await hub.latest(view.season.id, round.number as number);
    c.header("Cache-Control", "no-store");
    const page = (
      <LiveBoardPage
        season={view.season}
        rules={view.rules}
        round={{ number: round.number as number, name: round.name }}
        update={update}
        official={official}
      />
    );
    return c.html(`<!doctype html>${String(page)}`);
  });
  return web;
}
