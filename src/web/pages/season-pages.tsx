// Pages of one season: its home (calendar and season results), entry list, standings, rounds,
// teams, drivers and the explanation of a team's points.
import type { StandingsTable } from "../../core/compute-standings.js";
import type { Standings, StandingRow } from "../../core/standings-types.js";
import { formatPointsForPeople, toNumber } from "../../core/points.js";
import { classificationOrder } from "../../core/race-positions.js";
import type { PositionedRow } from "../../core/race-positions.js";
import { decisionLabel, publicDecisions } from "../../formats/tables/decisions-view.js";
import { standingPositionText } from "../../formats/tables/season-views.js";
import { numberedRounds } from "../../core/season.js";
import type { Race, ResultRow, Round, Season } from "../../core/season.js";
import type { SeasonSummary } from "../../store/season-store.js";
import type { RaceWinners, SeasonService, SeasonView } from "../../service/season-service.js";
import { Layout } from "../layout.js";
import type { Crumb } from "../layout.js";
import {
  Cell,
  HumanDate,
  driverHref,
  explainHref,
  ExportLinks,
  Legend,
  RoundHead,
  roundHref,
  seasonHref,
  standingsHref,
  teamHref,
} from "../page-parts.js";
import { progressionSvg } from "../points-chart.js";
import type { TitleScenario } from "../../core/title-scenarios.js";
import { roundLabels } from "../../formats/tables/round-labels.js";
import { driversHref, SearchForm, teamsHref } from "./people-pages.js";
import { TitleRace, TitleRaceSummary } from "./title-race.js";
import { raceGaps } from "../../core/race-gaps.js";
import { racePoints, rowKey, rowPointsText } from "../../formats/tables/race-points.js";
import { cellFacts, factsOf } from "../../formats/tables/cell-facts.js";
import type { PointsRules } from "../../core/points-rules.js";
import type { RacePoints } from "../../formats/tables/race-points.js";
import { LiveHook } from "./live-pages.js";

const STATUS_TEXT = {
  classified: "",
  not_classified: "NC",
  dnf: "DNF",
  dsq: "DSQ",
  dns: "DNS",
} as const;

function seasonCrumbs(s: Season, here?: string): Crumb[] {
  const crumbs: Crumb[] = [
    { label: "Home", href: "/" },
    { label: s.name, ...(here ? { href: seasonHref(s.id) } : {}) },
  ];
  if (here) crumbs.push({ label: here });
  return crumbs;
}

const teamName = (s: Season, id: string | null) =>
  id === null ? "unknown" : (s.teams.find((t) => t.id === id)?.name ?? id);
const driverName = (s: Season, id: string) => s.drivers.find((d) => d.id === id)?.name ?? id;

/** What the home page shows of a series' latest season (see webRoutes). */
export interface SeasonHeadline {
  readonly view: SeasonView;
  /** The last race run, with its class winners; null before the first. */
  readonly latest: RaceWinners | null;
  /** The first round still to run, if any. */
  readonly next: Round | null;
  readonly leaders: readonly Leader[];
}

/** The competitor first in one standings table. */
export interface Leader {
  readonly table: StandingsTable;
  readonly rows: readonly StandingRow[];
}

/** The first-placed competitor(s) of every table of the standings (several when tied). */
export function leadersOf(standings: Standings): Leader[] {
  return standings.tables
    .map((table) => ({ table, rows: table.rows.filter((r) => r.position === 1) }))
    .filter((l) => l.rows.length > 0);
}

/** The leaders (or champions, once no round is left to run) of each championship. */
function LeadersList(props: { s: Season; leaders: readonly Leader[]; final: boolean }) {
  const { s } = props;
  return (
    <ul class="leaders">
      {props.leaders.map((l) => (
        <li>
          <span class="note">
            {l.table.championshipName}
            {l.table.classId ? ` ${l.table.classId}` : ""}:
          </span>{" "}
          {l.rows.map((r, i) => (
            <>
              {i > 0 ? " = " : ""}
              <a
                href={
                  l.table.kind === "teams"
                    ? teamHref(s.id, r.competitor.id)
                    : l.table.kind === "drivers"
                      ? driverHref(s.id, r.competitor.id)
                      : standingsHref(s.id, l.table.classId)
                }
              >
                {r.competitor.name}
              </a>{" "}
              <span class="note">{formatPointsForPeople(r.total)} pts</span>
            </>
          ))}
          {props.final ? " (champion)" : ""}
        </li>
      ))}
    </ul>
  );
}

