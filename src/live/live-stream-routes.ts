// The live streams under /api, as Server-Sent Events: a round's provisional updates (id = the
// update's seq, so a reconnecting viewer's Last-Event-ID gets back what it missed, or the latest
// after a long gap: live-hub.ts) and a season's (the latest update of each round, then each new
// one); rounds whose official results are in are left out of both. Never cached: the response
// cache is told to leave these paths alone (isLivePath), and each answer says no-cache.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { ServerResponse } from "node:http";
import { Hono } from "hono";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { SSEStreamingApi } from "hono/streaming";
import { ApiError } from "../api/api-error.js";
import type { SeasonService } from "../service/season-service.js";
import type { LiveView } from "../core/live/viewer-update.js";
import { frameBytes } from "./live-hub.js";
import type { LiveFrame, LiveHub } from "./live-hub.js";
import { mayRunLive } from "./may-run-live.js";

/** A comment line every this many ms keeps proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * The accept queue a node listens with (server.ts; the kernel caps it at net.core.somaxconn).
 * Node's default, 511, is too shallow for viewers arriving together: when a node dies its
 * thousands of viewers reconnect to the others at once, and connections beyond the queue are
 * dropped by the kernel and retried a second later (TCP's SYN retry), which made most of the
 * bench's delay tail after a node kill.
 */
export const LISTEN_BACKLOG = 4096;

/** Paths whose answers change without the season changing: streams and live pages. */
export function isLivePath(path: string): boolean {
  return /^\/(?:api\/)?seasons\/[^/]+\/(?:rounds\/[^/]+\/)?live(?:\/|$)/.test(path);
}

const HEARTBEAT = new TextEncoder().encode(": heartbeat\n\n");
/**
 * What a viewer's EventSource waits before reconnecting after its stream drops (`retry:`, sent
 * first on every stream; browsers wait about 3 s without it). Under the one post a second the
 * bench replays, and the updates a timing system sends during a race, so that a viewer whose node
 * dies is back, on another node with Last-Event-ID, before the next update: it loses the one in
 * flight for half a second, not a second or three. Not lower: each viewer of a node that cannot
 * be reached tries again this often (docs/live.md).
 */
export const RECONNECT_MS = 500;
const RETRY = new TextEncoder().encode(`retry: ${RECONNECT_MS}\n\n`);
/** What a node keeps for one slow viewer before letting it go (it reconnects and catches up). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache",
  "X-Accel-Buffering": "no", // nginx: pass each frame on at once
  "X-Content-Type-Options": "nosniff",
};

/**
 * Last-Event-ID (header, or ?lastEventId= for clients that cannot set headers): the seq of the
 * last update the viewer has; null when absent. A malformed one is a bad request.
 */
function lastEventId(c: Context): number | null {
  const raw = c.req.header("Last-Event-ID") ?? c.req.query("lastEventId");
  if (raw === undefined || raw.trim() === "") return null;
  if (!/^\d{1,15}$/.test(raw.trim()))
    throw new ApiError("INVALID_REQUEST", `Last-Event-ID must be an update's seq, not "${raw}"`);
  return Number(raw.trim());
}

/** ?view=: `viewer` (default: what the pages draw, viewer-update.ts) or `full` (whole LiveUpdate). */
function viewOf(c: Context): LiveView {
  const view = c.req.query("view");
  if (view === undefined || view === "viewer") return "viewer";
  if (view === "full") return "full";
  throw new ApiError("INVALID_REQUEST", `view must be "viewer" or "full", not "${view}"`);
}

export interface LiveStreamOptions {
  readonly heartbeatMs?: number;
}

