// The HTTP application: the JSON API under /api, the web pages, /healthz, structured request
// logs, ETags and the one error mapping. Built from a SeasonService; knows nothing of the store.
import { Hono } from "hono";
import { apiRoutes } from "./api/api-routes.js";
import { ApiError, errorResponse } from "./api/api-error.js";
import { apiReferencePage } from "./api/api-reference.js";
import { responseCache } from "./response-cache.js";
import type { SeasonService } from "./service/season-service.js";
import { webRoutes } from "./web/web-routes.js";

export type LogLine = Record<string, unknown>;
export type Logger = (line: LogLine) => void;

/** `requestLog`: log a line per request (off when the log level leaves info lines out). */
export function httpApp(
  service: SeasonService,
  log: Logger,
  options: { requestLog?: boolean } = {},
): Hono {
  const app = new Hono();
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
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // Reads are cached whole per content version: a season's pages and API answers until it changes.
  app.use(
    "*",
    responseCache((path) => service.contentVersion(path)),
  );
  app.use("/api/*", async (c, next) => {
    await next();
    if (c.req.method === "GET" && c.res.status === 200 && !c.res.headers.has("Cache-Control"))
      c.header("Cache-Control", "public, max-age=60, stale-while-revalidate=300");
  });
  app.get("/api/docs", (c) => c.html(apiReferencePage()));
  app.route("/api", apiRoutes(service));
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
