// The JSON API under /api. Request parameters are validated by the same zod schemas the OpenAPI
// document (/api/openapi.json) is generated from; tables also come as CSV (?format=csv).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Standings } from "../core/compute-standings.js";
import { numberedRounds } from "../core/season.js";
import { decisionsTabular } from "../formats/tables/decisions-view.js";
import { toCsv } from "../formats/tables/tabular.js";
import type { Tabular } from "../formats/tables/tabular.js";
import {
  calendarTabular,
  entriesTabular,
  resultsTabular,
  scenarioJson,
  standingsJson,
  standingsTabular,
} from "../formats/tables/season-views.js";
import { SESSION_COOKIE } from "../auth/auth.js";
import { AS_OF_TIME, AS_OF_VERSION } from "../service/season-service.js";
import type { SeasonService, SeasonView } from "../service/season-service.js";
import type { ImportWorkers } from "../import-pool.js";
import type { RaceControl } from "../service/race-control.js";
import { registerLiveRoutes } from "./live-routes.js";
import type { LiveRaces } from "../service/live-races.js";
import { ApiError } from "./api-error.js";
import { apiReferencePage } from "./api-reference.js";
import { documentAuthApi } from "./auth-api-routes.js";
import { registerRaceControlRoutes } from "./race-control-routes.js";
import { RaceResultsSchema, raceResultsJson } from "./round-results-json.js";
import { seasonCalendarIcs } from "./season-calendar-ics.js";

const ErrorSchema = z.object({ error: z.string(), message: z.string() }).openapi("Error");
const SeasonParams = z.object({
  season: z
    .string()
    .min(1)
    .openapi({ param: { name: "season", in: "path" }, example: "alms-2003" }),
});
const RoundParams = SeasonParams.extend({
  round: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "round", in: "path" }, example: 7 }),
});
const FormatQuery = z.object({
  format: z
    .enum(["json", "csv"])
    .default("json")
    .openapi({ description: "json, or csv for the table" }),
});
const ClassQuery = z.object({
  class: z.string().optional().openapi({ description: "a class id, e.g. GT", example: "GT" }),
});
const StandingsQuery = FormatQuery.extend(ClassQuery.shape).extend({
  championship: z
    .string()
    .optional()
    .openapi({ description: "a championship id or kind (teams, drivers, manufacturers)" }),
  afterRound: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: "standings as they stood after this round" }),
  trail: z
    .enum(["true", "false"])
    .default("false")
    .openapi({ description: "include each row's points trail" }),
  version: z
    .string()
    .regex(AS_OF_VERSION)
    .optional()
    .openapi({ description: "the standings as this recorded version of the season left them" }),
  asOf: z.string().regex(AS_OF_TIME).optional().openapi({
    description: "the standings as the last version written on or before this date (UTC) left them",
    example: "2025-05-10",
  }),
});
const ScenariosQuery = z.object({
  afterRound: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ description: "the last round counted", example: 8 }),
});

/** A team or a driver: id, name, nationality and the other names sources print. */
const NamedSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nationality: z.string().nullable(),
    aliases: z.array(z.string()),
  })
  .openapi("Named");
const SeasonSummarySchema = z
  .object({
    id: z.string(),
    seriesId: z.string(),
    seriesName: z.string(),
    year: z.number(),
    name: z.string(),
    rounds: z.number(),
    completedRounds: z.number(),
    version: z.string(),
  })
  .openapi("SeasonSummary");
const PointsText = z
  .string()
  .openapi({ description: 'exact points: "170", "12.5" or "100/3"', example: "182" });