/** `hub`: this node's fan-out; `service`: to answer 404 for seasons and rounds it does not have. */
export function liveStreamRoutes(
  hub: LiveHub,
  service: SeasonService,
  options: LiveStreamOptions = {},
): Hono {
  const app = new Hono();
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const open = new Set<() => void>();
  // Closing the bus (server shutdown) ends every stream, so the server can close.
  void hub.bus.closed.then(() => {
    for (const end of [...open]) end();
  });

  const seasonOr404 = async (id: string) => {
    const view = await service.season(id);
    if (!view)
      throw new ApiError(
        "NOT_FOUND",
        `season "${id}" is not in this Paddock; GET /api/seasons lists them`,
      );
    return view;
  };

  /**
   * Streams frames until the viewer leaves or the server stops. The viewer is watching before the
   * answer's headers go out: a client that has them misses nothing published after.
   */
  const stream = async (
    c: Context,
    view: LiveView,
    watch: (send: (frame: LiveFrame) => void) => Promise<() => void>,
  ): Promise<Response> => {
    const early: LiveFrame[] = [];
    let sink: ((frame: LiveFrame) => void) | undefined;
    const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    // A viewer may leave while its watch is being set up: listened for before the wait.
    let gone = false;
    const leaving = () => (gone = true);
    if (outgoing instanceof ServerResponse) outgoing.once("close", leaving);
    const stop = await watch((frame) => (sink ? sink(frame) : early.push(frame)));
    if (outgoing instanceof ServerResponse) {
      outgoing.off("close", leaving);
      gone ||= outgoing.destroyed;
    }
    if (gone || c.req.raw.signal.aborted) {
      stop();
      return new Response(null, { headers: { "x-hono-already-sent": "true" } });
    }
    if (outgoing instanceof ServerResponse) {
      // Under @hono/node-server: frames go straight to the socket, the same bytes for every
      // viewer, without a web stream per viewer (a few times cheaper with thousands of them).
      // The stream ends with the connection: no chunk framing, so a frame is one socket write.
      outgoing.useChunkedEncodingByDefault = false;
      outgoing.writeHead(200, SSE_HEADERS);
      outgoing.flushHeaders();
      // Headers out, the body is the connection's until it closes: frames go to the socket itself.
      const socket = outgoing.socket;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        open.delete(end);
        stop();
        outgoing.end();
      };
      const write = (bytes: Uint8Array) => {
        if (ended) return;
        // A viewer that reads far slower than the race runs is let go: it reconnects with
        // Last-Event-ID and catches up, instead of this node buffering for it.
        if (!socket || socket.writableLength > MAX_BUFFERED_BYTES) end();
        else socket.write(bytes);
      };
      const heartbeat = setInterval(() => write(HEARTBEAT), heartbeatMs);
      open.add(end);
      outgoing.once("close", end);
      write(RETRY);
      for (const frame of early.splice(0)) write(frameBytes(frame, view));
      sink = (frame) => write(frameBytes(frame, view));
      return new Response(null, { headers: { "x-hono-already-sent": "true" } });
    }
    c.header("X-Accel-Buffering", "no"); // nginx: pass each frame on at once
    return streamSSE(c, async (sse: SSEStreamingApi) => {
      let ended!: () => void;
      const done = new Promise<void>((resolve) => (ended = resolve));
      open.add(ended);
      sse.onAbort(ended);
      const send = (bytes: Uint8Array) => {
        if (!sse.aborted && !sse.closed) void sse.write(bytes).catch(ended);
      };
      const heartbeat = setInterval(() => send(HEARTBEAT), heartbeatMs);
      try {
        await sse.write(RETRY);
        for (const frame of early.splice(0)) send(frameBytes(frame, view));
        sink = (frame) => send(frameBytes(frame, view));
        await done;
      } finally {
        clearInterval(heartbeat);
        open.delete(ended);
        stop();
      }
    });
  };

  /** ?ifLive=1: 204 No Content (which tells EventSource not to reconnect) when nothing is live. */
  const ifLive = (c: Context) => c.req.query("ifLive") === "1";

  app.get("/seasons/:season/rounds/:round/live/stream", async (c) => {
    const view = await seasonOr404(c.req.param("season"));
    const number = Number(c.req.param("round"));
    const round = view.season.rounds.find((r) => r.number !== null && r.number === number);
    if (!round)
      throw new ApiError("UNKNOWN_ROUND", `round ${c.req.param("round")} is not on the calendar`);
    const after = lastEventId(c);
    const form = viewOf(c);
    // Official results are in: nothing live any more (204 tells EventSource not to reconnect).
    if (!mayRunLive(view.season, round)) return c.body(null, 204);
    if (ifLive(c) && (await hub.latest(view.season.id, number)) === null) return c.body(null, 204);
    return stream(c, form, (send) => hub.watchRound(view.season.id, number, after, send));
  });

  app.get("/seasons/:season/live/stream", async (c) => {
    const form = viewOf(c);
    const view = await seasonOr404(c.req.param("season"));
    // Rounds whose official results are in are left out: their old live data is no news.
    const live = new Set(
      view.season.rounds.flatMap((r) =>
        r.number !== null && mayRunLive(view.season, r) ? [r.number] : [],
      ),
    );
    if (ifLive(c)) {
      const latest = await Promise.all([...live].map((n) => hub.latest(view.season.id, n)));
      if (latest.every((u) => u === null)) return c.body(null, 204);
    }
    return stream(c, form, (send) => hub.watchSeason(view.season.id, send, (n) => live.has(n)));
  });

  return app;
}

