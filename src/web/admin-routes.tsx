// Race control in the browser: forms that post to the same use cases the API calls (RaceControl,
// previewImport/commitImport). Every route needs a logged-in steward or admin; forms carry the
// CSRF token (checked by the auth middleware) and the version they were prepared from. A failed
// change re-renders its form with the problems; a successful one redirects to the dashboard.
// Uploaded files wait between preview and commit in memory (a few, for half an hour at most).
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import type { Context } from "hono";
import { csrfToken, loginFirst, requireRole } from "../auth/auth.js";
import type { Problem } from "../core/problems.js";
import { DECISION_KINDS, RESULT_STATUSES, ROUND_STATUSES } from "../core/vocabulary.js";
import type { ResultStatus, RoundStatus } from "../core/vocabulary.js";
import { seasonFileSchema } from "../core/season-input.js";
import type { RulesPreset } from "../formats/rules-presets.js";
import { describeAdditions } from "../imports/classification-additions.js";
import { IMPORT_LAYOUTS, columnMappingSchema } from "../imports/result-layouts.js";
import type { ColumnMapping, ImportLayout } from "../imports/result-layouts.js";
import type { RaceControl } from "../service/race-control.js";
import type { ImportRequest } from "../service/result-import.js";
import { auditPage } from "../service/audit-log.js";
import { BusyError, NotFoundError, ProblemsError } from "../service/service-errors.js";
import type { SeasonService } from "../service/season-service.js";
import { VersionConflictError } from "../store/season-store.js";
import type { SeasonStore, VersionedSeason } from "../store/season-store.js";
import { uploadedFile } from "../http-body.js";
import type { ImportWorkers } from "../import-pool.js";
import { ApiError } from "../api/api-error.js";
import { flashHref, flashMessage } from "./flash.js";
import {
  AdminHomePage,
  AuditPage,
  EntriesAdminPage,
  ImportFormPage,
  NewSeasonPage,
  RoundEditPage,
  RulesPage,
  SeasonAdminPage,
  TeamsPage,
  adminHref,
} from "./pages/admin-pages.js";
import type { AdminContext, Notice } from "./pages/admin-pages.js";

interface PendingImport {
  readonly seasonId: string;
  readonly request: ImportRequest;
  readonly username: string;
  readonly at: number;
}

const PENDING_TTL_MS = 30 * 60 * 1000;
const PENDING_MAX = 16;

type Form = Record<string, string | File | (string | File)[]>;
const text = (form: Form, name: string): string => {
  const v = form[name];
  return typeof v === "string" ? v.trim() : "";
};

/** The notice a failed change shows, for the failures the use cases expect. */
function failureNotice(e: unknown): Notice {
  if (e instanceof ProblemsError)
    return { kind: "error", message: e.message, problems: e.problems };
  if (e instanceof VersionConflictError)
    return {
      kind: "error",
      message: `Someone else changed the season meanwhile (it is now at version ${e.currentVersion ?? "—"}). Nothing was written: look at the new state below and make your change again.`,
    };
  if (e instanceof NotFoundError || e instanceof BusyError)
    return { kind: "error", message: e.message };
  throw e;
}

