// The live timing feed in the JSON API: a timing system (or `paddock live replay --server`) posts
// lap lines for a round as they come, Al Kamel analysis rows (text/csv) or paddock-live/1 JSON;
// anyone reads the latest provisional picture. Writes need a steward (API token or session);
// nothing here is cached (Cache-Control: no-store, which the response cache never keeps).
import { z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireRole } from "../auth/auth.js";
import { formatProblem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { readLapChunk } from "../formats/live-feed/al-kamel-laps.js";
import {
  LIVE_FORMAT,
  liveFeedSchema,
  readLiveJson,
} from "../formats/live-feed/paddock-live-json.js";
import type { LiveChunk, LiveRaces } from "../service/live-races.js";
import { ApiError } from "./api-error.js";

const PATH = "/seasons/:season/rounds/:round/live";
const NO_STORE = { "Cache-Control": "no-store" } as const;

const ErrorSchema = z.object({ error: z.string(), message: z.string() });
const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const params = z.object({
  season: z.string().openapi({ param: { name: "season", in: "path" }, example: "wec-2025" }),
  round: z
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "round", in: "path" }, example: 6 }),
});
const UpdateSchema = z.record(z.string(), z.unknown()).openapi("LiveUpdate", {
  description:
    "the whole provisional picture: running order with gaps, points per car, standings if the race ended now (docs/live.md)",
});
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/** The round number of the path, or 400. */
function roundOf(c: Context): number {
  const text = c.req.param("round") ?? "";
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1)
    throw new ApiError("INVALID_REQUEST", `round: "${text}" is not a round number (1, 2, …)`);
  return n;
}

/** 400 naming each problem's place: `feed:5 LAP_TIME` (CSV) or `laps[3].elapsed` (JSON). */
function badFeed(problems: readonly Problem[]): ApiError {
  const shown = problems.slice(0, 10).map(formatProblem);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
  return new ApiError("INVALID_REQUEST", `${shown.join("; ")}${more}`);
}

export function registerLiveRoutes(api: OpenAPIHono, live: LiveRaces): void {
  const steward = requireRole("steward");
  api.post(PATH, steward, async (c) => {
    const seasonId = c.req.param("season");
    const round = roundOf(c);
    const type = (c.req.header("Content-Type") ?? "").toLowerCase();
    const text = await c.req.text();
    let chunk: LiveChunk;
    if (type.startsWith("application/json")) {
      const read = readLiveJson(text);
      if (!read.ok) throw badFeed(read.error);
      chunk = read.value;
    } else if (type.startsWith("text/csv") || type.startsWith("text/plain"))
      // Read in the race's turn: a chunk without a header needs the one an earlier post sent,
      // which may still be on its way.
      chunk = (known) => {
        const read = readLapChunk(text, known);
        if (!read.ok) throw badFeed(read.error);
        return read.value;
      };
    else
      throw new ApiError(
        "INVALID_REQUEST",
        `Content-Type: send application/json (${LIVE_FORMAT}) or text/csv (Al Kamel analysis lines), not "${type}"`,
      );
    const { update, applied } = await live.post(seasonId, round, chunk);
    return c.json({ applied, update }, 200, NO_STORE);
  });
  api.get(PATH, async (c) => {
    const update = live.latest(c.req.param("season"), roundOf(c));
    if (!update)
      throw new ApiError(
        "NOT_FOUND",
        `No live timing for round ${c.req.param("round")} of ${c.req.param("season")} here.`,
      );
    return c.json(update, 200, NO_STORE);
  });
  api.delete(PATH, steward, async (c) => {
    // Viewers are told (SSE `event: ended`) before the answer.
    const ended = await live.endRace(c.req.param("season"), roundOf(c));
    if (!ended)
      throw new ApiError(
        "NOT_FOUND",
        `No live timing for round ${c.req.param("round")} of ${c.req.param("season")} here.`,
      );
    return c.body(null, 204, NO_STORE);
  });

  const registry = api.openAPIRegistry;
  const path = "/seasons/{season}/rounds/{round}/live";
  registry.registerPath({
    method: "post",
    path,
    tags: ["live"],
    summary:
      "Post live timing lines for a round (timing systems): the provisional picture after them",
    security,
    request: {
      params,
      body: {
        required: true,
        content: {
          "application/json": { schema: liveFeedSchema },
          "text/csv": {
            schema: z.string().openapi({
              description:
                "Al Kamel lap-analysis rows (;-separated); the header line with the first post of a race, then lines alone",
            }),
          },
        },
      },
    },
    responses: {
      200: json(
        z.object({
          applied: z.object({ added: z.number().int(), replaced: z.number().int() }),
          update: UpdateSchema,
        }),
        "applied: new laps, and laps sent again (which replace the ones held); update: the provisional picture",
      ),
      400: json(
        ErrorSchema,
        "a malformed feed: the message names each line (CSV) or field path (JSON)",
      ),
      401: json(ErrorSchema, "not logged in (no session cookie or API token)"),
      403: json(ErrorSchema, "not a steward, or a cookie request without its CSRF token"),
      404: json(ErrorSchema, "no such season or round"),
      409: json(
        ErrorSchema,
        "RACE_OFFICIAL: the race's results are official; live timing is closed. LIVE_FEED_ELSEWHERE: another node publishes this round's live data",
      ),
      422: json(ErrorSchema, "the live order cannot be scored against the season"),
    },
  });
  registry.registerPath({
    method: "get",
    path,
    tags: ["live"],
    summary: "The latest provisional picture of a round running live (never cached)",
    request: { params },
    responses: {
      200: json(UpdateSchema, "the latest update"),
      400: json(ErrorSchema, "not a round number"),
      404: json(ErrorSchema, "no live timing for this round on this node"),
    },
  });
  registry.registerPath({
    method: "delete",
    path,
    tags: ["live"],
    summary: "End a round's live timing (the chequered flag, or a feed sent by mistake)",
    security,
    request: { params },
    responses: {
      204: { description: "ended; viewers' streams get `event: ended`" },
      401: json(ErrorSchema, "not logged in"),
      403: json(ErrorSchema, "not a steward"),
      404: json(ErrorSchema, "no live timing for this round on this node"),
    },
  });
}