/** True once every numbered round is run or cancelled: the leaders are then the champions. */
export const seasonComplete = (s: Season) =>
  numberedRounds(s).every((r) => r.status === "completed" || r.status === "cancelled");

export function HomePage(props: {
  seasons: readonly SeasonSummary[];
  headlines: readonly SeasonHeadline[];
}) {
  const series = new Map<string, SeasonSummary[]>();
  for (const s of props.seasons) series.set(s.seriesName, [...(series.get(s.seriesName) ?? []), s]);
  return (
    <Layout title="Seasons">
      <h1>Series and seasons</h1>
      <SearchForm />
      {props.seasons.length === 0 ? <p>No season is loaded yet.</p> : null}
      {props.headlines.map((h) => {
        const s = h.view.season;
        const final = seasonComplete(s);
        return (
          <section class="headline">
            <h2>
              <a href={seasonHref(s.id)}>{s.name}</a>
            </h2>
            {h.latest ? (
              <p>
                Latest:{" "}
                <a href={roundHref(s.id, h.latest.round)}>
                  Round {h.latest.round}, {h.latest.circuit}
                </a>
                {" — "}
                {[...h.latest.byClass]
                  .filter(([, p]) => p)
                  .map(([k, p], i) => (
                    <>
                      {i > 0 ? " · " : ""}
                      {k}: {p?.row.teamId ? teamName(s, p.row.teamId) : "?"}
                      {p?.row.number ? ` #${p.row.number}` : ""}
                    </>
                  ))}
              </p>
            ) : null}
            {h.next ? (
              <p>
                Next: Round {h.next.number}, {h.next.name}
                {h.next.circuit ? `, ${h.next.circuit}` : ""}
                {h.next.date ? ", " : ""}
                <HumanDate iso={h.next.date} />
              </p>
            ) : null}
            {h.leaders.length > 0 ? (
              <>
                <h3>{final ? "Champions" : "Leaders"}</h3>
                <LeadersList s={s} leaders={h.leaders} final={final} />
              </>
            ) : null}
          </section>
        );
      })}
      <h2>All seasons</h2>
      {[...series].map(([name, seasons]) => (
        <section>
          <h3>{name}</h3>
          <ul>
            {seasons.map((s) => (
              <li>
                <a href={seasonHref(s.id)}>{s.name}</a>{" "}
                <span class="note">
                  {s.completedRounds} of {s.rounds} rounds raced
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p class="note">
        The same data as JSON: <a href="/api/docs">API reference</a>.
      </p>
    </Layout>
  );
}

function WinnerCell(props: { s: Season; p: PositionedRow | null | undefined; overall: boolean }) {
  const p = props.p;
  if (!p) return <td>—</td>;
  const drivers = p.row.driverIds.map((d) => driverName(props.s, d)).join(", ");
  const body = (
    <>
      {p.row.number !== null ? `#${p.row.number} ` : ""}
      {p.row.teamId !== null ? (
        <a href={teamHref(props.s.id, p.row.teamId)}>{teamName(props.s, p.row.teamId)}</a>
      ) : (
        "unknown"
      )}
      {drivers ? (
        <>
          <br />
          <span class="note">
            {p.row.driverIds.map((d, i) => (
              <>
                {i > 0 ? ", " : ""}
                <a href={driverHref(props.s.id, d)}>{driverName(props.s, d)}</a>
              </>
            ))}
          </span>
        </>
      ) : null}
    </>
  );
  return <td>{props.overall ? <strong title="overall winner">{body}</strong> : body}</td>;
}

export function SeasonPage(props: {
  view: SeasonView;
  winners: readonly RaceWinners[];
  leaders: readonly Leader[];
  /** While titles are open: the title scenarios after the last round run. */
  titleRaces?: readonly TitleScenario[];
}) {
  const s = props.view.season;
  const classes = s.classes.filter((k) => k.championship);
  const final = seasonComplete(s);
  const raced = props.winners.at(-1)?.round;
  return (
    <Layout title={s.name} crumbs={seasonCrumbs(s)}>
      <h1>{s.name}</h1>
      {props.leaders.length > 0 ? (
        <aside class="summary" aria-label={final ? "Champions" : "Leaders"}>
          <h2>{final ? "Champions" : `Leaders after round ${raced ?? "—"}`}</h2>
          <LeadersList s={s} leaders={props.leaders} final={false} />
          {props.titleRaces ? <TitleRaceSummary s={s} scenarios={props.titleRaces} /> : null}
        </aside>
      ) : null}
      <p>
        Standings:{" "}
        {classes.map((k, i) => (
          <>
            {i > 0 ? " · " : ""}
            <a href={standingsHref(s.id, k.id)}>{k.id}</a>
          </>
        ))}{" "}
        · <a href={`${seasonHref(s.id)}/entries`}>Entry list</a> ·{" "}
        <a href={driversHref(s.id)}>Drivers</a> · <a href={teamsHref(s.id)}>Teams</a> ·{" "}
        <a href={`${seasonHref(s.id)}/decisions`}>Stewards' decisions</a>
      </p>
      <SearchForm />
      <h2>Calendar</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Rnd</th>
              <th scope="col">Race</th>
              <th scope="col">Circuit</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {s.rounds.map((r) => (
              <tr class={r.status === "cancelled" ? "cancelled" : undefined}>
                <td class="num">{r.number ?? "—"}</td>
                <td>
                  {r.number !== null && r.status === "completed" ? (
                    <a href={roundHref(s.id, r.number)}>{r.name}</a>
                  ) : (
                    r.name
                  )}
                </td>
                <td>{r.circuit}</td>
                <td>
                  <HumanDate iso={r.date} />
                </td>
                <td>
                  {r.status === "cancelled" ? <span class="badge">Cancelled</span> : r.status}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="note">
        <a href={`/api/seasons/${encodeURIComponent(s.id)}/calendar.ics`} type="text/calendar">
          Add the calendar to your calendar app
        </a>{" "}
        (iCalendar feed: subscribe to its address to get changes and cancellations).
      </p>
      <h2>Season results</h2>
      <p class="note">Class winners of each race; the overall winner in bold.</p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Rnd</th>
              <th scope="col">Circuit</th>
              {classes.map((k) => (
                <th scope="col">{k.id} winner</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.winners.map((w) => (
              <tr>
                <td class="num">
                  <a href={roundHref(s.id, w.round)}>{w.round}</a>
                </td>
                <td>{w.circuit}</td>
                {classes.map((k) => (
                  <WinnerCell s={s} p={w.byClass.get(k.id)} overall={w.overallClass === k.id} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExportLinks season={s.id} what="summary" />
      {s.provenance.length > 0 ? (
        <>
          <h2>Sources</h2>
          <ul class="note">
            {s.provenance.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

function StandingsMatrix(props: { s: Season; rules: PointsRules; table: StandingsTable }) {
  const { s, rules, table } = props;
  const who =
    table.kind === "teams" ? "Team" : table.kind === "drivers" ? "Driver" : "Manufacturer";
  const link = (id: string) =>
    table.kind === "teams"
      ? teamHref(s.id, id)
      : table.kind === "drivers"
        ? driverHref(s.id, id)
        : undefined;
  const title = `${table.championshipName}${table.classId ? ` — ${table.classId}` : ""}`;
  const show = rules.championships.find((ch) => ch.id === table.championshipId)?.cells ?? "points";
  const facts = cellFacts(s, table);
  const labels = roundLabels(s);
  const venue = new Map(
    s.rounds.map((r) => [r.number, `Round ${r.number}: ${r.name}, ${r.circuit}`] as const),
  );
  return (
    <>
      {/* The title above the scrolling box, so that it stays in view; the caption says it to screen readers. */}
      <p class="table-title" aria-hidden="true">
        {title}
      </p>
      <div class="scroll">
        <table class="standings">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Pos
              </th>
              <th scope="col">{who}</th>
              {table.rounds.map((r) => (
                <th scope="col" class="num">
                  <RoundHead season={s.id} round={r} label={labels.get(r)} title={venue.get(r)} />
                </th>
              ))}
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => {
              const href = link(row.competitor.id);
              return (
                <tr>
                  <td class="num">
                    {row.position === null && !row.positionMarker ? "—" : standingPositionText(row)}
                  </td>
                  <th scope="row">
                    {href ? <a href={href}>{row.competitor.name}</a> : row.competitor.name}
                  </th>
                  {row.cells.map((cell) => (
                    <Cell
                      cell={cell}
                      show={show}
                      facts={factsOf(facts, row.competitor.id, cell.roundNumber)}
                      href={
                        table.kind === "teams"
                          ? explainHref(s.id, cell.roundNumber, row.competitor.id)
                          : undefined
                      }
                    />
                  ))}
                  <td class="total">{row.pointsHidden ? "" : formatPointsForPeople(row.total)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {table.rows
          .filter((r) => r.note || r.deductions.n !== 0)
          .map((r) => (
            <p class="note">
              {r.competitor.name}: {r.note}
              {r.deductions.n !== 0
                ? ` ${formatPointsForPeople(r.deductions)} points deducted.`
                : ""}
            </p>
          ))}
      </div>
    </>
  );
}

/** The tables a standings page shows: every table of the class (or of the whole season). */
export function standingsTables(props: {
  view: SeasonView;
  service: SeasonService;
  classId: string | null;
  afterRound?: number;
}): StandingsTable[] {
  const standings = props.service.standings(props.view, props.afterRound);
  return standings.tables.filter(
    (t) => props.classId === null || t.classId === null || t.classId === props.classId,
  );
}

/** The points-progression chart of each table, leading eight competitors, as SVG. */
export async function progressionCharts(
  view: SeasonView,
  service: SeasonService,
  tables: readonly StandingsTable[],
): Promise<string[]> {
  const progression = service.progression(view);
  return Promise.all(
    tables.map((table) => {
      const top = table.rows.filter((r) => r.position !== null).slice(0, 8);
      const series = top.map((r) => ({
        name: r.competitor.name,
        points: progression.map(({ standings: after }) => {
          const t = after.tables.find(
            (x) => x.championshipId === table.championshipId && x.classId === table.classId,
          );
          const row = t?.rows.find((x) => x.competitor.id === r.competitor.id);
          return row ? toNumber(row.total) : null;
        }),
      }));
      return progressionSvg(
        `Points progression — ${table.championshipName}${table.classId ? ` ${table.classId}` : ""}`,
        progression.map((p) => `Rd ${p.round}`),
        series,
      );
    }),
  );
}

export function StandingsPage(props: {
  view: SeasonView;
  tables: readonly StandingsTable[];
  /** Addresses of the tables' progression charts, in the order of the tables. */
  charts: readonly string[];
  classId: string | null;
  afterRound?: number;
  /** Set when the page shows a past version: which, and when it was written. */
  asOf?: { version: string; at: string };
  /** The title race of each table, in the order of the tables (none for a past version). */
  scenarios?: readonly (TitleScenario | undefined)[];
}) {
  const s = props.view.season;
  const classes = s.classes.filter((k) => k.championship);
  const provisional = numberedRounds(s)
    .filter((r) => props.afterRound === undefined || (r.number as number) <= props.afterRound)
    .filter((r) =>
      r.races.some(
        (race) =>
          race.resultStatus === "provisional" && s.results.some((x) => x.raceId === race.id),
      ),
    )
    .map((r) => r.number as number);
  const title = `${s.name} standings${props.classId ? ` — ${props.classId}` : ""}`;
  return (
    <Layout
      title={title}
      crumbs={seasonCrumbs(s, `Standings${props.classId ? ` ${props.classId}` : ""}`)}
    >
      <h1>{title}</h1>
      <p>
        Class:{" "}
        {classes.map((k, i) => (
          <>
            {i > 0 ? " · " : ""}
            {k.id === props.classId ? (
              <strong>{k.id}</strong>
            ) : (
              <a href={standingsHref(s.id, k.id)}>{k.id}</a>
            )}
          </>
        ))}
        {props.afterRound !== undefined ? (
          <span class="note"> (after round {props.afterRound})</span>
        ) : null}
      </p>
      {props.asOf || props.afterRound !== undefined ? null : (
        <LiveHook season={s} rules={props.view.rules} classId={props.classId} />
      )}
      {props.asOf ? (
        <p role="status">
          <span class="badge">As of version {props.asOf.version}</span> These are the standings as
          they stood on {props.asOf.at.slice(0, 16).replace("T", " ")} UTC.{" "}
          <a href={standingsHref(s.id, props.classId)}>See them now</a>.
        </p>
      ) : null}
      {provisional.length > 0 ? (
        <p role="status">
          <span class="badge provisional">Provisional</span> Includes provisional results of round
          {provisional.length > 1 ? "s" : ""} {provisional.join(", ")}: they may still change.
        </p>
      ) : null}
      <ExportLinks
        season={s.id}
        what="standings"
        query={{ class: props.classId, afterRound: props.afterRound }}
      />
      {props.tables.map((table, i) => (
        <section>
          <StandingsMatrix s={s} rules={props.view.rules} table={table} />
          {props.scenarios?.[i] ? <TitleRace s={s} scenario={props.scenarios[i]} /> : null}
          <Legend />
          {props.charts[i] !== undefined ? (
            <figure
              class="chart"
              aria-label={`Points after each round${table.classId ? `, ${table.classId}` : ""}`}
            >
              <img
                src={props.charts[i]}
                width="760"
                height="380"
                alt={`Line chart of the points of the leading competitors after each round, ${table.championshipName}${table.classId ? ` ${table.classId}` : ""}; the table above holds the same figures.`}
              />
              <figcaption class="note">
                Points after each round (the leading competitors).
              </figcaption>
            </figure>
          ) : null}
        </section>
      ))}
    </Layout>
  );
}

/** What a position cell says of a car without a position. */
const NO_POSITION_TEXT = {
  classified: "",
  not_classified: "NC",
  dnf: "Ret",
  dsq: "DSQ",
  dns: "DNS",
} as const;

/**
 * The position a table is ordered by; for a car that was not classified (retired, did not start,
 * disqualified, not classified), what its status says instead, as results sites print it.
 */
const positionText = (position: number | null, p: PositionedRow) =>
  p.status !== "classified" || position === null ? NO_POSITION_TEXT[p.status] : String(position);

/** A championship the race scores, for the table's points columns. */
interface PointsColumn {
  readonly id: string;
  readonly name: string;
}

function ClassificationTable(props: {
  s: Season;
  rows: readonly PositionedRow[];
  caption: string;
  showClass: boolean;
  /** Whether the race's results give best laps or credit a fastest lap (else no column). */
  showBestLap: boolean;
  /** Whether any row has a total time (else no time, gap and interval columns). */
  showTimes: boolean;
  /** Points per row (racePoints) and the championships to show a column for. */
  points: RacePoints;
  pointsColumns: readonly PointsColumn[];
}) {
  const { s } = props;
  const gaps = raceGaps(
    props.rows.map((p) => ({
      laps: p.row.laps,
      time: p.row.time,
      gap: p.row.gap,
      classified: p.status === "classified" && p.exclusion === null,
    })),
  );
  return (
    <div class="scroll">
      <table class="classification">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Pos
            </th>
            {props.showClass ? <th scope="col">Class</th> : null}
            <th scope="col" class="num">
              {props.showClass ? "Class pos" : "Overall"}
            </th>
            <th scope="col" class="num">
              No.
            </th>
            <th scope="col">Team</th>
            <th scope="col">Drivers</th>
            <th scope="col">Car</th>
            <th scope="col" class="num">
              Laps
            </th>
            {props.showTimes ? (
              <>
                <th scope="col" class="num">
                  Time
                </th>
                <th scope="col" class="num">
                  Gap
                </th>
                <th scope="col" class="num">
                  <abbr title="Interval to the car ahead">Int.</abbr>
                </th>
              </>
            ) : (
              <th scope="col" class="num">
                Gap
              </th>
            )}
            {props.showBestLap ? (
              <th scope="col" class="num">
                Best lap
              </th>
            ) : null}
            {props.pointsColumns.map((ch) => (
              <th scope="col" class="num">
                {props.pointsColumns.length > 1 ? `${ch.name} pts` : "Points"}
              </th>
            ))}
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((p, i) => (
            <tr class={p.status === "dsq" ? "dsq-row" : undefined}>
              <td class="num">
                {positionText(props.showClass ? p.overallPosition : p.classPosition, p)}
              </td>
              {props.showClass ? <td>{p.row.classId ?? "unknown"}</td> : null}
              <td class="num">{(props.showClass ? p.classPosition : p.overallPosition) ?? ""}</td>
              <td class="num">
                {p.row.number ?? "?"}
                {p.row.pole ? (
                  <>
                    {" "}
                    <span class="badge pole" title="pole position">
                      P
                    </span>
                  </>
                ) : null}
              </td>
              <td>
                {p.row.teamId !== null ? (
                  <a href={teamHref(s.id, p.row.teamId)}>{teamName(s, p.row.teamId)}</a>
                ) : (
                  "unknown"
                )}
              </td>
              <td>
                {p.row.driverIds.map((d, i) => (
                  <>
                    {i > 0 ? ", " : ""}
                    <a href={driverHref(s.id, d)}>{driverName(s, d)}</a>
                  </>
                ))}
              </td>
              <td>{[p.row.chassis, p.row.engine].filter(Boolean).join(" · ")}</td>
              <td class="num">{p.row.laps ?? ""}</td>
              {props.showTimes ? (
                <>
                  <td class="num">{p.status === "classified" ? (p.row.time ?? "") : ""}</td>
                  <td class="num">{gaps[i]?.gap ?? ""}</td>
                  <td class="num">{gaps[i]?.interval ?? ""}</td>
                </>
              ) : (
                <td class="num">{gaps[i]?.gap ?? ""}</td>
              )}
              {props.showBestLap ? (
                <td class="num">
                  <BestLap row={p.row} />
                </td>
              ) : null}
              {props.pointsColumns.map((ch) => (
                <td class="num">
                  {rowPointsText(props.points.get(rowKey(p.row.source))?.get(ch.id))}
                </td>
              ))}
              <td>
                {STATUS_TEXT[p.status]}
                {p.failed.length > 0 ? (
                  <span class="note"> {p.failed.map((f) => f.reason).join("; ")}</span>
                ) : null}
                {p.decisions.map((x) => (
                  <div class={x.overturnedBy ? "note overturned" : "note"}>
                    {decisionLabel(x.decision)}: {x.decision.reason}
                    {x.overturnedBy ? ` (overturned: ${x.overturnedBy.reason})` : ""}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A car's best lap, the lap it came on, and the mark of the car credited with the fastest lap. */
function BestLap(props: { row: ResultRow }) {
  const { bestLap, bestLapNumber, fastestLap } = props.row;
  return (
    <>
      {bestLap ?? ""}
      {bestLap !== undefined && bestLapNumber !== undefined ? (
        <span class="note"> lap {bestLapNumber}</span>
      ) : null}
      {fastestLap ? (
        <>
          {bestLap !== undefined ? " " : ""}
          <span class="badge fastest" title="credited with the fastest lap">
            FL
          </span>
        </>
      ) : null}
    </>
  );
}

/** Whether a race's results are provisional or official: the public pages always say which. */
function ResultStatusNote(props: { race: Race }) {
  const r = props.race;
  return r.resultStatus === "official" ? (
    <p class="note">
      <span class="badge official">Official</span>
      {r.publishedAt ? ` published ${r.publishedAt.slice(0, 16).replace("T", " ")} UTC` : ""}
    </p>
  ) : (
    <p role="status">
      <span class="badge provisional">Provisional</span> These results may still change: the
      stewards' decisions and the publication of the official classification are pending.
    </p>
  );
}

export function RoundPage(props: { view: SeasonView; service: SeasonService; round: number }) {
  const s = props.view.season;
  const round = numberedRounds(s).find((r) => r.number === props.round);
  if (!round) return null;
  const standings = props.service.standings(props.view);
  return (
    <Layout
      title={`${s.name} round ${props.round}`}
      crumbs={seasonCrumbs(s, `Round ${props.round}`)}
    >
      <h1>
        Round {props.round}: {round.name}
      </h1>
      <p>
        {round.circuit}
        {round.date ? ", " : ""}
        <HumanDate iso={round.date} />
        {round.status !== "completed" ? <span class="badge">{round.status}</span> : null}
      </p>
      <LiveHook season={s} round={props.round} />
      {round.status === "completed" ? (
        <ExportLinks season={s.id} what={`rounds/${props.round}/results`} />
      ) : null}
      {round.races.map((race) => {
        const rows = props.service.racePositions(props.view, race.id);
        const overall = classificationOrder(rows);
        const classes = [
          ...new Set(rows.map((p) => p.scoringClass).filter((k): k is string => k !== null)),
        ];
        const showBestLap = rows.some((p) => p.row.bestLap !== undefined || p.row.fastestLap);
        const showTimes = rows.some((p) => p.row.time !== null);
        const points = racePoints(standings.trail, race.id);
        const scoring = new Set(
          [...points.values()].flatMap((byChampionship) => [...byChampionship.keys()]),
        );
        const pointsColumns = props.view.rules.championships.filter(
          (ch, i, all) => scoring.has(ch.id) && all.findIndex((x) => x.id === ch.id) === i,
        );
        const shared = { s, showBestLap, showTimes, points, pointsColumns };
        return (
          <section>
            {round.races.length > 1 ? <h2>{race.name}</h2> : null}
            {rows.length > 0 ? <ResultStatusNote race={race} /> : null}
            <h2>Overall</h2>
            <ClassificationTable
              {...shared}
              rows={overall}
              caption="Overall classification"
              showClass={true}
            />
            {classes.map((k) => (
              <>
                <h2>{k}</h2>
                <ClassificationTable
                  {...shared}
                  rows={classificationOrder(
                    rows.filter((p) => p.scoringClass === k),
                    "class",
                  )}
                  caption={`${k} classification`}
                  showClass={false}
                />
              </>
            ))}
          </section>
        );
      })}
      <DecisionsList s={s} round={props.round} />
    </Layout>
  );
}

/** The stewards' decisions of a season or of one round, with reasons; overturned ones say so. */
function DecisionsList(props: { s: Season; round?: number }) {
  const { s } = props;
  const list = publicDecisions(s, props.round);
  return (
    <section>
      <h2>Stewards' decisions</h2>
      {list.length === 0 ? (
        <p>No decisions{props.round !== undefined ? " in this round" : ""}.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {props.round === undefined ? <th scope="col">Round</th> : null}
                <th scope="col">Concerning</th>
                <th scope="col">Decision</th>
                <th scope="col">Reason</th>
                <th scope="col">Stands</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr id={`decision-${x.decision.id}`}>
                  <td>
                    <HumanDate iso={x.decision.date} />
                  </td>
                  {props.round === undefined ? (
                    <td>
                      {x.round !== null ? <a href={roundHref(s.id, x.round)}>{x.round}</a> : ""}
                    </td>
                  ) : null}
                  <td>
                    {[
                      x.car !== null
                        ? `#${x.car}${x.entry !== null ? ` (entry ${x.entry})` : ""}`
                        : x.entry !== null
                          ? `entry ${x.entry}`
                          : null,
                      x.team,
                      x.driver,
                      x.decision.target.classId,
                      x.race !== null && x.race !== "Race" ? x.race : null,
                      x.decision.championshipId,
                    ]
                      .filter((v) => v !== null && v !== "")
                      .join(", ")}
                  </td>
                  <td>{decisionLabel(x.decision)}</td>
                  <td>{x.decision.reason}</td>
                  <td>
                    {x.overturnedBy
                      ? `Overturned${x.overturnedBy.date ? ` ${x.overturnedBy.date}` : ""}: ${x.overturnedBy.reason}`
                      : x.decision.kind === "reinstate"
                        ? ""
                        : "Yes"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function DecisionsPage(props: { view: SeasonView }) {
  const s = props.view.season;
  return (
    <Layout title={`${s.name} stewards' decisions`} crumbs={seasonCrumbs(s, "Stewards' decisions")}>
      <h1>Stewards' decisions</h1>
      <DecisionsList s={s} />
    </Layout>
  );
}