const ErrorBody = z.object({ error: z.string(), message: z.string() });
const errorJson = (description: string) => ({
  content: { "application/json": { schema: ErrorBody } },
  description,
});
const eventStream = (description: string) => ({
  content: {
    "text/event-stream": {
      schema: z.string().openapi({
        description:
          "Server-Sent Events: `event: update`, `data:` one update as JSON (provisional: true; its viewer form, or the whole LiveUpdate with view=full), `id:` its seq; `event: ended` (data: seasonId, round, raceId) when the round's live data ends; a comment line every 15 s",
      }),
    },
  },
  description,
});
const View = z.enum(["viewer", "full"]).optional().openapi({
  description:
    "viewer (default): each update in its viewer form, the fields the pages draw (docs/live.md); full: the whole LiveUpdate, as GET …/live answers",
});
const IfLive = z
  .enum(["1"])
  .optional()
  .openapi({ description: "1: answer 204 (no stream) when nothing of it is live" });

/** Puts the live streams in the OpenAPI document of the /api app. */
export function documentLiveStreams(api: OpenAPIHono): void {
  const registry = api.openAPIRegistry;
  registry.registerPath({
    method: "get",
    path: "/seasons/{season}/rounds/{round}/live/stream",
    tags: ["live"],
    summary:
      "A round's live provisional updates (SSE): the latest, then each new one; Last-Event-ID sends the updates missed (up to 100; else the latest)",
    request: {
      params: z.object({
        season: z.string().openapi({ example: "alms-2003" }),
        round: z.coerce.number().int().openapi({ example: 7 }),
      }),
      query: z.object({
        lastEventId: z.string().optional().openapi({
          description: "the seq of the last update seen, as the Last-Event-ID header",
        }),
        ifLive: IfLive,
        view: View,
      }),
      headers: z.object({
        "last-event-id": z
          .string()
          .optional()
          .openapi({ description: "the seq of the last update seen: every later one is sent" }),
      }),
    },
    responses: {
      200: eventStream("the stream, open until the viewer leaves"),
      204: {
        description:
          "the round's official results are in, or ifLive=1 and nothing of this round is live",
      },
      400: errorJson("a malformed Last-Event-ID, or a view other than viewer or full"),
      404: errorJson("no such season or round"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/seasons/{season}/live/stream",
    tags: ["live"],
    summary:
      "A season's live provisional updates (SSE): the latest of each round, then each new one",
    request: {
      params: z.object({ season: z.string().openapi({ example: "alms-2003" }) }),
      query: z.object({ ifLive: IfLive, view: View }),
    },
    responses: {
      200: eventStream("the stream, open until the viewer leaves; `id:` is round.seq"),
      204: {
        description: "ifLive=1 and no round of this season that can still run live is live",
      },
      400: errorJson("a view other than viewer or full"),
      404: errorJson("no such season"),
    },
  });
}
