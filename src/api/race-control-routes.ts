// The write half of the JSON API: season administration, result imports (preview, then commit),
// stewards' decisions, publication, and the audit log. Every route needs a logged-in user in the
// right role (cookie session with its CSRF token, or an API token); expected failures are
// ProblemsError (422, every problem with file, line and field), VersionConflictError (409) and
// NotFoundError (404), mapped in api-error.ts. A write may send the version it was prepared
// from as `If-Match: "<version>"` or `expectedVersion`; without one, the version read when the
// request arrives is expected, which still keeps two concurrent writes from both landing.
import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { JSONValue } from "hono/utils/types";
import { requireRole } from "../auth/auth.js";
import { DECISION_KINDS, RESULT_STATUSES, ROUND_STATUSES } from "../core/vocabulary.js";
import { seasonFileSchema } from "../core/season-input.js";
import { IMPORT_LAYOUTS, columnMappingSchema } from "../imports/result-layouts.js";
import type { ChangeOutcome, RaceControl } from "../service/race-control.js";
import { commitEntryList } from "../service/entry-list-import.js";
import type { SeasonService } from "../service/season-service.js";
import { BODY_LIMITS, readSharedBody, uploadedFile } from "../http-body.js";
import type { ImportWorkers, PreviewAnswer } from "../import-pool.js";
import { ApiError } from "./api-error.js";

const ErrorSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    problems: z
      .array(
        z.object({
          code: z.string(),
          message: z.string(),
          file: z.string().optional(),
          line: z.number().optional(),
          field: z.string().optional(),
        }),
      )
      .optional(),
    currentVersion: z.string().nullable().optional(),
  })
  .openapi("WriteError");
const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const writeErrors = {
  400: json(ErrorSchema, "malformed request"),
  401: json(ErrorSchema, "not logged in (no session cookie or API token)"),
  403: json(ErrorSchema, "wrong role, or a cookie request without its CSRF token"),
  404: json(ErrorSchema, "no such season, race or round"),
  409: json(ErrorSchema, "the season changed since the version the change was prepared from"),
  422: json(ErrorSchema, "the input has problems; each names its file, line and field"),
};
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

const SeasonParams = z.object({
  season: z
    .string()
    .min(1)
    .openapi({ param: { name: "season", in: "path" }, example: "alms-2003" }),
});
const RaceParams = SeasonParams.extend({
  race: z
    .string()
    .min(1)
    .openapi({ param: { name: "race", in: "path" }, example: "r1" }),
});
const RoundParams = SeasonParams.extend({
  round: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "round", in: "path" } }),
});
const ChangeFields = {
  reason: z.string().optional().openapi({ description: "why: kept in the audit log" }),
  expectedVersion: z
    .string()
    .optional()
    .openapi({ description: "the season version this change was prepared from" }),
};
const WrittenSchema = z
  .object({ season: z.string(), version: z.string() })
  .openapi("Written", { description: "the season's new version" });
const cells = z.record(z.string(), z.union([z.string(), z.number()]));

const ImportQuery = z.object({
  file: z
    .string()
    .min(1)
    .default("upload.csv")
    .openapi({ description: "the file's name, as problems will name it" }),
  layout: z.enum(["auto", ...IMPORT_LAYOUTS]).default("auto"),
  mapping: z
    .string()
    .optional()
    .openapi({ description: "custom layout: the column mapping as JSON" }),
  reason: ChangeFields.reason,
  expectedVersion: ChangeFields.expectedVersion,
  acceptWarnings: z.enum(["true", "false"]).optional().openapi({
    description:
      "commit only: true to import although the preview has warnings (positions with gaps, laps or times out of order, a classified car with 0 laps, a fastest lap beyond the car's laps); without it a file with warnings is refused (422) and nothing is written",
  }),
  addUnknown: z.enum(["true", "false"]).optional().openapi({
    description:
      "true to add the cars, teams and drivers the file names that the season does not know (the preview's `additions`: new cars as entries, teams and drivers matched by name across case and accents, else added) with the results, in the same change; the preview then shows the rows as they would be with them. Without it they are errors (422) and nothing is written",
  }),
});

