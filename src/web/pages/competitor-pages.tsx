// Pages about one competitor or one entry: a team, a driver, the entry list, and how a team's
// points in a round came about.
import { formatPointsForPeople } from "../../core/points.js";
import type { Season } from "../../core/season.js";
import type { SeasonService, SeasonView } from "../../service/season-service.js";
import { Layout } from "../layout.js";
import { cellFacts, factsOf } from "../../formats/tables/cell-facts.js";
import { roundLabels } from "../../formats/tables/round-labels.js";
import { standingPositionText } from "../../formats/tables/season-views.js";
import { Nationality } from "../nationality.js";
import {
  Cell,
  RoundHead,
  driverHref,
  explainHref,
  roundHref,
  seasonHref,
  standingsHref,
  teamHref,
} from "../page-parts.js";

const crumbs = (s: Season, here: string) => [
  { label: "Home", href: "/" },
  { label: s.name, href: seasonHref(s.id) },
  { label: here },
];

/**
 * A competitor's place in every championship of its kind: position, the round cells as the rules
 * print them (points or positions, with P and F), and the total.
 */
function Championships(props: {
  view: SeasonView;
  service: SeasonService;
  kind: "teams" | "drivers";
  id: string;
}) {
  const s = props.view.season;
  const standings = props.service.standings(props.view);
  const rows = standings.tables.flatMap((t) =>
    t.rows
      .filter((r) => r.competitor.kind === props.kind && r.competitor.id === props.id)
      .map((r) => ({ t, r })),
  );
  const labels = roundLabels(s);
  const rounds = rows[0]?.t.rounds ?? [];
  if (rows.length === 0)
    return (
      <p>
        {standings.tables.some((t) => t.kind === props.kind)
          ? "No points scored."
          : `This season has no ${props.kind === "drivers" ? "drivers'" : "teams'"} championship.`}
      </p>
    );
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Championship</th>
            <th scope="col" class="num">
              Pos
            </th>
            {rounds.map((n) => (
              <th scope="col" class="num">
                <RoundHead season={s.id} round={n} label={labels.get(n)} />
              </th>
            ))}
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ t, r }) => {
            const show =
              props.view.rules.championships.find((ch) => ch.id === t.championshipId)?.cells ??
              "points";
            const facts = cellFacts(s, t);
            return (
              <tr>
                <th scope="row">
                  <a
                    href={standingsHref(s.id, t.classId)}
                  >{`${t.championshipName}${t.classId ? ` ${t.classId}` : ""}`}</a>
                </th>
                <td class="num">{standingPositionText(r) || "—"}</td>
                {r.cells.map((c) => (
                  <Cell
                    cell={c}
                    show={show}
                    facts={factsOf(facts, r.competitor.id, c.roundNumber)}
                    href={
                      props.kind === "teams"
                        ? explainHref(s.id, c.roundNumber, props.id)
                        : undefined
                    }
                  />
                ))}
                <td class="total">{r.pointsHidden ? "" : formatPointsForPeople(r.total)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function TeamPage(props: { view: SeasonView; service: SeasonService; teamId: string }) {
  const s = props.view.season;
  const team = s.teams.find((t) => t.id === props.teamId);
  if (!team) return null;
  const entries = s.entries.filter((e) => e.teamId === team.id);
  return (
    <Layout title={`${team.name} — ${s.name}`} crumbs={crumbs(s, team.name)}>
      <h1>{team.name}</h1>
      <p>
        {team.nationality ? (
          <>
            <Nationality code={team.nationality} long />.{" "}
          </>
        ) : null}
        {team.aliases.length > 0 ? (
          <span class="note">Also published as {team.aliases.join(", ")}.</span>
        ) : null}
      </p>
      <h2>Championship</h2>
      <Championships view={props.view} service={props.service} kind="teams" id={team.id} />
      <h2>Entries</h2>
      <ul>
        {entries.map((e) => (
          <li>
            {e.number === null ? "Car number unknown" : `#${e.number}`} ({e.classId}){" "}
            {[e.chassis, e.engine, e.tyre].filter(Boolean).join(" · ")}
            <ul>
              {s.lineups
                .filter((l) => l.entryId === e.id)
                .map((l) => (
                  <li>
                    <a href={driverHref(s.id, l.driverId)}>
                      {s.drivers.find((d) => d.id === l.driverId)?.name ?? l.driverId}
                    </a>{" "}
                    <span class="note">
                      {l.rounds === null ? "rounds unknown" : `rounds ${l.rounds.join(", ")}`}
                      {l.notStarted.length > 0
                        ? `; entered, did not take part: ${l.notStarted.join(", ")}`
                        : ""}
                    </span>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function DriverPage(props: { view: SeasonView; service: SeasonService; driverId: string }) {
  const s = props.view.season;
  const driver = s.drivers.find((d) => d.id === props.driverId);
  if (!driver) return null;
  const raceIds = new Set(
    s.results.filter((r) => r.driverIds.includes(driver.id)).map((r) => r.raceId),
  );
  // Positions as the official classification gives them (stewards' penalties applied).
  const results = [...raceIds].flatMap((raceId) =>
    props.service
      .racePositions(props.view, raceId)
      .filter((p) => p.row.driverIds.includes(driver.id)),
  );
  const raceRound = new Map(s.rounds.flatMap((r) => r.races.map((x) => [x.id, r] as const)));
  return (
    <Layout title={`${driver.name} — ${s.name}`} crumbs={crumbs(s, driver.name)}>
      <h1>{driver.name}</h1>
      {driver.nationality ? (
        <p>
          Nationality: <Nationality code={driver.nationality} long />
        </p>
      ) : null}
      <h2>Championship</h2>
      <Championships view={props.view} service={props.service} kind="drivers" id={driver.id} />
      <h2>Entries</h2>
      <ul>
        {s.lineups
          .filter((l) => l.driverId === driver.id)
          .map((l) => {
            const e = s.entries.find((x) => x.id === l.entryId);
            return (
              <li>
                {e ? (
                  <a href={teamHref(s.id, e.teamId)}>
                    {s.teams.find((t) => t.id === e.teamId)?.name}
                  </a>
                ) : (
                  l.entryId
                )}
                {e?.number ? ` #${e.number}` : ""} {e ? `(${e.classId})` : ""}:{" "}
                <span class="note">
                  {l.rounds === null ? "rounds unknown" : `rounds ${l.rounds.join(", ")}`}
                  {l.notStarted.length > 0
                    ? `; entered, did not take part: ${l.notStarted.join(", ")}`
                    : ""}
                </span>
              </li>
            );
          })}
      </ul>
      <h2>Results</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col" class="num">
                Pos
              </th>
              <th scope="col">Class</th>
              <th scope="col" class="num">
                Class pos
              </th>
              <th scope="col">Car</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {results.map((p) => {
              const r = p.row;
              const round = raceRound.get(r.raceId);
              return (
                <tr>
                  <td>
                    {round?.number ? (
                      <a href={roundHref(s.id, round.number)}>{`${round.number}. ${round.name}`}</a>
                    ) : (
                      r.raceId
                    )}
                  </td>
                  <td class="num">{p.overallPosition ?? ""}</td>
                  <td>{r.classId ?? ""}</td>
                  <td class="num">{p.classPosition ?? ""}</td>
                  <td>{r.number === null ? "?" : `#${r.number}`}</td>
                  <td>{p.status}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function EntriesPage(props: { view: SeasonView }) {
  const s = props.view.season;
  return (
    <Layout title={`${s.name} entry list`} crumbs={crumbs(s, "Entry list")}>
      <h1>{s.name}: entry list</h1>
      {s.classes.map((k) => {
        const entries = s.entries.filter((e) => e.classId === k.id);
        if (entries.length === 0) return null;
        return (
          <section>
            <h2>{k.name}</h2>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      No.
                    </th>
                    <th scope="col">Team</th>
                    <th scope="col">Chassis</th>
                    <th scope="col">Engine</th>
                    <th scope="col">Drivers (rounds)</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr>
                      <td class="num">{e.number ?? "?"}</td>
                      <td>
                        <a href={teamHref(s.id, e.teamId)}>
                          {s.teams.find((t) => t.id === e.teamId)?.name ?? e.teamId}
                        </a>
                      </td>
                      <td>{e.chassis}</td>
                      <td>{e.engine}</td>
                      <td>
                        {s.lineups
                          .filter((l) => l.entryId === e.id)
                          .map((l, i) => (
                            <>
                              {i > 0 ? <br /> : null}
                              <a href={driverHref(s.id, l.driverId)}>
                                {s.drivers.find((d) => d.id === l.driverId)?.name ?? l.driverId}
                              </a>{" "}
                              <Nationality
                                code={s.drivers.find((d) => d.id === l.driverId)?.nationality}
                              />{" "}
                              <span class="note">
                                ({l.rounds === null ? "?" : l.rounds.join(", ")}
                                {l.notStarted.length > 0
                                  ? `; did not take part: ${l.notStarted.join(", ")}`
                                  : ""}
                                )
                              </span>
                            </>
                          ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      <p class="note">"?": not given by the sources.</p>
    </Layout>
  );
}

export function ExplainPage(props: {
  view: SeasonView;
  service: SeasonService;
  round: number;
  teamId: string;
}) {
  const s = props.view.season;
  const team = s.teams.find((t) => t.id === props.teamId);
  const standings = props.service.standings(props.view);
  const entries = standings.trail.filter(
    (e) =>
      e.competitorId === props.teamId && (e.roundNumber === props.round || e.roundNumber === null),
  );
  const name = team?.name ?? props.teamId;
  return (
    <Layout
      title={`How ${name} scored in round ${props.round}`}
      crumbs={crumbs(s, `Round ${props.round}: ${name}`)}
    >
      <h1>
        How {name} scored in round {props.round}
      </h1>
      {entries.length === 0 ? (
        <p>No points were awarded to or withheld from {name} in this round.</p>
      ) : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Championship</th>
              <th scope="col">Car</th>
              <th scope="col">Outcome</th>
              <th scope="col">Rule</th>
              <th scope="col" class="num">
                Points
              </th>
              <th scope="col">Why</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>{`${e.championshipId}${e.classId ? ` ${e.classId}` : ""}`}</td>
                <td>{e.row ? (e.row.number === null ? "?" : `#${e.row.number}`) : ""}</td>
                <td>{e.kind}</td>
                <td>{e.rule}</td>
                <td class="num">{formatPointsForPeople(e.points)}</td>
                <td>{e.detail}</td>
                <td class="note">{e.row?.file ? `${e.row.file}:${e.row.line}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={roundHref(s.id, props.round)}>Round {props.round} results</a>
        {team ? (
          <>
            {" · "}
            <a href={teamHref(s.id, team.id)}>{team.name}</a>
          </>
        ) : null}
      </p>
    </Layout>
  );
}
