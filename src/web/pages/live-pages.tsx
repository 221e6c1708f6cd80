// Live pages: the broadcaster's board of a round (running order per class, the provisional
// championship top 5 with positions gained or lost), and the small hook the round and standings
// pages carry so they update in place while a race runs. The server renders the latest update
// (the page without JavaScript); /live.js renders each next one the same way, with textContent.
import type {
  LiveCar,
  LiveGap,
  LiveUpdate,
  ProvisionalStanding,
} from "../../core/live/live-types.js";
import { numberedRounds } from "../../core/season.js";
import type { Season } from "../../core/season.js";
import { mayRunLive } from "../../live/may-run-live.js";
import type { PointsRules } from "../../core/points-rules.js";
import { Layout } from "../layout.js";

/** m:ss.mmm (or s.mmm under a minute). */
export function lapTime(ms: number | null): string {
  if (ms === null) return "";
  const m = Math.floor(ms / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3);
  return m > 0 ? `${m}:${s.padStart(6, "0")}` : s;
}

/** "+12.345", "+1 lap", "+3 laps"; "" for the leader. */
export function gapText(gap: LiveGap | null): string {
  if (gap === null) return "";
  if ("laps" in gap) return `+${gap.laps} lap${gap.laps === 1 ? "" : "s"}`;
  return gap.ms === 0 ? "" : `+${(gap.ms / 1000).toFixed(3)}`;
}

/** "▲2", "▼1", "=" or "new": positions gained since before the race. */
export function movement(s: ProvisionalStanding): string {
  if (s.positionBefore === null) return "new";
  const d = s.positionBefore - s.position;
  return d > 0 ? `▲${d}` : d < 0 ? `▼${-d}` : "=";
}

/** The cars of each class, in class order; classes in the season's order. */
export function carsByClass(season: Season, update: LiveUpdate): [string, LiveCar[]][] {
  const byClass = new Map<string, LiveCar[]>();
  for (const car of update.cars) {
    const k = car.classId ?? "";
    byClass.set(k, [...(byClass.get(k) ?? []), car]);
  }
  const order = season.classes.map((k) => k.id);
  return [...byClass.entries()]
    .sort(
      ([a], [b]) =>
        (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) -
          (order.indexOf(b) < 0 ? 99 : order.indexOf(b)) || a.localeCompare(b),
    )
    .map(([k, cars]) => [k, [...cars].sort((x, y) => x.classPosition - y.classPosition)]);
}

/** The provisional tables: championship (and class), top `top` rows each. */
export function standingsTables(
  update: LiveUpdate,
  top: number,
): { championshipId: string; classId: string | null; rows: ProvisionalStanding[] }[] {
  const tables = new Map<
    string,
    { championshipId: string; classId: string | null; rows: ProvisionalStanding[] }
  >();
  for (const s of update.standings) {
    const classId = s.classId ?? null;
    const key = `${s.championshipId}|${classId ?? ""}`;
    const table = tables.get(key) ?? { championshipId: s.championshipId, classId, rows: [] };
    tables.set(key, table);
    table.rows.push(s);
  }
  return [...tables.values()].map((t) => ({
    ...t,
    rows: t.rows.sort((a, b) => a.position - b.position).slice(0, top),
  }));
}

/** Championship id → name, for the client to title its tables as the server does. */
export function championshipNames(rules: PointsRules): Record<string, string> {
  return Object.fromEntries(rules.championships.map((c) => [c.id, c.name]));
}

const streamOf = (seasonId: string, round: number) =>
  `/api/seasons/${encodeURIComponent(seasonId)}/rounds/${round}/live/stream`;