const StandingsSchema = z
  .object({
    season: z.string(),
    rules: z.object({ id: z.string(), version: z.number() }),
    afterRound: z.number().nullable(),
    pointsFormat: z.string(),
    tables: z.array(
      z.object({
        championship: z.string(),
        name: z.string(),
        kind: z.enum(["teams", "drivers", "manufacturers"]),
        class: z.string().nullable(),
        rounds: z.array(z.number()),
        rows: z.array(
          z.object({
            position: z.number().nullable(),
            tied: z.boolean(),
            competitor: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
            rounds: z.array(
              z.object({
                round: z.number(),
                points: PointsText,
                counted: PointsText,
                marker: z.string().nullable(),
                position: z.number().nullable(),
              }),
            ),
            gross: PointsText,
            deductions: PointsText,
            total: PointsText,
            excluded: z.boolean(),
            marker: z
              .literal("EX")
              .optional()
              .describe("excluded from the championship by a stewards' decision, listed last"),
            pointsHidden: z
              .boolean()
              .optional()
              .describe("true: the rules say this excluded competitor's points are not shown"),
            note: z.string(),
            trail: z.array(z.record(z.string(), z.unknown())).optional(),
          }),
        ),
      }),
    ),
  })
  .openapi("Standings");
const TableSchema = z
  .array(z.object({ title: z.string(), rows: z.array(z.record(z.string(), z.string())) }))
  .openapi("Tables", { description: "one or more tables: a title and rows keyed by column" });

const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const errors = {
  400: json(ErrorSchema, "invalid request"),
  404: json(ErrorSchema, "no such season, round or class"),
};
const tableResponses = (description: string) => ({
  200: {
    content: { "application/json": { schema: TableSchema }, "text/csv": { schema: z.string() } },
    description,
  },
  ...errors,
});

/** Sends tables as JSON records, or as CSV when asked. */
function sendTables(c: Context, tables: readonly Tabular[], format: "json" | "csv") {
  if (format === "csv")
    return c.body(toCsv(tables), 200, { "Content-Type": "text/csv; charset=utf-8" });
  return c.json(
    tables.map((t) => ({
      title: t.title,
      rows: t.rows.map((r) => Object.fromEntries(t.columns.map((col, i) => [col, r[i] ?? ""]))),
    })),
  );
}

/**
 * `raceControl`: the write routes (race control), when the app has accounts to guard them, with
 * the workers that preview uploads.
 */