/** The version a write expects: If-Match, else the body's or query's expectedVersion. */
function expectedVersion(c: Context, given: string | undefined): string | undefined {
  const header = c.req.header("If-Match");
  if (header) return header.replace(/^W\//, "").replace(/"/g, "").trim();
  return given;
}

const written = (o: Pick<ChangeOutcome, "summary">) => ({
  season: o.summary.id,
  version: o.summary.version,
});

/**
 * The uploaded file: a multipart form's "file" (split in place by the form guard), else the raw
 * body, read as it streams in (http-body.ts: never copied whole on the server's thread).
 */
async function uploadedBytes(c: Context): Promise<Uint8Array> {
  const type = c.req.header("Content-Type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const file = uploadedFile(c, "file");
    if (!file) throw new ApiError("INVALID_REQUEST", 'send the file in field "file"');
    return file.bytes;
  }
  return readSharedBody(c, BODY_LIMITS.upload);
}

/** A preview the import worker wrote as JSON (what c.json would send): sent as it is. */
const jsonAnswer = (c: Context, answer: PreviewAnswer) =>
  c.body(answer.body as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": "application/json",
  }) as Response as Response & TypedResponse<JSONValue, 200, "json">;

function parseMapping(text: string | undefined) {
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError("INVALID_REQUEST", "mapping: not valid JSON");
  }
  const parsed = columnMappingSchema.safeParse(raw);
  if (!parsed.success)
    throw new ApiError(
      "INVALID_REQUEST",
      `mapping: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

const actor = (c: Context) => ({ username: c.var.user?.username ?? "anonymous" });
const asCells = (o: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

export function registerRaceControlRoutes(
  api: OpenAPIHono,
  control: RaceControl,
  service: SeasonService,
  workers: ImportWorkers,
): void {
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "an API token (pdk_…) from /account or `paddock user token`",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "paddock_session",
    description: "the login cookie; writes also need the X-CSRF-Token header",
  });
  const steward = requireRole("steward");
  const admin = requireRole("admin");

  // --- season administration (organisers) ---
  api.use("/seasons", async (c, next) => (c.req.method === "POST" ? admin(c, next) : next()));
  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons",
      summary: "Create a season (organisers)",
      security,
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                season: z
                  .record(z.string(), z.unknown())
                  .openapi({ description: "season.json's fields" }),
                rules: z
                  .record(z.string(), z.unknown())
                  .openapi({ description: "the points-rules document" }),
                reason: ChangeFields.reason,
              }),
            },
          },
        },
      },
      responses: { 201: json(WrittenSchema, "created"), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const parsed = seasonFileSchema.safeParse({
        format: "paddock-season/1",
        teams: [],
        rules: "rules.json",
        entries: "entries.csv",
        ...body.season,
      });
      if (!parsed.success)
        throw new ApiError(
          "INVALID_REQUEST",
          parsed.error.issues.map((i) => `season.${i.path.join(".")}: ${i.message}`).join("; "),
        );
      return c.json(
        written(await control.createSeason(actor(c), parsed.data, body.rules, body.reason)),
        201,
      );
    },
  );

  const adminWrite = <P extends string>(path: P) => api.use(path, admin);
  adminWrite("/seasons/:season/rules");
  adminWrite("/seasons/:season/classes");
  adminWrite("/seasons/:season/rounds");
  adminWrite("/seasons/:season/rounds/:round");
  adminWrite("/seasons/:season/teams/:team");
  adminWrite("/seasons/:season/entries");
  adminWrite("/seasons/:season/lineups");

  api.openapi(
    createRoute({
      method: "put",
      path: "/seasons/{season}/rules",
      summary: "Replace the points rules (organisers)",
      security,
      request: {
        params: SeasonParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({ rules: z.record(z.string(), z.unknown()), ...ChangeFields }),
            },
          },
        },
      },
      responses: { 200: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const o = await control.setRules(actor(c), c.req.valid("param").season, body.rules, {
        reason: body.reason,
        expectedVersion: expectedVersion(c, body.expectedVersion),
      });
      return c.json(written(o), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/classes",
      summary: "Add a class (organisers)",
      security,
      request: {
        params: SeasonParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                id: z.string(),
                name: z.string(),
                championship: z.boolean().optional(),
                ...ChangeFields,
              }),
            },
          },
        },
      },
      responses: { 201: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const { reason, expectedVersion: ev, ...klass } = c.req.valid("json");
      const o = await control.addClass(actor(c), c.req.valid("param").season, klass, {
        reason,
        expectedVersion: expectedVersion(c, ev),
      });
      return c.json(written(o), 201);
    },
  );

  const RoundBody = z.object({
    number: z.number().int().min(1),
    name: z.string().min(1),
    circuit: z.string(),
    date: z.iso.date().optional(),
    races: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
    ...ChangeFields,
  });
  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/rounds",
      summary: "Add a round to the calendar (organisers)",
      security,
      request: {
        params: SeasonParams,
        body: { content: { "application/json": { schema: RoundBody } } },
      },
      responses: { 201: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const { reason, expectedVersion: ev, ...round } = c.req.valid("json");
      const o = await control.addRound(
        actor(c),
        c.req.valid("param").season,
        {
          ...round,
          status: "scheduled",
          races: round.races ?? [{ id: `r${round.number}`, name: "Race" }],
        },
        { reason, expectedVersion: expectedVersion(c, ev) },
      );
      return c.json(written(o), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/seasons/{season}/rounds/{round}",
      summary: "Rename, move (date) or cancel a round (organisers)",
      security,
      request: {
        params: RoundParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                name: z.string().min(1).optional(),
                circuit: z.string().optional(),
                date: z.iso.date().nullable().optional(),
                status: z.enum(ROUND_STATUSES).optional(),
                note: z.string().optional(),
                ...ChangeFields,
              }),
            },
          },
        },
      },
      responses: { 200: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const { reason, expectedVersion: ev, ...patch } = c.req.valid("json");
      const { season, round } = c.req.valid("param");
      const o = await control.editRound(actor(c), season, round, patch, {
        reason,
        expectedVersion: expectedVersion(c, ev),
      });
      return c.json(written(o), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/seasons/{season}/teams/{team}",
      summary: "Add a team or replace its name, nationality and aliases (organisers)",
      security,
      request: {
        params: SeasonParams.extend({
          team: z.string().openapi({ param: { name: "team", in: "path" } }),
        }),
        body: {
          content: {
            "application/json": {
              schema: z.object({
                name: z.string().min(1),
                nationality: z.string().optional(),
                aliases: z.array(z.string().min(1)).optional(),
                ...ChangeFields,
              }),
            },
          },
        },
      },
      responses: { 200: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const { reason, expectedVersion: ev, ...team } = c.req.valid("json");
      const { season, team: id } = c.req.valid("param");
      const o = await control.putTeam(
        actor(c),
        season,
        { id, ...team },
        {
          reason,
          expectedVersion: expectedVersion(c, ev),
        },
      );
      return c.json(written(o), 200);
    },
  );

  for (const [path, kind] of [
    ["/seasons/{season}/entries", "entry"],
    ["/seasons/{season}/lineups", "lineup"],
  ] as const)
    api.openapi(
      createRoute({
        method: "post",
        path,
        summary:
          kind === "entry"
            ? "Add an entry: the columns of entries.csv (organisers)"
            : "Add a driver to an entry: the columns of drivers.csv (organisers)",
        security,
        request: {
          params: SeasonParams,
          body: {
            content: { "application/json": { schema: z.object({ row: cells, ...ChangeFields }) } },
          },
        },
        responses: { 201: json(WrittenSchema, "written"), ...writeErrors },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const request = {
          reason: body.reason,
          expectedVersion: expectedVersion(c, body.expectedVersion),
        };
        const season = c.req.valid("param").season;
        const o =
          kind === "entry"
            ? await control.addEntry(actor(c), season, asCells(body.row), request)
            : await control.addLineup(actor(c), season, asCells(body.row), request);
        return c.json(written(o), 201);
      },
    );

  // --- results, decisions, publication (stewards and organisers) ---
  // Request bodies are capped for the whole app (http-app.ts), uploads included.
  api.use("/seasons/:season/races/:race/results/preview", steward);
  api.use("/seasons/:season/races/:race/results", async (c, next) =>
    c.req.method === "GET" ? next() : steward(c, next),
  );
  api.use("/seasons/:season/races/:race/publication", steward);
  // The decisions list is public; recording one is the stewards'.
  api.use("/seasons/:season/decisions", async (c, next) =>
    c.req.method === "GET" ? next() : steward(c, next),
  );
  api.use("/seasons/:season/changes", steward);

  // The file is the raw request body (any content type: timing exports come as text/csv,
  // application/octet-stream, …) or a multipart form's "file" field. Not declared as a body
  // schema, whose media-type gate would refuse the types curl and browsers actually send.
  const uploadNote =
    "Send the classification file as exported by the timing system (any encoding) as the request body, or as the field `file` of a multipart form.";
  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/races/{race}/results/preview",
      summary: "Preview a classification import: nothing is written",
      security,
      request: { params: RaceParams, query: ImportQuery },
      description: uploadNote,
      responses: {
        200: json(
          z.record(z.string(), z.unknown()).openapi("ImportPreview"),
          "what the import would do",
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const { season, race } = c.req.valid("param");
      const q = c.req.valid("query");
      const mapping = parseMapping(q.mapping);
      const bytes = await uploadedBytes(c);
      // Parsed, validated and written as JSON on an import worker: this thread stays free.
      const answer = await workers.previewResults(
        await control.current(season),
        {
          raceId: race,
          bytes,
          file: q.file,
          layout: q.layout,
          ...(mapping ? { mapping } : {}),
          ...(q.addUnknown === "true" ? { addUnknown: true } : {}),
        },
        { as: "json" },
      );
      return jsonAnswer(c, answer);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/seasons/{season}/races/{race}/results",
      summary: "Import a race classification: replaces the race's results, all or nothing",
      security,
      request: { params: RaceParams, query: ImportQuery },
      description: uploadNote,
      responses: {
        200: json(
          WrittenSchema.extend({
            rows: z.number(),
            added: z
              .object({
                entries: z.array(z.string()),
                teams: z.array(z.string()),
                drivers: z.array(z.string()),
                lineups: z.number(),
              })
              .optional()
              .openapi({
                description: "addUnknown: the ids of the entries, teams and drivers added",
              }),
          }),
          "written (results provisional)",
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const { season, race } = c.req.valid("param");
      const q = c.req.valid("query");
      const mapping = parseMapping(q.mapping);
      const request = {
        raceId: race,
        bytes: await uploadedBytes(c),
        file: q.file,
        layout: q.layout,
        ...(mapping ? { mapping } : {}),
        ...(q.acceptWarnings === "true" ? { acceptWarnings: true } : {}),
        ...(q.addUnknown === "true" ? { addUnknown: true } : {}),
      };
      // Read, validated and written on an import worker (see ImportWorkers.commitResults).
      const o = await workers.commitResults(control, actor(c), season, request, {
        reason: q.reason,
        expectedVersion: expectedVersion(c, q.expectedVersion),
      });
      const a = o.additions;
      const added =
        a.entries.length + a.teams.length + a.drivers.length + a.lineups.length > 0
          ? {
              added: {
                entries: a.entries.map((e) => e.entryId),
                teams: a.teams.map((t) => t.id),
                drivers: a.drivers.map((d) => d.id),
                lineups: a.lineups.length,
              },
            }
          : {};
      return c.json({ ...written(o), rows: o.rows, ...added }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/seasons/{season}/races/{race}/publication",
      summary: "Publish a race's results official, or take them back to provisional",
      security,
      request: {
        params: RaceParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({ status: z.enum(RESULT_STATUSES), ...ChangeFields }),
            },
          },
        },
      },
      responses: { 200: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { season, race } = c.req.valid("param");
      const o = await control.publish(actor(c), season, race, body.status, {
        reason: body.reason,
        expectedVersion: expectedVersion(c, body.expectedVersion),
      });
      return c.json(written(o), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/decisions",
      summary: "Record a stewards' decision: penalty, disqualification, deduction, reinstatement",
      security,
      request: {
        params: SeasonParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                kind: z.enum(DECISION_KINDS),
                reason: z
                  .string()
                  .min(1)
                  .openapi({ description: "the decision's reason (published)" }),
                id: z.string().optional(),
                date: z.iso.date().optional(),
                round: z.union([z.string(), z.number()]).optional(),
                race: z.string().optional(),
                class: z.string().optional(),
                number: z.union([z.string(), z.number()]).optional(),
                team: z.string().optional(),
                entry: z.string().optional().openapi({
                  description:
                    "the entry id of the car a disqualification or penalty concerns; required where two cars carried the number in the race (a car swap)",
                }),
                driver: z.string().optional(),
                manufacturer: z.string().optional(),
                championship: z.string().optional(),
                points: z.union([z.string(), z.number()]).optional(),
                seconds: z.union([z.string(), z.number()]).optional(),
                places: z.union([z.string(), z.number()]).optional(),
                upto_round: z.union([z.string(), z.number()]).optional(),
                overturns: z.string().optional(),
                expectedVersion: ChangeFields.expectedVersion,
              }),
            },
          },
        },
      },
      responses: { 201: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const { expectedVersion: ev, ...decision } = c.req.valid("json");
      const o = await control.addDecision(
        actor(c),
        c.req.valid("param").season,
        asCells(decision),
        {
          reason: decision.reason,
          expectedVersion: expectedVersion(c, ev),
        },
      );
      return c.json(written(o), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/seasons/{season}/changes",
      summary: "The season's audit log: every change, who, when, what and why (stewards)",
      security,
      request: { params: SeasonParams },
      responses: {
        200: json(
          z.array(
            z.object({
              seasonId: z.string(),
              version: z.string(),
              at: z.string(),
              actor: z.string(),
              action: z.string(),
              reason: z.string(),
              summary: z.string(),
            }),
          ),
          "newest first",
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      c.header("Cache-Control", "no-store");
      return c.json(await service.changes(c.req.valid("param").season), 200);
    },
  );

  // --- corrections: edit and remove what was set up wrong (organisers; clearing results: stewards) ---
  const ChangeQuery = z.object(ChangeFields);
  const param = (name: string) =>
    z
      .string()
      .min(1)
      .openapi({ param: { name, in: "path" } });
  const requestOf = (
    c: Context,
    q: { reason?: string | undefined; expectedVersion?: string | undefined },
  ) => ({
    reason: q.reason,
    expectedVersion: expectedVersion(c, q.expectedVersion),
  });
  api.use("/seasons/:season/entries/:entry", admin);
  api.use("/seasons/:season/entries/:entry/drivers/:driver", admin);
  api.use("/seasons/:season/classes/:class", admin);
  api.use("/seasons/:season/races/:race", admin);
  api.use("/seasons/:season/repair", admin);
  api.use("/seasons/:season", async (c, next) =>
    c.req.method === "DELETE" ? admin(c, next) : next(),
  );
  api.use("/seasons/:season/teams/:team", async (c, next) =>
    c.req.method === "DELETE" ? admin(c, next) : next(),
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/seasons/{season}/entries/{entry}",
      summary: "Correct an entry: the entries.csv columns to change (organisers)",
      security,
      request: {
        params: SeasonParams.extend({ entry: param("entry") }),
        body: {
          content: { "application/json": { schema: z.object({ row: cells, ...ChangeFields }) } },
        },
      },
      responses: { 200: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const { season, entry } = c.req.valid("param");
      const body = c.req.valid("json");
      const o = await control.editEntry(
        actor(c),
        season,
        entry,
        asCells(body.row),
        requestOf(c, body),
      );
      return c.json(written(o), 200);
    },
  );

  // Removals: one route each, the reason and expected version in the query (or If-Match).
  const removals = [
    {
      path: "/seasons/{season}/entries/{entry}",
      params: SeasonParams.extend({ entry: param("entry") }),
      summary: "Remove an entry with its line-ups; refused while results name it (organisers)",
      run: (c: Context, p: Record<string, string>, r: ReturnType<typeof requestOf>) =>
        control.removeEntry(actor(c), p.season as string, p.entry as string, r),
    },
    {
      path: "/seasons/{season}/entries/{entry}/drivers/{driver}",
      params: SeasonParams.extend({ entry: param("entry"), driver: param("driver") }),
      summary: "Take a driver out of an entry's line-up (organisers)",
      run: (c: Context, p: Record<string, string>, r: ReturnType<typeof requestOf>) =>
        control.removeLineup(
          actor(c),
          p.season as string,
          p.entry as string,
          p.driver as string,
          r,
        ),
    },
    {
      path: "/seasons/{season}/teams/{team}",
      params: SeasonParams.extend({ team: param("team") }),
      summary: "Remove a team; refused while entries or decisions name it (organisers)",
      run: (c: Context, p: Record<string, string>, r: ReturnType<typeof requestOf>) =>
        control.removeTeam(actor(c), p.season as string, p.team as string, r),
    },
    {
      path: "/seasons/{season}/classes/{class}",
      params: SeasonParams.extend({ class: param("class") }),
      summary: "Remove a class; refused while entries or results race in it (organisers)",
      run: (c: Context, p: Record<string, string>, r: ReturnType<typeof requestOf>) =>
        control.removeClass(actor(c), p.season as string, p.class as string, r),
    },
    {
      path: "/seasons/{season}/races/{race}",
      params: RaceParams,
      summary: "Take a race off its round, with its results (organisers; the history keeps them)",
      run: (c: Context, p: Record<string, string>, r: ReturnType<typeof requestOf>) =>
        control.removeRace(actor(c), p.season as string, p.race as string, r),
    },
    {
      path: "/seasons/{season}/races/{race}/results",
      params: RaceParams,
      summary: "Empty a race's classification: an explicit, recorded action (stewards)",
      run: (c: Context, p: Record<string, string>, r: ReturnType<typeof requestOf>) =>
        control.clearResults(actor(c), p.season as string, p.race as string, r),
    },
  ];
  for (const x of removals)
    api.openapi(
      createRoute({
        method: "delete",
        path: x.path,
        summary: x.summary,
        security,
        request: { params: x.params, query: ChangeQuery },
        responses: { 200: json(WrittenSchema, "written"), ...writeErrors },
      }),
      async (c) => {
        const p = c.req.valid("param") as Record<string, string>;
        const o = await x.run(c, p, requestOf(c, c.req.valid("query")));
        return c.json(written(o), 200);
      },
    );

  // Entry lists in bulk: a CSV or .xlsx file of cars and line-ups, previewed, then written whole.
  api.use("/seasons/:season/entry-list", admin);
  api.use("/seasons/:season/entry-list/preview", admin);
  const EntryListQuery = z.object({
    file: z
      .string()
      .min(1)
      .default("entry-list.csv")
      .openapi({ description: "the file's name, as problems will name it" }),
    ...ChangeFields,
  });
  const entryListNote =
    'Send the entry list (CSV in any encoding, or an Excel .xlsx workbook: one row a car with number, class, team, chassis, engine, tyre, manufacturer, rounds, and drivers as `Driver 1`, `Nat 1`, … or one `drivers` cell separated by ";") as the request body or the field `file` of a multipart form.';
  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/entry-list/preview",
      summary:
        "Preview an entry list: cars, new teams, line-ups and every problem; nothing is written (organisers)",
      description: entryListNote,
      security,
      request: { params: SeasonParams, query: EntryListQuery },
      responses: {
        200: json(
          z.record(z.string(), z.unknown()).openapi("EntryListPreview"),
          "what the list would add",
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const bytes = await uploadedBytes(c);
      const answer = await workers.previewEntryList(
        await control.current(c.req.valid("param").season),
        { bytes, file: q.file },
        { as: "json" },
      );
      return jsonAnswer(c, answer);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/entry-list",
      summary: "Add an entry list's teams, entries and line-ups, all or nothing (organisers)",
      description: entryListNote,
      security,
      request: { params: SeasonParams, query: EntryListQuery },
      responses: {
        201: json(WrittenSchema.extend({ entries: z.number(), newTeams: z.number() }), "written"),
        ...writeErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const o = await commitEntryList(
        control,
        actor(c),
        c.req.valid("param").season,
        { bytes: await uploadedBytes(c), file: q.file },
        requestOf(c, q),
      );
      return c.json({ ...written(o), entries: o.entries, newTeams: o.newTeams }, 201);
    },
  );

  // Setup shortcuts: several rounds at once; an earlier season's teams, entries and line-ups.
  api.use("/seasons/:season/rounds/bulk", admin);
  api.use("/seasons/:season/copy-setup", admin);
  const BulkRound = z.object({
    number: z.number().int().min(1),
    name: z.string().min(1),
    circuit: z.string(),
    date: z.iso.date().optional(),
    races: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  });
  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/rounds/bulk",
      summary: "Add several rounds to the calendar in one change (organisers)",
      security,
      request: {
        params: SeasonParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({ rounds: z.array(BulkRound).min(1), ...ChangeFields }),
            },
          },
        },
      },
      responses: { 201: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const o = await control.addRounds(
        actor(c),
        c.req.valid("param").season,
        body.rounds.map((r) => ({
          ...r,
          status: "scheduled" as const,
          races: r.races ?? [{ id: `r${r.number}`, name: "Race" }],
        })),
        requestOf(c, body),
      );
      return c.json(written(o), 201);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/copy-setup",
      summary:
        "Copy the classes, teams, entries and line-ups of an earlier season; what the season has already is kept (organisers)",
      security,
      request: {
        params: SeasonParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({ from: z.string().min(1), ...ChangeFields }),
            },
          },
        },
      },
      responses: { 200: json(WrittenSchema, "written"), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const o = await control.copySetup(
        actor(c),
        c.req.valid("param").season,
        body.from,
        requestOf(c, body),
      );
      return c.json(written(o), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/seasons/{season}/repair",
      summary:
        "Rename the ids that break the id rule in a season stored before every write checked them (organisers)",
      security,
      request: {
        params: SeasonParams,
        body: {
          content: { "application/json": { schema: z.object(ChangeFields) } },
          required: false,
        },
      },
      responses: {
        200: json(
          z.object({
            renamed: z.array(z.object({ kind: z.string(), from: z.string(), to: z.string() })),
            version: z.string().nullable(),
          }),
          "the ids renamed (none: nothing was written)",
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as {
        reason?: string;
        expectedVersion?: string;
      };
      const out = await control.repairIds(
        actor(c),
        c.req.valid("param").season,
        requestOf(c, body),
      );
      return c.json({ renamed: out.renamed, version: out.summary?.version ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/seasons/{season}",
      summary: "Delete a season; its audit log stays readable (organisers)",
      security,
      request: { params: SeasonParams, query: ChangeQuery },
      responses: {
        200: json(z.object({ deleted: z.string() }), "deleted"),
        ...writeErrors,
      },
    }),
    async (c) => {
      const season = c.req.valid("param").season;
      await control.deleteSeason(actor(c), season, requestOf(c, c.req.valid("query")));
      return c.json({ deleted: season }, 200);
    },
  );
}