export const LIVE_STYLES = `
.live-provisional { background: #b00020; color: #fff; font-weight: 700; padding: .1rem .5rem; border-radius: .2rem; letter-spacing: .05em; }
.live-state { color: #555; }
.live-board { font-size: 1.05rem; }
.live-board h1 { font-size: 1.5rem; margin: .2rem 0; }
.live-board .live-head { display: flex; flex-wrap: wrap; gap: .2rem 1rem; align-items: baseline; }
.live-board .live-lap { font-size: 1.9rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.live-grid { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 2fr); gap: .8rem; }
.live-order { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 .8rem; align-content: start; }
.live-board table { width: 100%; font-variant-numeric: tabular-nums; line-height: 1.15; }
.live-board td, .live-board th { padding: .05rem .3rem; white-space: nowrap; }
.live-board td.live-name { overflow: hidden; text-overflow: ellipsis; max-width: 0; width: 100%; }
.live-banner td.live-name { white-space: normal; overflow-wrap: anywhere; }
.live-board h2 { font-size: 1.1rem; margin: .3rem 0 .1rem; }
.live-up { color: #0a7d32; } .live-down { color: #b00020; }
.live-banner { border: 2px solid #b00020; border-radius: .3rem; padding: .4rem .6rem; margin: .5rem 0; }
.live-banner table { font-size: .9rem; font-variant-numeric: tabular-nums; }
.live-banner h2 { font-size: 1rem; margin: .3rem 0 .1rem; }
@media (max-width: 40rem) { .live-board { font-size: 1rem; } .live-grid, .live-order { grid-template-columns: minmax(0, 1fr); } .live-board .live-lap { font-size: 1.4rem; } .live-hide-narrow { display: none; } .live-banner td, .live-banner th { padding: .1rem .25rem; } }
`;

function moveClass(s: ProvisionalStanding): string {
  const m = movement(s);
  return m.startsWith("▲") ? "live-up" : m.startsWith("▼") ? "live-down" : "";
}

