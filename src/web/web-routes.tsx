// The web site's routes: server-rendered pages that need no JavaScript to read.
import { Hono } from "hono";
import type { Context } from "hono";
import { AS_OF_TIME, AS_OF_VERSION } from "../service/season-service.js";
import type { SeasonService, SeasonView } from "../service/season-service.js";
import { ApiError } from "../api/api-error.js";
import { exportRoutes } from "./export-routes.js";
import { chartHref } from "./page-parts.js";
import { searchSeason } from "../formats/tables/season-search.js";
import { DriverPage, EntriesPage, ExplainPage, TeamPage } from "./pages/competitor-pages.js";
import { DriversIndexPage, SearchPage, TeamsIndexPage } from "./pages/people-pages.js";
import type { SeasonHits } from "./pages/people-pages.js";
import { titleRaces } from "./pages/title-race.js";
import {
  DecisionsPage,
  HomePage,
  progressionCharts,
  leadersOf,
  RoundPage,
  seasonComplete,
  SeasonPage,
  StandingsPage,
  standingsTables,
} from "./pages/season-pages.js";
import type { SeasonHeadline } from "./pages/season-pages.js";

/** The site's icon: a chequered flag on the header's blue. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#14213d"/><rect x="7" y="5" width="2" height="23" fill="#fff"/><g fill="#fff"><rect x="9" y="6" width="5" height="4"/><rect x="19" y="6" width="5" height="4"/><rect x="14" y="10" width="5" height="4"/><rect x="24" y="10" width="2" height="4"/><rect x="9" y="14" width="5" height="4"/><rect x="19" y="14" width="5" height="4"/></g></svg>`;

function favicon(c: Context): Response {
  c.header("Cache-Control", "public, max-age=86400");
  return c.body(FAVICON, 200, { "Content-Type": "image/svg+xml" });
}

const wholeNumber = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;

export function webRoutes(service: SeasonService): Hono {
  const web = new Hono();
  const seasonOr404 = async (c: Context): Promise<SeasonView> => {
    const id = c.req.param("season") ?? "";
    const view = await service.season(id);
    if (!view) throw new ApiError("NOT_FOUND", `No season "${id}" here.`);
    return view;
  };
  const page = (c: Context, node: unknown) => {
    if (node === null) throw new ApiError("NOT_FOUND", "No such page in this season.");
    c.header("Cache-Control", "public, max-age=60");
    return c.html(`<!doctype html>${String(node)}`);
  };

  web.get("/favicon.svg", (c) => favicon(c));
  web.get("/favicon.ico", (c) => favicon(c));
  web.get("/", async (c) => {
    const seasons = await service.listSeasons();
    // The latest season of each series: its last race, next round and leaders.
    const latest = new Map<string, (typeof seasons)[number]>();
    for (const s of seasons) {
      const known = latest.get(s.seriesId);
      if (!known || s.year > known.year) latest.set(s.seriesId, s);
    }
    const headlines: SeasonHeadline[] = [];
    for (const summary of latest.values()) {
      const view = await service.season(summary.id);
      if (!view) continue;
      headlines.push({
        view,
        latest: service.winners(view).at(-1) ?? null,
        next: view.season.rounds.find((r) => r.number !== null && r.status === "scheduled") ?? null,
        leaders: leadersOf(service.standings(view)),
      });
    }
    return page(c, <HomePage seasons={seasons} headlines={headlines} />);
  });
  web.get("/seasons/:season", async (c) => {
    const view = await seasonOr404(c);
    return page(
      c,
      <SeasonPage
        view={view}
        winners={service.winners(view)}
        leaders={leadersOf(service.standings(view))}
        titleRaces={seasonComplete(view.season) ? [] : titleRaces(view.season, view.rules)}
      />,
    );
  });
  web.get("/seasons/:season/entries", async (c) =>
    page(c, <EntriesPage view={await seasonOr404(c)} />),
  );
  web.get("/seasons/:season/standings", async (c) => {
    const current = await seasonOr404(c);
    // ?version=N or ?asOf=YYYY-MM-DD[THH:MM]: the standings as a past version left them.
    const version = c.req.query("version");
    const asOfText = c.req.query("asOf");
    let view = current;
    let asOf: { version: string; at: string } | undefined;
    if (version !== undefined || asOfText !== undefined) {
      if (version !== undefined && !AS_OF_VERSION.test(version))
        throw new ApiError("INVALID_REQUEST", "version is a whole number, as the audit log lists.");
      if (asOfText !== undefined && !AS_OF_TIME.test(asOfText))
        throw new ApiError("INVALID_REQUEST", "asOf is a date (YYYY-MM-DD) or a UTC time.");
      const past = await service.seasonAsOf(
        current.season.id,
        version !== undefined ? { version } : { at: asOfText as string },
      );
      if (!past)
        throw new ApiError(
          "NOT_FOUND",
          `The season has no recorded version ${version ?? `on or before ${asOfText}`}.`,
        );
      view = past;
      asOf = { version: past.summary.version, at: past.writtenAt };
    }
    const wanted = c.req.query("class");
    const first = view.season.classes.find((k) => k.championship)?.id ?? null;
    const klass =
      wanted === undefined
        ? first
        : (view.season.classes.find((k) => k.id.toLowerCase() === wanted.toLowerCase())?.id ??
          null);
    if (wanted !== undefined && klass === null)
      throw new ApiError("UNKNOWN_CLASS", `No class "${wanted}" in ${view.season.name}.`);
    const after = wholeNumber(c.req.query("afterRound"));
    const which = {
      view,
      service,
      classId: klass,
      ...(after !== undefined ? { afterRound: after } : {}),
    };
    const tables = standingsTables(which);
    // The title race as it stood after the page's round (the last one raced by default).
    const scenarios = asOf ? [] : titleRaces(view.season, view.rules, after);
    return page(
      c,
      <StandingsPage
        view={view}
        classId={klass}
        tables={tables}
        charts={asOf ? [] : tables.map((t) => chartHref(view.season.id, t))}
        scenarios={tables.map((t) =>
          scenarios.find((x) => x.championshipId === t.championshipId && x.classId === t.classId),
        )}
        {...(after !== undefined ? { afterRound: after } : {})}
        {...(asOf ? { asOf } : {})}
      />,
    );
  });
  // The points-progression chart of one table, as an SVG image the standings page shows.
  web.get("/seasons/:season/standings/chart.svg", async (c) => {
    const view = await seasonOr404(c);
    const championship = c.req.query("championship");
    const klass = c.req.query("class") ?? "";
    const table = service
      .standings(view)
      .tables.find((t) => t.championshipId === championship && (t.classId ?? "") === klass);
    if (!table)
      throw new ApiError("NOT_FOUND", "No such standings table: say ?championship=teams&class=GT.");
    const [svg] = await progressionCharts(view, service, [table]);
    return c.body(svg ?? "", 200, {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=60",
    });
  });
  web.get("/seasons/:season/rounds/:round", async (c) => {
    const view = await seasonOr404(c);
    const round = wholeNumber(c.req.param("round"));
    if (round === undefined) throw new ApiError("UNKNOWN_ROUND", "A round is a number.");
    return page(c, <RoundPage view={view} service={service} round={round} />);
  });
  web.get("/seasons/:season/decisions", async (c) =>
    page(c, <DecisionsPage view={await seasonOr404(c)} />),
  );
  web.get("/seasons/:season/teams", async (c) =>
    page(c, <TeamsIndexPage view={await seasonOr404(c)} service={service} />),
  );
  web.get("/seasons/:season/drivers", async (c) =>
    page(c, <DriversIndexPage view={await seasonOr404(c)} service={service} />),
  );
  // Search over every season's drivers, teams and rounds (?q=…): a page of links.
  web.get("/search", async (c) => {
    const query = (c.req.query("q") ?? "").slice(0, 100);
    const hits: SeasonHits[] = [];
    if (query.trim() !== "")
      for (const summary of await service.listSeasons()) {
        const view = await service.season(summary.id);
        if (view) hits.push({ view, matches: searchSeason(view.season, query) });
      }
    hits.sort((a, b) => b.view.season.year - a.view.season.year);
    return page(c, <SearchPage query={query} hits={hits} />);
  });
  web.get("/seasons/:season/teams/:team", async (c) =>
    page(
      c,
      <TeamPage view={await seasonOr404(c)} service={service} teamId={c.req.param("team")} />,
    ),
  );
  web.get("/seasons/:season/drivers/:driver", async (c) =>
    page(
      c,
      <DriverPage view={await seasonOr404(c)} service={service} driverId={c.req.param("driver")} />,
    ),
  );
  web.get("/seasons/:season/explain", async (c) => {
    const view = await seasonOr404(c);
    const round = wholeNumber(c.req.query("round"));
    const team = c.req.query("team");
    if (round === undefined || team === undefined)
      throw new ApiError("INVALID_REQUEST", "Say which round and team: ?round=1&team=team-id");
    return page(c, <ExplainPage view={view} service={service} round={round} teamId={team} />);
  });
  web.route("/", exportRoutes(service));
  return web;
}
