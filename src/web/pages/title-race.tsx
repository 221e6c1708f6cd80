// The title race under a standings table: while a title is open, who can still win it and what
// each contender needs; once clinched, who has; after the last round, the champion.
import { formatPointsForPeople } from "../../core/points.js";
import type { Season } from "../../core/season.js";
import type { PointsRules } from "../../core/points-rules.js";
import { titleScenarios } from "../../core/title-scenarios.js";
import type { TitleScenario } from "../../core/title-scenarios.js";
import {
  outlookNeeds,
  titleHolder,
  titleState,
} from "../../formats/tables/title-scenarios-view.js";
import { driverHref, standingsHref, teamHref } from "../page-parts.js";

const races = (n: number) => `${n} race${n === 1 ? "" : "s"}`;

/**
 * The title scenarios after `afterRound`, or by default after the last round completed; none
 * before the first round is run.
 */
export function titleRaces(
  season: Season,
  rules: PointsRules,
  afterRound?: number,
): TitleScenario[] {
  const raced = season.rounds
    .filter((r) => r.number !== null && r.status === "completed")
    .map((r) => r.number as number);
  const upto = afterRound ?? (raced.length > 0 ? Math.max(...raced) : undefined);
  return upto === undefined ? [] : titleScenarios(season, rules, upto);
}

/** One line per title still to be decided, for the season page's summary box. */
export function TitleRaceSummary(props: { s: Season; scenarios: readonly TitleScenario[] }) {
  const { s } = props;
  const undecided = props.scenarios.filter((x) => titleState(x) !== "decided");
  if (undecided.length === 0) return null;
  // A class's titles read apart where a season has several championships (teams, drivers).
  const several = new Set(props.scenarios.map((x) => x.championshipId)).size > 1;
  const label = (x: TitleScenario) =>
    several
      ? [x.classId, x.championshipId].filter((p) => p !== null).join(" ")
      : (x.classId ?? x.championshipId);
  return (
    <>
      <h2>Title race after round {undecided[0]?.afterRound}</h2>
      <ul class="leaders">
        {undecided.map((x) => {
          const holder = titleHolder(x);
          const contenders = x.outlooks.filter((o) => o.status === "contender");
          return (
            <li>
              <a href={standingsHref(s.id, x.classId)}>{label(x)}</a>:{" "}
              {titleState(x) === "clinched"
                ? `clinched by ${holder?.competitor.name ?? ""}`
                : `${contenders.length} can still win (${contenders.map((o) => o.competitor.name).join(", ")})`}
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function TitleRace(props: { s: Season; scenario: TitleScenario }) {
  const { s, scenario: x } = props;
  const holder = titleHolder(x);
  if (!holder) return null;
  const link = (c: { kind: string; id: string; name: string }) => {
    const href =
      c.kind === "teams"
        ? teamHref(s.id, c.id)
        : c.kind === "drivers"
          ? driverHref(s.id, c.id)
          : undefined;
    return href ? <a href={href}>{c.name}</a> : c.name;
  };
  const state = titleState(x);
  if (state === "decided")
    return (
      <p class="title-race">
        <strong>Champion:</strong> {link(holder.competitor)} ({formatPointsForPeople(holder.points)}{" "}
        pts)
      </p>
    );
  if (state === "clinched")
    return (
      <p class="title-race">
        <strong>Title clinched:</strong> {link(holder.competitor)} can no longer be caught, with{" "}
        {races(x.remainingRaces.length)} to go.
      </p>
    );
  const contenders = x.outlooks.filter((o) => o.status === "contender");
  const most = x.maxPerRace.map((m) => formatPointsForPeople(m.points));
  return (
    <div class="title-race">
      <p>
        <strong>Title race after round {x.afterRound}:</strong> {contenders.length} can still win,
        with {races(x.remainingRaces.length)} left (at most {most.join(" + ")} points).
      </p>
      <div class="scroll">
        <table>
          <caption class="visually-hidden">
            Contenders for the title after round {x.afterRound}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Pos
              </th>
              <th scope="col">Contender</th>
              <th scope="col" class="num">
                Points
              </th>
              <th scope="col" class="num">
                Most possible
              </th>
            </tr>
          </thead>
          <tbody>
            {contenders.map((o) => (
              <tr>
                <td class="num">{o.position ?? ""}</td>
                <th scope="row">{link(o.competitor)}</th>
                <td class="num">{formatPointsForPeople(o.points)}</td>
                <td class="num">{formatPointsForPeople(o.maxPossible)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="needs">
        {contenders.map((o) => {
          const needs = outlookNeeds(x, o);
          if (!needs)
            return (
              <li>{link(o.competitor)} leads: the title is theirs unless a rival catches up.</li>
            );
          return (
            <li>
              {link(o.competitor)} needs {needs.drawLevel}
              {o.tieAtBest ? " (a tie at best)" : ""}.
              {needs.lastRace.length > 0 ? (
                <>
                  {" "}
                  In the last race, if {o.competitor.name} finishes:
                  <ul>
                    {needs.lastRace.map((line) => (
                      <li>{line}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
