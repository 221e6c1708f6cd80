// Setup and corrections from the browser: an entry list uploaded in bulk; remove an entry, line-up, team, class or race, clear a race's
// results, edit an entry, repair ids, delete the season. The same RaceControl use cases as the
// API; admins only (clearing results: stewards too); a success says what it did on the
// dashboard, a failure shows the dashboard again with why.
import { Hono } from "hono";
import type { Context } from "hono";
import { csrfToken, requireRole } from "../auth/auth.js";
import { problem } from "../core/problems.js";
import { ProblemsError, NotFoundError } from "../service/service-errors.js";
import type { RaceControl } from "../service/race-control.js";
import { VersionConflictError } from "../store/season-store.js";
import type { SeasonStore, VersionedSeason } from "../store/season-store.js";
import { ApiError } from "../api/api-error.js";
import { flashHref } from "./flash.js";
import { SeasonAdminPage, adminHref } from "./pages/admin-pages.js";
import type { AdminContext, Notice } from "./pages/admin-pages.js";
import { commitEntryList } from "../service/entry-list-import.js";
import { uploadedFile } from "../http-body.js";
import type { ImportWorkers, PreviewAnswer } from "../import-pool.js";
import { EntryEditPage, REMOVABLE } from "./pages/correction-pages.js";
import type { Removable } from "./pages/correction-pages.js";

type Form = Record<string, string | File | (string | File)[]>;

