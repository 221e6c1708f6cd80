// A season's people and teams at a glance (driver and team index pages) and the site's search
// over drivers, teams and rounds (a GET form: no script needed).
import { formatPointsForPeople } from "../../core/points.js";
import type { StandingRow, StandingsTable } from "../../core/standings-types.js";
import type { Season } from "../../core/season.js";
import type { SeasonMatches } from "../../formats/tables/season-search.js";
import { MIN_QUERY_LENGTH, matchCount } from "../../formats/tables/season-search.js";
import { standingPositionText } from "../../formats/tables/season-views.js";
import type { SeasonService, SeasonView } from "../../service/season-service.js";
import { Layout } from "../layout.js";
import { Nationality } from "../nationality.js";
import {
  driverHref,
  HumanDate,
  roundHref,
  seasonHref,
  standingsHref,
  teamHref,
} from "../page-parts.js";

export const driversHref = (season: string) => `${seasonHref(season)}/drivers`;
export const teamsHref = (season: string) => `${seasonHref(season)}/teams`;
export const searchHref = (query: string) => `/search?q=${encodeURIComponent(query)}`;

const crumbs = (s: Season, here: string) => [
  { label: "Home", href: "/" },
  { label: s.name, href: seasonHref(s.id) },
  { label: here },
];

/** The search form: a GET to /search, answered by a page of links. */
export function SearchForm(props: { query?: string }) {
  return (
    <form method="get" action="/search" role="search" class="search">
      <label>
        <span class="visually-hidden">Search drivers, teams and rounds</span>
        <input
          type="search"
          name="q"
          value={props.query ?? ""}
          placeholder="Driver, team or circuit"
          minlength={MIN_QUERY_LENGTH}
          maxlength={100}
        />
      </label>{" "}
      <button type="submit">Search</button>
    </form>
  );
}

/** Where a competitor stands in each championship of its kind: "Teams' Championship GT: 1st, 182 pts". */
function placings(tables: readonly StandingsTable[], kind: "teams" | "drivers", id: string) {
  return tables.flatMap((t) =>
    t.kind !== kind
      ? []
      : t.rows
          .filter((r) => r.competitor.id === id)
          .map((r: StandingRow) => ({
            table: t,
            text: `${standingPositionText(r) || "—"}${r.pointsHidden ? "" : `, ${formatPointsForPeople(r.total)} pts`}`,
          })),
  );
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, "en", { sensitivity: "base" });

function Placings(props: { s: Season; list: ReturnType<typeof placings> }) {
  return (
    <>
      {props.list.map((p, i) => (
        <>
          {i > 0 ? <br /> : null}
          <a href={standingsHref(props.s.id, p.table.classId)}>
            {`${p.table.championshipName}${p.table.classId ? ` ${p.table.classId}` : ""}`}
          </a>
          : {p.text}
        </>
      ))}
    </>
  );
}

