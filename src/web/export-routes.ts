// Downloads of what the pages show: standings, a round's results and the season summary as CSV,
// JSON, Markdown or Wikipedia wikitext (/seasons/alms-2003/export/standings.wiki?class=GT).
// Errors are ApiErrors, so the one error mapping answers them.
import { Hono } from "hono";
import type { Context } from "hono";
import { ApiError } from "../api/api-error.js";
import type { ApiErrorCode } from "../api/api-error.js";
import { exportDocument, formatOfExtension } from "../formats/exports/export-document.js";
import type {
  ExportErrorCode,
  ExportInput,
  ExportKind,
} from "../formats/exports/export-document.js";
import type { SeasonService, SeasonView } from "../service/season-service.js";

const API_CODE: Readonly<Record<ExportErrorCode, ApiErrorCode>> = {
  UNKNOWN_CLASS: "UNKNOWN_CLASS",
  UNKNOWN_CHAMPIONSHIP: "UNKNOWN_CHAMPIONSHIP",
  UNKNOWN_ROUND: "UNKNOWN_ROUND",
  ROUND_NOT_RACED: "ROUND_NOT_RACED",
  ROUND_REQUIRED: "INVALID_REQUEST",
  NO_STANDINGS: "NOT_FOUND",
};

const EXTENSIONS = "csv, json, md or wiki";

/** "standings.wiki" -> its format, for the file names the routes serve. */
function fileFormat(file: string, base: string) {
  const m = /^([a-z]+)\.([a-z]+)$/.exec(file);
  if (!m || m[1] !== base)
    throw new ApiError("NOT_FOUND", `No export "${file}": try ${base}.csv (or .${EXTENSIONS}).`);
  const format = formatOfExtension(m[2] as string);
  if (!format)
    throw new ApiError("NOT_FOUND", `No export as .${m[2]}: exports are .${EXTENSIONS}.`);
  return format;
}

function wholeNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ApiError("INVALID_REQUEST", `${name} is a whole number.`);
  return Number(text);
}

export function exportRoutes(service: SeasonService): Hono {
  const app = new Hono();
  const seasonOr404 = async (c: Context): Promise<SeasonView> => {
    const id = c.req.param("season") ?? "";
    const view = await service.season(id);
    if (!view) throw new ApiError("NOT_FOUND", `No season "${id}" here.`);
    return view;
  };
  const send = (
    c: Context,
    view: SeasonView,
    kind: ExportKind,
    file: string,
    more: Partial<ExportInput>,
  ) => {
    const format = fileFormat(file, kind);
    const doc = exportDocument(kind, format, { season: view.season, rules: view.rules, ...more });
    if (!doc.ok) throw new ApiError(API_CODE[doc.error.code], doc.error.message);
    return c.body(doc.value.text, 200, {
      "Content-Type": doc.value.contentType,
      // The name is ASCII letters, digits, dashes and a dot: safe inside the quotes.
      "Content-Disposition": `attachment; filename="${doc.value.fileName}"`,
      "Cache-Control": "public, max-age=60",
    });
  };
  const classQuery = (c: Context) => {
    const klass = c.req.query("class");
    return klass !== undefined && klass !== "" ? { classId: klass } : {};
  };

  app.get("/seasons/:season/export/rounds/:round/:file", async (c) => {
    const view = await seasonOr404(c);
    const round = wholeNumber(c.req.param("round"), "A round");
    return send(c, view, "results", c.req.param("file"), {
      ...classQuery(c),
      ...(round !== undefined ? { round } : {}),
      standings: service.standings(view),
    });
  });
  app.get("/seasons/:season/export/:file", async (c) => {
    const view = await seasonOr404(c);
    const file = c.req.param("file");
    if (file.startsWith("summary.")) {
      const upto = wholeNumber(c.req.query("round"), "round");
      return send(c, view, "summary", file, {
        ...classQuery(c),
        ...(upto !== undefined ? { round: upto } : {}),
      });
    }
    const after = wholeNumber(c.req.query("afterRound"), "afterRound");
    const championship = c.req.query("championship");
    fileFormat(file, "standings"); // a bad name is a 404 before any work
    if (after !== undefined && !view.season.rounds.some((r) => r.number === after))
      throw new ApiError("UNKNOWN_ROUND", `round ${after} is not on the calendar.`);
    return send(c, view, "standings", file, {
      ...classQuery(c),
      ...(championship !== undefined && championship !== "" ? { championship } : {}),
      ...(after !== undefined ? { round: after } : {}),
      standings: service.standings(view, after),
    });
  });
  return app;
}