export function apiRoutes(
  service: SeasonService,
  raceControl?: { readonly control: RaceControl; readonly workers: ImportWorkers },
  live?: LiveRaces,
): OpenAPIHono {
  const api = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success)
        throw new ApiError(
          "INVALID_REQUEST",
          result.error.issues
            .map((i) => `${i.path.join(".") || "request"}: ${i.message}`)
            .join("; "),
        );
    },
  });
  const seasonOr404 = async (id: string): Promise<SeasonView> => {
    const view = await service.season(id);
    if (!view)
      throw new ApiError(
        "NOT_FOUND",
        `season "${id}" is not in this Paddock; GET /api/seasons lists them`,
      );
    return view;
  };
  const classOr404 = (view: SeasonView, klass: string | undefined): string | undefined => {
    if (klass === undefined) return undefined;
    const found = view.season.classes.find((k) => k.id.toLowerCase() === klass.toLowerCase());
    if (!found)
      throw new ApiError(
        "UNKNOWN_CLASS",
        `class "${klass}" is not one of ${view.season.classes.map((k) => k.id).join(", ")}`,
      );
    return found.id;
  };

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons",
      tags: ["seasons"],
      summary: "Every season",
      responses: { 200: json(z.array(SeasonSummarySchema), "season summaries") },
    }),
    async (c) => c.json(await service.listSeasons(), 200),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/series",
      tags: ["seasons"],
      summary: "Every series with its seasons",
      responses: {
        200: json(
          z.array(
            z.object({ id: z.string(), name: z.string(), seasons: z.array(SeasonSummarySchema) }),
          ),
          "series",
        ),
      },
    }),
    async (c) => {
      const seasons = await service.listSeasons();
      const series = new Map<string, { id: string; name: string; seasons: typeof seasons }>();
      for (const s of seasons) {
        const entry = series.get(s.seriesId) ?? { id: s.seriesId, name: s.seriesName, seasons: [] };
        entry.seasons.push(s);
        series.set(s.seriesId, entry);
      }
      return c.json([...series.values()], 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}",
      tags: ["seasons"],
      summary: "A season: series, classes, rounds, teams, counts",
      request: { params: SeasonParams },
      responses: { 200: json(z.record(z.string(), z.unknown()), "the season"), ...errors },
    }),
    async (c) => {
      const view = await seasonOr404(c.req.valid("param").season);
      const s = view.season;
      return c.json(
        {
          ...view.summary,
          series: s.series,
          classes: s.classes,
          rounds: s.rounds.map((r) => ({
            number: r.number,
            name: r.name,
            circuit: r.circuit,
            date: r.date,
            status: r.status,
            races: r.races.map((x) => ({ id: x.id, name: x.name })),
          })),
          teams: s.teams,
          counts: {
            entries: s.entries.length,
            drivers: s.drivers.length,
            results: s.results.length,
            decisions: s.decisions.length,
          },
          rules: {
            id: view.rules.id,
            name: view.rules.name,
            version: view.rules.version,
            championships: view.rules.championships.map((ch) => ({
              id: ch.id,
              name: ch.name,
              kind: ch.kind,
              perClass: ch.perClass,
            })),
          },
          provenance: s.provenance,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/calendar",
      tags: ["seasons"],
      summary: "The calendar, cancelled rounds included",
      request: { params: SeasonParams, query: FormatQuery },
      responses: tableResponses("the calendar"),
    }),
    async (c) =>
      sendTables(
        c,
        [calendarTabular((await seasonOr404(c.req.valid("param").season)).season)],
        c.req.valid("query").format,
      ),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/calendar.ics",
      tags: ["seasons"],
      summary:
        "The calendar as an iCalendar feed to subscribe to: one all-day event per round with the circuit as location, cancelled rounds marked cancelled",
      request: { params: SeasonParams },
      responses: {
        200: {
          content: { "text/calendar": { schema: z.string() } },
          description: "the iCalendar (RFC 5545) feed",
        },
        ...errors,
      },
    }),
    async (c) => {
      const { season } = await seasonOr404(c.req.valid("param").season);
      return c.body(seasonCalendarIcs(season, new Date()), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `inline; filename="${season.id}.ics"`,
      });
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/classes",
      tags: ["seasons"],
      summary: "The classes",
      request: { params: SeasonParams },
      responses: {
        200: json(
          z.array(z.object({ id: z.string(), name: z.string(), championship: z.boolean() })),
          "classes",
        ),
        ...errors,
      },
    }),
    async (c) => c.json([...(await seasonOr404(c.req.valid("param").season)).season.classes], 200),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/teams",
      tags: ["seasons"],
      summary: "The teams with their aliases",
      request: { params: SeasonParams },
      responses: {
        200: json(z.array(NamedSchema), "teams"),
        ...errors,
      },
    }),
    async (c) => c.json([...(await seasonOr404(c.req.valid("param").season)).season.teams], 200),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/drivers",
      tags: ["seasons"],
      summary: "The drivers",
      request: { params: SeasonParams },
      responses: {
        200: json(z.array(NamedSchema), "drivers"),
        ...errors,
      },
    }),
    async (c) => c.json([...(await seasonOr404(c.req.valid("param").season)).season.drivers], 200),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/entries",
      tags: ["seasons"],
      summary: "The entry list with each driver's rounds",
      request: { params: SeasonParams, query: FormatQuery.extend(ClassQuery.shape) },
      responses: tableResponses("the entry list"),
    }),
    async (c) => {
      const view = await seasonOr404(c.req.valid("param").season);
      const q = c.req.valid("query");
      return sendTables(c, [entriesTabular(view.season, classOr404(view, q.class))], q.format);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/rounds/{round}/results",
      tags: ["results"],
      summary:
        "A round's classification, overall and per class, with the points each row earned: one item per race (csv: the table as the pages show it)",
      request: { params: RoundParams, query: FormatQuery.extend(ClassQuery.shape) },
      responses: {
        200: {
          content: {
            "application/json": { schema: z.array(RaceResultsSchema) },
            "text/csv": { schema: z.string() },
          },
          description: "the classification of each race of the round",
        },
        ...errors,
        409: json(ErrorSchema, "the round has not been raced (scheduled or cancelled)"),
      },
    }),
    async (c) => {
      const { season, round } = c.req.valid("param");
      const q = c.req.valid("query");
      const view = await seasonOr404(season);
      const r = numberedRounds(view.season).find((x) => x.number === round);
      if (!r)
        throw new ApiError(
          "UNKNOWN_ROUND",
          `round ${round} is not on the calendar of ${view.season.name}`,
        );
      if (r.status !== "completed")
        throw new ApiError(
          "ROUND_NOT_RACED",
          `round ${round} (${r.name}) is ${r.status}: it has no results`,
        );
      const standings = service.standings(view);
      const klass = classOr404(view, q.class);
      if (q.format === "json")
        return c.json(
          r.races.map((race) => raceResultsJson(view.season, view.rules, standings, race, klass)),
          200,
        );
      return sendTables(
        c,
        r.races.map((race) => resultsTabular(view.season, view.rules, standings, race, klass)),
        "csv",
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/decisions",
      tags: ["results"],
      summary:
        "The stewards' decisions of the season, or of one round: what each did, to whom, why, and whether it stands",
      request: {
        params: SeasonParams,
        query: FormatQuery.extend({
          round: z.coerce
            .number()
            .int()
            .min(1)
            .optional()
            .openapi({ description: "only this round's decisions", example: 4 }),
        }),
      },
      responses: tableResponses("the decisions"),
    }),
    async (c) => {
      const q = c.req.valid("query");
      const view = await seasonOr404(c.req.valid("param").season);
      return sendTables(c, [decisionsTabular(view.season, q.round)], q.format);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/standings",
      tags: ["standings"],
      summary:
        "Standings of every championship (per class where the rules say so), with per-round points and markers; the points trail on request",
      request: { params: SeasonParams, query: StandingsQuery },
      responses: {
        200: {
          content: {
            "application/json": { schema: StandingsSchema },
            "text/csv": { schema: z.string() },
          },
          description: "standings",
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const current = await seasonOr404(c.req.valid("param").season);
      let view = current;
      if (q.version !== undefined || q.asOf !== undefined) {
        const past = await service.seasonAsOf(
          current.season.id,
          q.version !== undefined ? { version: q.version } : { at: q.asOf as string },
        );
        if (!past)
          throw new ApiError(
            "NOT_FOUND",
            `the season has no recorded version ${q.version ?? `on or before ${q.asOf}`}`,
          );
        view = past;
      }
      const klass = classOr404(view, q.class);
      if (q.afterRound !== undefined && !view.season.rounds.some((r) => r.number === q.afterRound))
        throw new ApiError("UNKNOWN_ROUND", `round ${q.afterRound} is not on the calendar`);
      const standings = service.standings(view, q.afterRound);
      const tables = standings.tables.filter(
        (t) =>
          (klass === undefined || t.classId === null || t.classId === klass) &&
          (q.championship === undefined ||
            t.championshipId === q.championship ||
            t.kind === q.championship),
      );
      if (tables.length === 0)
        throw new ApiError(
          "UNKNOWN_CHAMPIONSHIP",
          `no championship matches; the rules define ${view.rules.championships.map((ch) => ch.id).join(", ")}`,
        );
      if (q.format === "csv")
        return sendTables(
          c,
          tables.map((t) => standingsTabular(view.season, t, true)),
          "csv",
        );
      return c.json(
        standingsJson(view.season, view.rules, standings, tables, q.trail === "true"),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/summary",
      tags: ["results"],
      summary: "Season results: class winners per round, the overall winner marked",
      request: { params: SeasonParams },
      responses: {
        200: json(z.array(z.record(z.string(), z.unknown())), "class winners per race"),
        ...errors,
      },
    }),
    async (c) => {
      const view = await seasonOr404(c.req.valid("param").season);
      const teamName = new Map(view.season.teams.map((t) => [t.id, t.name]));
      const driverName = new Map(view.season.drivers.map((d) => [d.id, d.name]));
      return c.json(
        service.winners(view).map((w) => ({
          round: w.round,
          race: w.race.id,
          circuit: w.circuit,
          winners: Object.fromEntries(
            [...w.byClass].map(([k, p]) => [
              k,
              p === null
                ? null
                : {
                    number: p.row.number,
                    team:
                      p.row.teamId === null ? null : (teamName.get(p.row.teamId) ?? p.row.teamId),
                    drivers: p.row.driverIds.map((d) => driverName.get(d) ?? d),
                    overallWinner: w.overallClass === k,
                  },
            ]),
          ),
        })),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/scenarios",
      tags: ["standings"],
      summary:
        "Title scenarios after a round: contenders, clinched titles, what each contender needs",
      request: { params: SeasonParams, query: ScenariosQuery },
      responses: {
        200: json(
          z.array(z.record(z.string(), z.unknown())),
          "one scenario per championship table",
        ),
        ...errors,
      },
    }),
    async (c) => {
      const view = await seasonOr404(c.req.valid("param").season);
      const { afterRound } = c.req.valid("query");
      if (!view.season.rounds.some((r) => r.number === afterRound))
        throw new ApiError("UNKNOWN_ROUND", `round ${afterRound} is not on the calendar`);
      return c.json(service.scenarios(view, afterRound).map(scenarioJson), 200);
    },
  );

  if (raceControl)
    registerRaceControlRoutes(api, raceControl.control, service, raceControl.workers);
  if (live) registerLiveRoutes(api, live);
  documentApiExtras(api);
  api.doc31("/openapi.json", API_DOCUMENT);
  // The reference page lists what the document does, so it cannot leave an operation out.
  let reference: string | undefined;
  api.get("/docs", (c) =>
    c.html((reference ??= apiReferencePage(api.getOpenAPI31Document(API_DOCUMENT)))),
  );
  return api;
}

