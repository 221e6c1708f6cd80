// The HTTP application: the JSON API under /api, the web pages, /healthz, structured request
// logs, ETags and the one error mapping. Built from a SeasonService; knows nothing of the store.
import { Hono } from "hono";
import { apiRoutes } from "./api/api-routes.js";
import { ApiError, errorResponse } from "./api/api-error.js";
import { authApiRoutes } from "./api/auth-api-routes.js";
import { authenticate, checkBearer } from "./auth/auth.js";
import { bodyLimits, parsedForm, securityHeaders, wellFormedUrl } from "./http-guards.js";
import { ImportWorkers } from "./import-pool.js";
import { LoginThrottle } from "./auth/login-throttle.js";
import { responseCache } from "./response-cache.js";
import type { SeasonService } from "./service/season-service.js";
import type { AccountStore } from "./store/account-store.js";
import { MemoryAccountStore } from "./store/memory-account-store.js";
import { accountRoutes } from "./web/account-routes.js";
import { webRoutes } from "./web/web-routes.js";
import { adminRoutes } from "./web/admin-routes.js";
import { correctionRoutes } from "./web/correction-routes.js";
import type { RulesPreset } from "./formats/rules-presets.js";
import type { RaceControl } from "./service/race-control.js";
import type { SeasonStore } from "./store/season-store.js";
import type { LiveRaces } from "./service/live-races.js";
import { MemoryLiveBus } from "./live/live-bus.js";
import type { LiveBus } from "./live/live-bus.js";
import { LiveHub } from "./live/live-hub.js";
import { documentLiveStreams, isLivePath, liveStreamRoutes } from "./live/live-stream-routes.js";
import { liveRoutes } from "./web/live-routes.js";

export type LogLine = Record<string, unknown>;
export type Logger = (line: LogLine) => void;

/**
 * `requestLog`: log a line per request (off when the log level leaves info lines out).
 * `accounts`: users, sessions and API tokens (default: an empty memory store, nobody can log in).
 * `trustProxy`: believe X-Forwarded-* headers. `loginThrottle`: login rate limits (tests).
 */
export function httpApp(
  service: SeasonService,
  log: Logger,
  options: {
    requestLog?: boolean;
    accounts?: AccountStore;
    trustProxy?: boolean;
    loginThrottle?: LoginThrottle;
    /**
     * Race control: the write routes and admin pages (absent: a read-only site). `workers`: the
     * threads that preview uploads (default: a pool of this app's own, started on first use).
     */
    raceControl?: {
      readonly control: RaceControl;
      readonly store: SeasonStore;
      readonly presets: readonly RulesPreset[];
      readonly workers?: ImportWorkers;
    };
    /** Live updates to viewers (SSE): NATS across nodes; default a memory bus of this app's. */
    liveBus?: LiveBus;
    /** The live timing feed (POST/GET/DELETE /api/seasons/{id}/rounds/{n}/live); absent: none. */
    live?: LiveRaces;
  } = {},
): Hono {
  const app = new Hono();
  const auth = {
    accounts: options.accounts ?? new MemoryAccountStore(),
    trustProxy: options.trustProxy ?? false,
    throttle: options.loginThrottle ?? new LoginThrottle(),
  };
  if (options.requestLog ?? true)
    app.use("*", async (c, next) => {
      const start = performance.now();
      await next();
      log({
        level: "info",
        msg: "request",
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      });
    });
  // Every answer (cached, refused or failed too) carries the security headers.
  app.use("*", securityHeaders());
  // A URL whose %-escapes do not decode is a bad request (400), whatever route it names.
  app.use("*", wellFormedUrl());
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // A request with an API token that is not valid is refused (401) before the cache can answer it.
  app.use("*", checkBearer(auth.accounts));
  // Reads are cached whole per content version: a season's pages and API answers until it changes.
  app.use(
    "*",
    // Live streams and pages change without the season changing: never cached.
    responseCache((path) =>
      isLivePath(path) ? Promise.resolve(undefined) : service.contentVersion(path),
    ),
  );
  // No request body may exceed what its route takes (a form a few KB, a document 1 MB, an
  // upload 40 MB: http-body.ts), counted as it streams in and before anything (the CSRF check
  // included) reads it: an oversize body is refused, never buffered whole.
  app.use("*", bodyLimits());
  // A form body (urlencoded or multipart) that cannot be parsed is a bad request (400), before
  // anything (the CSRF check included) reads it.
  app.use("*", parsedForm());
  // After the cache: cached public reads need no session lookup (and carry no cookie).
  app.use("*", authenticate(auth.accounts, auth));
  app.use("/api/*", async (c, next) => {
    await next();
    if (c.req.method === "GET" && c.res.status === 200 && !c.res.headers.has("Cache-Control"))
      c.header("Cache-Control", "public, max-age=60, stale-while-revalidate=300");
  });
  app.route("/api", authApiRoutes(auth));
  const raceControl = options.raceControl && {
    ...options.raceControl,
    workers: options.raceControl.workers ?? new ImportWorkers(),
  };
  const live = new LiveHub(options.liveBus ?? new MemoryLiveBus());
  app.route("/api", liveStreamRoutes(live, service));
  const api = apiRoutes(service, raceControl, options.live);
  documentLiveStreams(api);
  app.route("/api", api);
  app.route("/", accountRoutes(auth));
  if (raceControl) {
    app.route("/", adminRoutes({ ...raceControl, service }));
    app.route("/", correctionRoutes(raceControl));
  }
  app.route("/", liveRoutes(live, service));
  app.route("/", webRoutes(service));
  app.notFound((c) =>
    errorResponse(
      new ApiError("NOT_FOUND", `Nothing at ${c.req.path}. Try / or /api/docs.`),
      c,
      log,
    ),
  );
  app.onError((err, c) => errorResponse(err, c, log));
  return app;
}