export function adminRoutes(deps: {
  store: SeasonStore;
  control: RaceControl;
  service: SeasonService;
  /** The threads that preview uploads. */
  workers: ImportWorkers;
  presets: readonly RulesPreset[];
}): Hono {
  const { store, control, presets, workers } = deps;
  const web = new Hono();
  const pending = new Map<string, PendingImport>();

  // Pages: an anonymous visitor is sent to log in (303), not given a JSON 401.
  web.use("/admin", loginFirst());
  web.use("/admin/*", loginFirst());
  web.use("/admin", requireRole("steward"));
  web.use("/admin/*", requireRole("steward"));
  web.use("/admin/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  const adminOnly = requireRole("admin");

  const ctx = (c: Context): AdminContext => {
    const user = c.var.user;
    if (!user) throw new ApiError("UNAUTHORIZED", "Log in first.");
    return { user, csrf: csrfToken(c) };
  };
  const actor = (c: Context) => ({ username: ctx(c).user.username });
  const html = (c: Context, node: unknown, status: 200 | 409 | 422 | 503 = 200) =>
    c.html(`<!doctype html>${String(node)}`, status);
  const seasonOr404 = async (c: Context): Promise<VersionedSeason> => {
    const id = c.req.param("season") ?? "";
    const found = await store.getSeason(id);
    if (!found) throw new ApiError("NOT_FOUND", `No season "${id}" here.`);
    return found;
  };
  /** Redirects to a page that then says what was done (a signed ?done=, see flash.ts). */
  const done = (c: Context, seasonId: string, message: string, page = "") =>
    c.redirect(flashHref(`${adminHref(seasonId)}${page}`, message, ctx(c).user.username), 303);
  /** The notice of what the form before did, if the URL carries one for this user. */
  const doneNotice = (c: Context): { notice?: Notice } => {
    const message = flashMessage(c);
    return message === undefined ? {} : { notice: { kind: "done", message } };
  };
  const form = async (c: Context): Promise<Form> => (await c.req.parseBody({ all: true })) as Form;
  const changeRequest = (f: Form) => ({
    reason: text(f, "reason"),
    ...(text(f, "expectedVersion") ? { expectedVersion: text(f, "expectedVersion") } : {}),
  });
  const statusOf = (e: unknown) =>
    e instanceof VersionConflictError ? 409 : e instanceof BusyError ? 503 : 422;
  /** Runs a change from a form; on an expected failure re-renders the dashboard with why. */
  const dashboardChange = async (c: Context, seasonId: string, run: () => Promise<string>) => {
    try {
      return done(c, seasonId, await run());
    } catch (e) {
      const notice = failureNotice(e);
      const season = await seasonOr404(c);
      return html(c, <SeasonAdminPage ctx={ctx(c)} season={season} notice={notice} />, statusOf(e));
    }
  };

  web.get("/admin", async (c) => {
    const doneText = flashMessage(c);
    return html(
      c,
      <AdminHomePage
        ctx={ctx(c)}
        seasons={await store.listSeasons()}
        {...(doneText ? { notice: { kind: "done", message: doneText } } : {})}
      />,
    );
  });

  web.get("/admin/seasons/new", adminOnly, (c) =>
    html(c, <NewSeasonPage ctx={ctx(c)} presets={presets} />),
  );
  web.post("/admin/seasons/new", adminOnly, async (c) => {
    const f = await form(c);
    const values = Object.fromEntries(
      ["id", "name", "year", "seriesId", "seriesName", "classes", "preset", "rules", "reason"].map(
        (k) => [k, text(f, k)],
      ),
    );
    const fail = (message: string, problems?: readonly Problem[]) =>
      html(
        c,
        <NewSeasonPage
          ctx={ctx(c)}
          presets={presets}
          values={values}
          notice={{ kind: "error", message, ...(problems ? { problems } : {}) }}
        />,
        422,
      );
    let rules: unknown = presets.find((p) => p.id === values.preset)?.document;
    if (values.preset === "custom" || rules === undefined) {
      try {
        rules = JSON.parse(values.rules ?? "");
      } catch {
        return fail("The rules document is not valid JSON.");
      }
    }
    const classes = (values.classes ?? "")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [id = "", ...name] = l.split(/\s+/);
        return { id, name: name.join(" ") || id };
      });
    const parsed = seasonFileSchema.safeParse({
      format: "paddock-season/1",
      id: values.id,
      series: { id: values.seriesId, name: values.seriesName },
      year: Number(values.year),
      name: values.name,
      classes,
      rounds: [],
      teams: [],
      rules: "rules.json",
      entries: "entries.csv",
    });
    if (!parsed.success)
      return fail(
        "Some fields are not valid.",
        parsed.error.issues.map((i) => ({
          code: "INVALID_FIELD",
          message: i.message,
          field: i.path.join("."),
        })),
      );
    try {
      await control.createSeason(actor(c), parsed.data, rules, values.reason ?? "");
    } catch (e) {
      const n = failureNotice(e);
      return fail(n.message, n.problems);
    }
    return done(
      c,
      parsed.data.id,
      `Season ${parsed.data.name} created. Add its rounds, teams and entries.`,
    );
  });

  web.get("/admin/seasons/:season", async (c) => {
    const doneText = flashMessage(c);
    return html(
      c,
      <SeasonAdminPage
        ctx={ctx(c)}
        season={await seasonOr404(c)}
        {...(doneText ? { notice: { kind: "done", message: doneText } } : {})}
      />,
    );
  });

  web.post("/admin/seasons/:season/decisions", async (c) => {
    const seasonId = c.req.param("season");
    const f = await form(c);
    const kind = text(f, "kind");
    if (!(DECISION_KINDS as readonly string[]).includes(kind))
      throw new ApiError("INVALID_REQUEST", `kind must be one of ${DECISION_KINDS.join(", ")}`);
    const cells: Record<string, string> = {};
    for (const k of [
      "kind",
      "race",
      "number",
      "team",
      "entry",
      "class",
      "championship",
      "points",
      "seconds",
      "places",
      "overturns",
      "date",
      "reason",
    ])
      if (text(f, k) !== "") cells[k] = text(f, k);
    return dashboardChange(c, seasonId, async () => {
      const o = await control.addDecision(actor(c), seasonId, cells, {
        reason: cells.reason ?? "",
        ...(text(f, "expectedVersion") ? { expectedVersion: text(f, "expectedVersion") } : {}),
      });
      return `Decision recorded (version ${o.summary.version}); the standings are recomputed.`;
    });
  });

  web.post("/admin/seasons/:season/races/:race/publication", async (c) => {
    const { season: seasonId, race } = c.req.param();
    const f = await form(c);
    const status = text(f, "status") as ResultStatus;
    if (!RESULT_STATUSES.includes(status))
      throw new ApiError("INVALID_REQUEST", `status must be one of ${RESULT_STATUSES.join(", ")}`);
    return dashboardChange(c, seasonId, async () => {
      const o = await control.publish(actor(c), seasonId, race, status, changeRequest(f));
      return `Results of ${race} are now ${status} (version ${o.summary.version}).`;
    });
  });

  web.post("/admin/seasons/:season/rounds", adminOnly, async (c) => {
    const seasonId = c.req.param("season");
    const f = await form(c);
    const number = Number(text(f, "number"));
    return dashboardChange(c, seasonId, async () => {
      if (!Number.isInteger(number) || number < 1)
        throw new ProblemsError("The round needs a number from 1.", [
          {
            code: "INVALID_FIELD",
            message: "a round number is a whole number from 1",
            field: "number",
          },
        ]);
      const o = await control.addRound(
        actor(c),
        seasonId,
        {
          number,
          name: text(f, "name"),
          circuit: text(f, "circuit"),
          ...(text(f, "date") ? { date: text(f, "date") } : {}),
          status: "scheduled",
          races: [{ id: `r${number}`, name: "Race" }],
        },
        changeRequest(f),
      );
      return `Round ${number} added (version ${o.summary.version}).`;
    });
  });

  web.get("/admin/seasons/:season/rounds/:round", adminOnly, async (c) => {
    const node = (
      <RoundEditPage
        ctx={ctx(c)}
        season={await seasonOr404(c)}
        round={Number(c.req.param("round"))}
      />
    );
    if (node === null) throw new ApiError("UNKNOWN_ROUND", "No such round.");
    return html(c, node);
  });
  web.post("/admin/seasons/:season/rounds/:round", adminOnly, async (c) => {
    const seasonId = c.req.param("season");
    const round = Number(c.req.param("round"));
    const f = await form(c);
    const status = text(f, "status") as RoundStatus;
    try {
      await control.editRound(
        actor(c),
        seasonId,
        round,
        {
          name: text(f, "name"),
          circuit: text(f, "circuit"),
          date: text(f, "date") || null,
          note: text(f, "note"),
          ...(ROUND_STATUSES.includes(status) ? { status } : {}),
        },
        changeRequest(f),
      );
      return done(c, seasonId, `Round ${round} saved.`);
    } catch (e) {
      const notice = failureNotice(e);
      return html(
        c,
        <RoundEditPage ctx={ctx(c)} season={await seasonOr404(c)} round={round} notice={notice} />,
        statusOf(e),
      );
    }
  });

  web.get("/admin/seasons/:season/rules", adminOnly, async (c) =>
    html(c, <RulesPage ctx={ctx(c)} season={await seasonOr404(c)} presets={presets} />),
  );
  web.post("/admin/seasons/:season/rules", adminOnly, async (c) => {
    const seasonId = c.req.param("season");
    const f = await form(c);
    const preset = presets.find((p) => p.id === text(f, "preset"));
    const fail = async (notice: Notice, status: 409 | 422 | 503) =>
      html(
        c,
        <RulesPage
          ctx={ctx(c)}
          season={await seasonOr404(c)}
          presets={presets}
          text={text(f, "rules")}
          notice={notice}
        />,
        status,
      );
    let rules: unknown = preset?.document;
    if (rules === undefined)
      try {
        rules = JSON.parse(text(f, "rules"));
      } catch {
        return fail({ kind: "error", message: "The rules document is not valid JSON." }, 422);
      }
    try {
      const o = await control.setRules(actor(c), seasonId, rules, changeRequest(f));
      return done(
        c,
        seasonId,
        `Points rules saved (version ${o.summary.version}); standings recomputed.`,
      );
    } catch (e) {
      return fail(failureNotice(e), statusOf(e));
    }
  });

  web.get("/admin/seasons/:season/teams", adminOnly, async (c) =>
    html(c, <TeamsPage ctx={ctx(c)} season={await seasonOr404(c)} {...doneNotice(c)} />),
  );
  web.post("/admin/seasons/:season/teams", adminOnly, async (c) => {
    const seasonId = c.req.param("season");
    const f = await form(c);
    const aliases = text(f, "aliases")
      .split(/\r?\n/)
      .map((a) => a.trim())
      .filter(Boolean);
    try {
      const o = await control.putTeam(
        actor(c),
        seasonId,
        {
          id: text(f, "id"),
          name: text(f, "name"),
          ...(text(f, "nationality") ? { nationality: text(f, "nationality") } : {}),
          ...(aliases.length > 0 ? { aliases } : {}),
        },
        changeRequest(f),
      );
      const saved = o.season.teams.find((t) => t.id === text(f, "id"));
      return done(
        c,
        seasonId,
        `Team ${saved?.name ?? text(f, "id")} saved (version ${o.summary.version}).`,
        "/teams",
      );
    } catch (e) {
      return html(
        c,
        <TeamsPage ctx={ctx(c)} season={await seasonOr404(c)} notice={failureNotice(e)} />,
        statusOf(e),
      );
    }
  });

  web.get("/admin/seasons/:season/entries", adminOnly, async (c) =>
    html(c, <EntriesAdminPage ctx={ctx(c)} season={await seasonOr404(c)} {...doneNotice(c)} />),
  );
  for (const kind of ["entries", "lineups"] as const)
    web.post(`/admin/seasons/:season/${kind}`, adminOnly, async (c) => {
      const seasonId = c.req.param("season") ?? "";
      const f = await form(c);
      const columns =
        kind === "entries"
          ? ["number", "class", "team", "chassis", "engine", "tyre", "manufacturer", "rounds"]
          : ["entry", "driver", "nationality", "aliases", "rounds"];
      const cells = Object.fromEntries(
        columns.map((k) => [k, text(f, k)]).filter(([, v]) => v !== ""),
      );
      try {
        const o =
          kind === "entries"
            ? await control.addEntry(actor(c), seasonId, cells, changeRequest(f))
            : await control.addLineup(actor(c), seasonId, cells, changeRequest(f));
        const message =
          kind === "entries"
            ? `Car ${cells.number ?? ""} (${cells.class ?? ""}) added to the entry list (version ${o.summary.version}).`
            : `${cells.driver ?? ""} added to the line-up of ${cells.entry ?? ""} (version ${o.summary.version}).`;
        return done(c, seasonId, message, "/entries");
      } catch (e) {
        return html(
          c,
          <EntriesAdminPage ctx={ctx(c)} season={await seasonOr404(c)} notice={failureNotice(e)} />,
          statusOf(e),
        );
      }
    });

  // --- imports: upload, preview, commit ---
  const mappingsOf = async (season: VersionedSeason) =>
    store.listImportMappings(season.season.series.id);
  web.get("/admin/seasons/:season/races/:race/import", async (c) => {
    const season = await seasonOr404(c);
    return html(
      c,
      <ImportFormPage
        ctx={ctx(c)}
        season={season}
        raceId={c.req.param("race")}
        mappings={await mappingsOf(season)}
      />,
    );
  });
  web.post("/admin/seasons/:season/races/:race/import", async (c) => {
    const season = await seasonOr404(c);
    const raceId = c.req.param("race");
    const again = async (notice: Notice) =>
      html(
        c,
        <ImportFormPage
          ctx={ctx(c)}
          season={season}
          raceId={raceId}
          mappings={await mappingsOf(season)}
          notice={notice}
        />,
        422,
      );
    const f = await form(c);
    const file = uploadedFile(c, "file");
    if (!file) return again({ kind: "error", message: "Choose a file to upload." });
    const layoutText = text(f, "layout");
    const layout: ImportLayout | "auto" = (IMPORT_LAYOUTS as readonly string[]).includes(layoutText)
      ? (layoutText as ImportLayout)
      : "auto";
    let mapping: ColumnMapping | undefined;
    const saved = text(f, "savedMapping");
    const rawMapping = text(f, "mapping");
    if (rawMapping !== "" || saved !== "") {
      let raw: unknown;
      if (rawMapping !== "")
        try {
          raw = JSON.parse(rawMapping);
        } catch {
          return again({ kind: "error", message: "The column mapping is not valid JSON." });
        }
      else raw = (await mappingsOf(season)).find((m) => m.name === saved)?.mapping;
      const parsed = columnMappingSchema.safeParse(raw);
      if (!parsed.success)
        return again({
          kind: "error",
          message: "The column mapping is not valid.",
          problems: parsed.error.issues.map((i) => ({
            code: "INVALID_FIELD",
            message: i.message,
            field: i.path.join("."),
          })),
        });
      mapping = parsed.data;
      const saveAs = text(f, "saveMappingAs");
      if (saveAs !== "" && rawMapping !== "")
        await store.saveImportMapping({
          seriesId: season.season.series.id,
          name: saveAs,
          mapping,
          savedBy: ctx(c).user.username,
          savedAt: control.now(),
        });
    }
    const request: ImportRequest = {
      raceId,
      bytes: file.bytes,
      file: file.name || "upload.csv",
      layout,
      ...(mapping ? { mapping } : {}),
    };
    // Previewed as if what the file introduces (unknown cars, teams, drivers) were added: the page
    // lists it, and committing adds it only with the box "Add the N cars, teams and drivers …".
    // Parsed, validated and its page written on an import worker: this thread stays free. The
    // upload waits for its commit under this id when the preview allows one.
    const id = randomBytes(16).toString("base64url");
    const answer = await workers.previewResults(
      season,
      { ...request, addUnknown: true },
      { as: "page", ctx: ctx(c), pendingId: id },
    );
    if (answer.ok) {
      const now = Date.now();
      for (const [k, p] of pending) if (now - p.at > PENDING_TTL_MS) pending.delete(k);
      while (pending.size >= PENDING_MAX) pending.delete(pending.keys().next().value as string);
      pending.set(id, {
        seasonId: season.season.id,
        request,
        username: ctx(c).user.username,
        at: now,
      });
    }
    return c.body(answer.body as Uint8Array<ArrayBuffer>, answer.ok ? 200 : 422, {
      "Content-Type": "text/html; charset=UTF-8",
    });
  });
  web.post("/admin/seasons/:season/imports/:id/commit", async (c) => {
    const seasonId = c.req.param("season");
    const p = pending.get(c.req.param("id"));
    const f = await form(c);
    if (!p || p.seasonId !== seasonId || p.username !== ctx(c).user.username)
      return html(
        c,
        <SeasonAdminPage
          ctx={ctx(c)}
          season={await seasonOr404(c)}
          notice={{
            kind: "error",
            message:
              "That upload has expired or is not yours: upload the file again. Nothing was imported.",
          }}
        />,
        422,
      );
    return dashboardChange(c, seasonId, async () => {
      // Read, validated and written on an import worker (see ImportWorkers.commitResults).
      const o = await workers.commitResults(
        control,
        actor(c),
        seasonId,
        {
          ...p.request,
          acceptWarnings: text(f, "acceptWarnings") === "yes",
          addUnknown: text(f, "addUnknown") === "yes",
        },
        changeRequest(f),
      );
      pending.delete(c.req.param("id"));
      const added = describeAdditions(o.additions);
      return `${o.rows} rows imported from ${p.request.file}${added ? `, adding ${added}` : ""} (version ${o.summary.version}). Results are provisional until published.`;
    });
  });

  // --- the audit log ---
  web.get("/admin/seasons/:season/audit", async (c) => {
    const seasonId = c.req.param("season");
    // A page of changes, newest first, each diffed against the version before it; older pages by
    // ?before=<version>. ?diffs=N diffs only the page's newest N (never more than a page).
    const diffs = c.req.query("diffs");
    const page = await auditPage(store, seasonId, {
      before: c.req.query("before"),
      diffs: diffs === undefined ? undefined : Number(diffs),
    });
    if (!page) throw new ApiError("NOT_FOUND", `No season "${seasonId}" here.`);
    // The name from the listing: reading the whole season for it would cost more than the page.
    const listed = (await store.listSeasons()).find((s) => s.id === seasonId);
    return html(
      c,
      <AuditPage
        ctx={ctx(c)}
        seasonId={seasonId}
        seasonName={listed?.name ?? seasonId}
        changes={page.changes}
        diffs={page.diffs}
        paging={page}
      />,
    );
  });

  return web;
}