export function DriversIndexPage(props: { view: SeasonView; service: SeasonService }) {
  const s = props.view.season;
  const tables = props.service.standings(props.view).tables;
  const hasChampionship = tables.some((t) => t.kind === "drivers");
  const team = new Map(s.teams.map((t) => [t.id, t]));
  const entry = new Map(s.entries.map((e) => [e.id, e]));
  return (
    <Layout title={`${s.name} drivers`} crumbs={crumbs(s, "Drivers")}>
      <h1>{s.name}: drivers</h1>
      <SearchForm />
      <p class="note">
        {s.drivers.length} drivers.{" "}
        {hasChampionship ? "" : "This season has no drivers' championship: teams score."}{" "}
        <a href={teamsHref(s.id)}>Teams</a>
      </p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Driver</th>
              <th scope="col">Nationality</th>
              <th scope="col">Cars</th>
              {hasChampionship ? <th scope="col">Championship</th> : null}
            </tr>
          </thead>
          <tbody>
            {[...s.drivers].sort(byName).map((d) => (
              <tr>
                <th scope="row">
                  <a href={driverHref(s.id, d.id)}>{d.name}</a>
                </th>
                <td>
                  <Nationality code={d.nationality} />
                </td>
                <td>
                  {s.lineups
                    .filter((l) => l.driverId === d.id)
                    .map((l, i) => {
                      const e = entry.get(l.entryId);
                      if (!e) return null;
                      return (
                        <>
                          {i > 0 ? <br /> : null}
                          {e.number === null ? "" : `#${e.number} `}
                          <a href={teamHref(s.id, e.teamId)}>
                            {team.get(e.teamId)?.name ?? e.teamId}
                          </a>{" "}
                          <span class="note">({e.classId})</span>
                        </>
                      );
                    })}
                </td>
                {hasChampionship ? (
                  <td>
                    <Placings s={s} list={placings(tables, "drivers", d.id)} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function TeamsIndexPage(props: { view: SeasonView; service: SeasonService }) {
  const s = props.view.season;
  const tables = props.service.standings(props.view).tables;
  return (
    <Layout title={`${s.name} teams`} crumbs={crumbs(s, "Teams")}>
      <h1>{s.name}: teams</h1>
      <SearchForm />
      <p class="note">
        {s.teams.length} teams. <a href={driversHref(s.id)}>Drivers</a>
      </p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Nationality</th>
              <th scope="col">Cars</th>
              <th scope="col">Championship</th>
            </tr>
          </thead>
          <tbody>
            {[...s.teams].sort(byName).map((t) => (
              <tr>
                <th scope="row">
                  <a href={teamHref(s.id, t.id)}>{t.name}</a>
                </th>
                <td>
                  <Nationality code={t.nationality} />
                </td>
                <td>
                  {s.entries
                    .filter((e) => e.teamId === t.id)
                    .map((e) => `${e.number === null ? "?" : `#${e.number}`} ${e.classId}`)
                    .join(", ")}
                </td>
                <td>
                  <Placings s={s} list={placings(tables, "teams", t.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export interface SeasonHits {
  readonly view: SeasonView;
  readonly matches: SeasonMatches;
}

export function SearchPage(props: { query: string; hits: readonly SeasonHits[] }) {
  const q = props.query.trim();
  const total = props.hits.reduce((n, h) => n + matchCount(h.matches), 0);
  const title = q ? `Search: ${q}` : "Search";
  return (
    <Layout title={title} crumbs={[{ label: "Home", href: "/" }, { label: "Search" }]}>
      <h1>{title}</h1>
      <SearchForm query={q} />
      {q.length === 0 ? (
        <p>Search drivers, teams and rounds of every season by name, alias or circuit.</p>
      ) : q.length < MIN_QUERY_LENGTH ? (
        <p role="status">Type at least {MIN_QUERY_LENGTH} letters.</p>
      ) : (
        <p role="status">
          {total === 0 ? "Nothing found" : `${total} found`} for “{q}”.
        </p>
      )}
      {props.hits
        .filter((h) => matchCount(h.matches) > 0)
        .map(({ view, matches }) => {
          const s = view.season;
          return (
            <section>
              <h2>
                <a href={seasonHref(s.id)}>{s.name}</a>
              </h2>
              {matches.drivers.length > 0 ? (
                <>
                  <h3>Drivers</h3>
                  <ul>
                    {matches.drivers.map((d) => (
                      <li>
                        <a href={driverHref(s.id, d.id)}>{d.name}</a>{" "}
                        <Nationality code={d.nationality} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {matches.teams.length > 0 ? (
                <>
                  <h3>Teams</h3>
                  <ul>
                    {matches.teams.map((t) => (
                      <li>
                        <a href={teamHref(s.id, t.id)}>{t.name}</a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {matches.rounds.length > 0 ? (
                <>
                  <h3>Rounds</h3>
                  <ul>
                    {matches.rounds.map((r) => (
                      <li>
                        {r.number !== null && r.status === "completed" ? (
                          <a href={roundHref(s.id, r.number)}>{r.name}</a>
                        ) : (
                          r.name
                        )}
                        <span class="note">
                          {" "}
                          {r.circuit}, <HumanDate iso={r.date} />
                          {r.status === "cancelled" ? " (cancelled)" : ""}
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
          );
        })}
    </Layout>
  );
}