const API_DOCUMENT = {
  openapi: "3.1.0",
  // Paths below are relative to /api, where this app is mounted.
  servers: [{ url: "/api" }],
  info: {
    title: "Paddock API",
    version: "1.0.0",
    description:
      'Seasons, calendars, entries, classifications and computed standings of motorsport championships. Points are exact strings: "170", "12.5", "100/3". Reading needs no account; writes need an API token (Authorization: Bearer pdk_…) or the login cookie with its CSRF token.',
  },
};

/**
 * What the document needs beside the season routes: the account routes (served by
 * authApiRoutes, mounted beside this app), the document and the reference page themselves, and
 * the security schemes (race control registers the same when it is there).
 */
function documentApiExtras(api: OpenAPIHono): void {
  const registry = api.openAPIRegistry;
  const registered = new Set(
    registry.definitions.flatMap((d) => (d.type === "component" ? [d.name] : [])),
  );
  if (!registered.has("bearer"))
    registry.registerComponent("securitySchemes", "bearer", {
      type: "http",
      scheme: "bearer",
      description: "an API token (pdk_…) from /account or `paddock user token`",
    });
  if (!registered.has("session"))
    registry.registerComponent("securitySchemes", "session", {
      type: "apiKey",
      in: "cookie",
      name: SESSION_COOKIE,
      description: "the login cookie; writes also need the X-CSRF-Token header",
    });
  documentAuthApi(registry);
  registry.registerPath({
    method: "get",
    path: "/openapi.json",
    tags: ["reference"],
    summary: "This API as an OpenAPI 3.1 document",
    responses: { 200: json(z.record(z.string(), z.unknown()), "the OpenAPI document") },
  });
  registry.registerPath({
    method: "get",
    path: "/docs",
    tags: ["reference"],
    summary: "This API's reference page: every operation, for people",
    responses: {
      200: { content: { "text/html": { schema: z.string() } }, description: "the page" },
    },
  });
}

/** Standings as plain data, for callers comparing the API with the engine. */
export type StandingsPayload = ReturnType<typeof standingsJson>;
export type { Standings };