/** The running order of one class: the same columns /live.js writes. */
function ClassTable(props: { classId: string; cars: readonly LiveCar[] }) {
  return (
    <section>
      <h2>{props.classId || "No class"}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Pos</th>
            <th scope="col">Car</th>
            <th scope="col">Driver</th>
            <th scope="col">Laps</th>
            <th scope="col">Gap</th>
            <th scope="col">Last lap</th>
            <th scope="col" class="live-hide-narrow">
              Pit
            </th>
          </tr>
        </thead>
        <tbody>
          {props.cars.map((car) => (
            <tr>
              <td>{car.classPosition}</td>
              <td>#{car.number}</td>
              <td class="live-name">{car.driver ?? car.team ?? ""}</td>
              <td>{car.laps}</td>
              <td>{gapText(car.classGap)}</td>
              <td>{lapTime(car.lastLapMs)}</td>
              <td class="live-hide-narrow">{car.pitStops}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StandingsTable(props: { title: string; rows: readonly ProvisionalStanding[] }) {
  return (
    <section>
      <h2>{props.title}</h2>
      <table>
        <tbody>
          {props.rows.map((s) => (
            <tr>
              <td>{s.position}</td>
              <td class={moveClass(s)}>{movement(s)}</td>
              <td class="live-name">{s.name}</td>
              <td>{s.points}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const tableTitle = (
  names: Record<string, string>,
  championshipId: string,
  classId: string | null,
) => `${names[championshipId] ?? championshipId}${classId ? ` — ${classId}` : ""}`;

/** The board's changing part: rendered here at page time, and by /live.js on each update. */
function BoardBody(props: { season: Season; rules: PointsRules; update: LiveUpdate | null }) {
  const u = props.update;
  if (!u) return <p data-live="empty">No live timing for this round yet.</p>;
  const names = championshipNames(props.rules);
  return (
    <div class="live-grid">
      <div class="live-order" data-live="order">
        {carsByClass(props.season, u).map(([k, cars]) => (
          <ClassTable classId={k} cars={cars} />
        ))}
      </div>
      <div data-live="standings">
        {standingsTables(u, 5).map((t) => (
          <StandingsTable title={tableTitle(names, t.championshipId, t.classId)} rows={t.rows} />
        ))}
      </div>
    </div>
  );
}

/** The broadcaster's page: big type, one screen at 1280×720, usable on a phone. */
export function LiveBoardPage(props: {
  season: Season;
  rules: PointsRules;
  round: { number: number; name: string };
  update: LiveUpdate | null;
  /** The round's official results are in: the board points to them instead. */
  official?: boolean;
}) {
  const { season, round, update } = props;
  const here = `/seasons/${encodeURIComponent(season.id)}/rounds/${round.number}/live`;
  return (
    <Layout
      title={`${season.name} round ${round.number} live`}
      crumbs={[
        { label: season.name, href: `/seasons/${encodeURIComponent(season.id)}` },
        {
          label: `Round ${round.number}`,
          href: `/seasons/${encodeURIComponent(season.id)}/rounds/${round.number}`,
        },
        { label: "Live" },
      ]}
    >
      <style dangerouslySetInnerHTML={{ __html: LIVE_STYLES }} />
      <div
        class="live-board"
        data-live-src={props.official ? undefined : streamOf(season.id, round.number)}
        data-live-view="board"
        data-live-names={JSON.stringify(championshipNames(props.rules))}
        data-live-classes={JSON.stringify(season.classes.map((k) => k.id))}
      >
        <div class="live-head">
          <h1>
            Round {round.number}: {round.name}
          </h1>
          <span class="live-provisional">PROVISIONAL</span>
          <span class="live-lap" data-live="lap">
            {update ? `Lap ${update.leaderLaps}` : ""}
          </span>
          <span class="live-state" data-live="state" role="status">
            {update ? `update ${update.seq}` : ""}
          </span>
        </div>
        <div data-live="body">
          {props.official ? (
            <p>
              The official results are in:{" "}
              <a href={`/seasons/${encodeURIComponent(season.id)}/rounds/${round.number}`}>
                round {round.number}
              </a>
              .
            </p>
          ) : (
            <BoardBody season={season} rules={props.rules} update={update} />
          )}
        </div>
        <p class="note">
          Provisional: as the race stands now, never the official result. <a href={here}>Refresh</a>{" "}
          (this page updates itself where JavaScript runs).
        </p>
      </div>
      {props.official ? null : <script src="/live.js" defer></script>}
    </Layout>
  );
}

export { mayRunLive };

/**
 * The hook a round or standings page carries: hidden until its stream says a race is live, then a
 * banner (lap, provisional running order or standings) updated in place. `classId` narrows the
 * standings to a class. Nothing when no round of it can run live (official results). Without
 * JavaScript: a link to the live board.
 */
export function LiveHook(props: {
  season: Season;
  rules?: PointsRules;
  round?: number;
  classId?: string | null;
}) {
  const s = props.season;
  const rounds = numberedRounds(s).filter(
    (r) => (props.round === undefined || r.number === props.round) && mayRunLive(s, r),
  );
  if (rounds.length === 0) return null;
  const season = encodeURIComponent(s.id);
  const src =
    props.round !== undefined
      ? `${streamOf(s.id, props.round)}?ifLive=1`
      : `/api/seasons/${season}/live/stream?ifLive=1`;
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: LIVE_STYLES }} />
      <aside
        class="live-banner"
        hidden
        aria-live="polite"
        data-live-src={src}
        data-live-view={props.round !== undefined ? "round" : "season"}
        data-live-season={s.id}
        data-live-class={props.classId ?? ""}
        data-live-names={JSON.stringify(props.rules ? championshipNames(props.rules) : {})}
      ></aside>
      <noscript>
        <p>
          While a race runs, live timing:{" "}
          {rounds.map((r, i) => (
            <>
              {i > 0 ? ", " : ""}
              <a href={`/seasons/${season}/rounds/${r.number}/live`}>round {r.number}</a>
            </>
          ))}
          .
        </p>
      </noscript>
      <script src="/live.js" defer></script>
    </>
  );
}