export function correctionRoutes(deps: {
  store: SeasonStore;
  control: RaceControl;
  /** The threads that preview uploads. */
  workers: ImportWorkers;
}): Hono {
  const { store, control, workers } = deps;
  const web = new Hono();
  const steward = requireRole("steward");
  const admin = requireRole("admin");

  const ctx = (c: Context): AdminContext => {
    const user = c.var.user;
    if (!user) throw new ApiError("UNAUTHORIZED", "Log in first.");
    return { user, csrf: csrfToken(c) };
  };
  const actor = (c: Context) => ({ username: ctx(c).user.username });
  const seasonOr404 = async (c: Context): Promise<VersionedSeason> => {
    const id = c.req.param("season") ?? "";
    const found = await store.getSeason(id);
    if (!found) throw new ApiError("NOT_FOUND", `No season "${id}" here.`);
    return found;
  };
  const read = async (c: Context) => {
    const f = (await c.req.parseBody({ all: true })) as Form;
    const text = (name: string) => {
      const v = f[name];
      return typeof v === "string" ? v.trim() : "";
    };
    const request = {
      reason: text("reason"),
      ...(text("expectedVersion") ? { expectedVersion: text("expectedVersion") } : {}),
    };
    return { text, request };
  };
  const notice = (e: unknown): Notice => {
    if (e instanceof ProblemsError)
      return { kind: "error", message: e.message, problems: e.problems };
    if (e instanceof VersionConflictError)
      return {
        kind: "error",
        message: `Someone else changed the season meanwhile (it is now at version ${e.currentVersion ?? "—"}). Nothing was written: look at the new state and try again.`,
      };
    if (e instanceof NotFoundError) return { kind: "error", message: e.message };
    throw e;
  };
  const page = (c: Context, node: unknown, status: 200 | 409 | 422 = 200) => {
    c.header("Cache-Control", "no-store");
    return c.html(`<!doctype html>${String(node)}`, status);
  };
  /** A page an import worker wrote. */
  const workerPage = (c: Context, answer: PreviewAnswer, status: 200 | 409 | 422) => {
    c.header("Cache-Control", "no-store");
    return c.body(answer.body as Uint8Array<ArrayBuffer>, status, {
      "Content-Type": "text/html; charset=UTF-8",
    });
  };
  /** Runs a change; success: the dashboard says what was done; failure: the dashboard says why. */
  const run = async (c: Context, seasonId: string, change: () => Promise<string>) => {
    try {
      const message = await change();
      return c.redirect(flashHref(adminHref(seasonId), message, ctx(c).user.username), 303);
    } catch (e) {
      const n = notice(e);
      const season = await seasonOr404(c);
      return page(
        c,
        <SeasonAdminPage ctx={ctx(c)} season={season} notice={n} />,
        e instanceof VersionConflictError ? 409 : 422,
      );
    }
  };

  web.post("/admin/seasons/:season/corrections", steward, async (c) => {
    const seasonId = c.req.param("season");
    const { text, request } = await read(c);
    const what = text("what") as Removable;
    if (!REMOVABLE.includes(what))
      throw new ApiError("INVALID_REQUEST", `what must be one of ${REMOVABLE.join(", ")}`);
    if (what !== "results" && ctx(c).user.role !== "admin")
      throw new ApiError("FORBIDDEN", "Only organisers (admin) correct a season's setup.");
    const who = actor(c);
    return run(c, seasonId, async () => {
      switch (what) {
        case "entry":
          await control.removeEntry(who, seasonId, text("entry"), request);
          return `Entry ${text("entry")} removed with its line-ups.`;
        case "lineup":
          await control.removeLineup(who, seasonId, text("entry"), text("driver"), request);
          return `${text("driver")} taken out of entry ${text("entry")}.`;
        case "team":
          await control.removeTeam(who, seasonId, text("team"), request);
          return `Team ${text("team")} removed.`;
        case "class":
          await control.removeClass(who, seasonId, text("class"), request);
          return `Class ${text("class")} removed.`;
        case "race":
          await control.removeRace(who, seasonId, text("race"), request);
          return `Race ${text("race")} removed with its results.`;
        case "results":
          await control.clearResults(who, seasonId, text("race"), request);
          return `The results of race ${text("race")} were cleared.`;
      }
    });
  });

  web.get("/admin/seasons/:season/entries/:entry/edit", admin, async (c) => {
    const season = await seasonOr404(c);
    const entry = season.season.entries.find((e) => e.id === c.req.param("entry"));
    if (!entry) throw new ApiError("NOT_FOUND", `No entry "${c.req.param("entry")}" here.`);
    return page(c, <EntryEditPage ctx={ctx(c)} season={season} entry={entry} />);
  });
  web.post("/admin/seasons/:season/entries/:entry/edit", admin, async (c) => {
    const seasonId = c.req.param("season");
    const entryId = c.req.param("entry");
    const { text, request } = await read(c);
    const cells = Object.fromEntries(
      ["number", "class", "team", "chassis", "engine", "tyre", "manufacturer", "rounds"].map(
        (k) => [k, text(k)],
      ),
    );
    try {
      await control.editEntry(actor(c), seasonId, entryId, cells, request);
      return c.redirect(
        flashHref(`${adminHref(seasonId)}/entries`, `Entry ${entryId} saved.`, actor(c).username),
        303,
      );
    } catch (e) {
      const n = notice(e);
      const season = await seasonOr404(c);
      const entry = season.season.entries.find((x) => x.id === entryId);
      if (!entry) throw new ApiError("NOT_FOUND", `No entry "${entryId}" here.`);
      return page(
        c,
        <EntryEditPage ctx={ctx(c)} season={season} entry={entry} notice={n} />,
        e instanceof VersionConflictError ? 409 : 422,
      );
    }
  });

  web.post("/admin/seasons/:season/repair", admin, async (c) => {
    const seasonId = c.req.param("season");
    const { request } = await read(c);
    return run(c, seasonId, async () => {
      const out = await control.repairIds(actor(c), seasonId, request);
      return out.renamed.length === 0
        ? "Every id already keeps the id rule: nothing to repair."
        : `Ids renamed: ${out.renamed.map((x) => `${x.kind} "${x.from}" → "${x.to}"`).join(", ")}.`;
    });
  });

  web.post("/admin/seasons/:season/delete", admin, async (c) => {
    const seasonId = c.req.param("season");
    const { text, request } = await read(c);
    if (text("confirm") !== seasonId)
      return run(c, seasonId, () =>
        Promise.reject(
          new ProblemsError(`Type the season's id (${seasonId}) to confirm the deletion.`, []),
        ),
      );
    try {
      await control.deleteSeason(actor(c), seasonId, request);
    } catch (e) {
      return run(c, seasonId, () => Promise.reject(e));
    }
    return c.redirect(flashHref("/admin", `Season ${seasonId} deleted.`, actor(c).username), 303);
  });

  // --- setup shortcuts: several rounds at once, an earlier season's setup ---
  web.post("/admin/seasons/:season/add-rounds", admin, async (c) => {
    const seasonId = c.req.param("season");
    const { text, request } = await read(c);
    const lines = text("rounds")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    return run(c, seasonId, async () => {
      const rounds = lines.map((l, i) => {
        const [number = "", name = "", circuit = "", date = ""] = l.split(";").map((x) => x.trim());
        if (!/^\d+$/.test(number) || name === "")
          throw new ProblemsError("A round line is: number; name; circuit; date.", [
            problem("INVALID_FIELD", `line ${i + 1}: "${l}" needs a round number and a name`, {
              field: "rounds",
              line: i + 1,
            }),
          ]);
        return {
          number: Number(number),
          name,
          circuit,
          status: "scheduled" as const,
          ...(date ? { date } : {}),
          races: [{ id: `r${number}`, name: "Race" }],
        };
      });
      if (rounds.length === 0) throw new ProblemsError("Write at least one round.", []);
      await control.addRounds(actor(c), seasonId, rounds, request);
      return `${rounds.length} rounds added: ${rounds.map((r) => r.number).join(", ")}.`;
    });
  });
  web.post("/admin/seasons/:season/copy-setup", admin, async (c) => {
    const seasonId = c.req.param("season");
    const { text, request } = await read(c);
    return run(c, seasonId, async () => {
      await control.copySetup(actor(c), seasonId, text("from"), request);
      return `Classes, teams, entries and line-ups copied from ${text("from")}.`;
    });
  });

  // --- entry lists in bulk: upload or paste, preview, confirm ---
  web.post("/admin/seasons/:season/entry-list", admin, async (c) => {
    const season = await seasonOr404(c);
    const f = (await c.req.parseBody()) as Record<string, string | File>;
    const file = uploadedFile(c, "file");
    const pasted = typeof f.pasted === "string" ? f.pasted : "";
    const upload = file
      ? { bytes: file.bytes, file: file.name || "entry-list.csv" }
      : pasted.trim() !== ""
        ? { bytes: new TextEncoder().encode(pasted), file: "pasted entry list" }
        : null;
    if (!upload) throw new ApiError("INVALID_REQUEST", "Choose a file or paste the entry list.");
    // Read, validated and its page written on an import worker: this thread stays free.
    const answer = await workers.previewEntryList(season, upload, { as: "page", ctx: ctx(c) });
    return workerPage(c, answer, answer.ok ? 200 : 422);
  });
  web.post("/admin/seasons/:season/entry-list/commit", admin, async (c) => {
    const seasonId = c.req.param("season");
    const { text, request } = await read(c);
    const upload = {
      bytes: new Uint8Array(Buffer.from(text("data"), "base64")),
      file: text("file"),
    };
    try {
      const o = await commitEntryList(control, actor(c), seasonId, upload, request);
      const message = `Entry list ${upload.file}: ${o.entries} cars added${o.newTeams > 0 ? `, ${o.newTeams} new teams` : ""} (version ${o.summary.version}).`;
      return c.redirect(
        flashHref(`${adminHref(seasonId)}/entries`, message, actor(c).username),
        303,
      );
    } catch (e) {
      const n = notice(e);
      const season = await seasonOr404(c);
      const answer = await workers.previewEntryList(season, upload, {
        as: "page",
        ctx: ctx(c),
        notice: n,
      });
      return workerPage(c, answer, e instanceof VersionConflictError ? 409 : 422);
    }
  });

  return web;
}
