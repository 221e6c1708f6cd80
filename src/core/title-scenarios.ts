// Title scenarios: after a round, who can still win each championship, who has clinched it, and
// what a contender needs from the remaining rounds. Built on the engine's standings "as of" that
// round and on the most points a competitor can still score in each remaining race.
import { ZERO, add, cmp, sub } from "./points.js";
import type { Points } from "./points.js";
import { computeStandings } from "./compute-standings.js";
import type { Competitor, StandingRow, Standings } from "./compute-standings.js";
import { countedUnits } from "./drop-results.js";
import type { ScoringUnit } from "./drop-results.js";
import { selects, settingsForRace } from "./points-rules.js";
import type { Championship, PointsRules } from "./points-rules.js";
import { scalePoints } from "./race-positions.js";
import { numberedRounds } from "./season.js";
import type { Race, Season } from "./season.js";

export type TitleStatus = "champion" | "contender" | "out";

export interface LastRacePosition {
  readonly position: number;
  readonly points: Points;
  /** For each rival still in contention: the most it may score and still finish behind. */
  readonly rivals: readonly {
    readonly competitorId: string;
    /** The rival stays behind if it scores less than this; null: this finish cannot beat it. */
    readonly mustScoreLessThan: Points | null;
    /** The best place that keeps the rival behind; null: it must finish out of the points. */
    readonly mayFinishAtBest: number | null;
    /** True when the most this finish allows is a tie on points, decided by the tie-breaks. */
    readonly tieOnly: boolean;
  }[];
}

export interface Outlook {
  readonly competitor: Competitor;
  readonly position: number | null;
  readonly points: Points;
  readonly maxPossible: Points;
  readonly gapToLeader: Points;
  readonly status: TitleStatus;
  /** True when the most this competitor can reach equals the leader's points: a tie at best. */
  readonly tieAtBest: boolean;
  /** Points needed to draw level if the leader scores nothing more. */
  readonly pointsToDrawLevel: Points;
  /** With one race left: what each finishing position would demand of the rivals. */
  readonly lastRace: readonly LastRacePosition[] | null;
}

export interface TitleScenario {
  readonly championshipId: string;
  readonly classId: string | null;
  readonly afterRound: number;
  readonly remainingRaces: readonly string[];
  readonly maxPerRace: readonly { readonly raceId: string; readonly points: Points }[];
  readonly clinched: boolean;
  readonly outlooks: readonly Outlook[];
}

/** The most one competitor can score in a race: its best cars in the top places, every bonus. */
export function maxRacePoints(rules: PointsRules, ch: Championship, race: Race): Points {
  const { scale, multiplier, bonuses } = settingsForRace(rules, ch, race.roundNumber, race.id);
  const cars = ch.kind === "drivers" ? 1 : (ch.counting.best ?? scale.length);
  let total = ZERO;
  for (let p = 1; p <= Math.min(cars, scale.length); p++)
    total = add(total, scalePoints(scale, p, multiplier));
  if (bonuses)
    for (const b of ch.bonuses)
      if (selects(b.rounds, race.roundNumber)) total = add(total, b.points);
  return total;
}

export function titleScenarios(
  season: Season,
  rules: PointsRules,
  afterRound: number,
): TitleScenario[] {
  return titleScenariosFrom(
    computeStandings(season, rules, { uptoRound: afterRound, trail: false }),
    season,
    rules,
    afterRound,
  );
}

/** The title scenarios from the standings after the round, computed already (a live race). */
export function titleScenariosFrom(
  standings: Standings,
  season: Season,
  rules: PointsRules,
  afterRound: number,
): TitleScenario[] {
  const remaining = numberedRounds(season)
    .filter((r) => (r.number as number) > afterRound && r.status !== "cancelled")
    .flatMap((r) => [...r.races].sort((a, b) => a.order - b.order));
  return standings.tables.map((table) => {
    const ch = rules.championships.find((c) => c.id === table.championshipId) as Championship;
    const races = remaining.filter((r) => selects(ch.rounds, r.roundNumber));
    const maxPerRace = races.map((r) => ({ raceId: r.id, points: maxRacePoints(rules, ch, r) }));
    const ranked = table.rows.filter((r) => !r.excluded);
    let remainingMost = ZERO;
    for (const m of maxPerRace) remainingMost = add(remainingMost, m.points);
    const maxPossible = (row: StandingRow): Points => {
      // Without drop rules: the points that count now plus the most from every remaining race
      // (without reading the rows' cells, built only when asked for).
      if (ch.drop === null) return add(row.total, remainingMost);
      // Current results plus the most from every remaining race, counted under the drop rules.
      const unit = ch.drop.unit;
      const units: ScoringUnit[] = [];
      for (const c of row.cells)
        if (unit === "round")
          units.push({ key: String(c.roundNumber), round: c.roundNumber, points: c.points });
      if (unit === "race") {
        // Race-level past results are summarised per round in cells; counting them per round is a
        // safe upper bound (a round's races can only count less separately).
        for (const c of row.cells)
          units.push({ key: `past-${c.roundNumber}`, round: c.roundNumber, points: c.points });
      }
      for (const m of maxPerRace) {
        const round = races.find((r) => r.id === m.raceId)?.roundNumber ?? 0;
        const key = unit === "round" ? String(round) : m.raceId;
        const existing = units.find((u) => u.key === key);
        if (existing)
          units.splice(units.indexOf(existing), 1, {
            ...existing,
            points: add(existing.points, m.points),
          });
        else units.push({ key, round, points: m.points });
      }
      const kept = countedUnits(units, ch.drop);
      let total = ZERO;
      for (const u of units) if (kept.has(u.key)) total = add(total, u.points);
      return sub(total, row.deductions);
    };
    const leader = ranked[0];
    const leaderPoints = leader ? leader.total : ZERO;
    const maxima = new Map(ranked.map((r) => [r.competitor.id, maxPossible(r)]));
    const othersBest = ranked.slice(1).reduce<Points | null>((best, r) => {
      const m = maxima.get(r.competitor.id) as Points;
      return best === null || cmp(m, best) > 0 ? m : best;
    }, null);
    const clinched =
      leader !== undefined && (othersBest === null || cmp(leaderPoints, othersBest) > 0);
    const statusOf = (r: StandingRow): TitleStatus => {
      if (clinched) return r === leader ? "champion" : "out";
      return cmp(maxima.get(r.competitor.id) as Points, leaderPoints) >= 0 ? "contender" : "out";
    };
    const contenders = ranked.filter((r) => statusOf(r) === "contender");
    const lastRace = races.length === 1 ? races[0] : undefined;
    const outlooks: Outlook[] = ranked.map((r) => {
      const max = maxima.get(r.competitor.id) as Points;
      const status = statusOf(r);
      return {
        competitor: r.competitor,
        position: r.position,
        points: r.total,
        maxPossible: max,
        gapToLeader: sub(leaderPoints, r.total),
        status,
        tieAtBest: status === "contender" && cmp(max, leaderPoints) === 0 && r !== leader,
        pointsToDrawLevel: sub(leaderPoints, r.total),
        lastRace:
          lastRace && status === "contender"
            ? lastRaceTable(
                rules,
                ch,
                lastRace,
                r,
                contenders.filter((x) => x !== r),
              )
            : null,
      };
    });
    return {
      championshipId: table.championshipId,
      classId: table.classId,
      afterRound,
      remainingRaces: races.map((r) => r.id),
      maxPerRace,
      clinched,
      outlooks,
    };
  });
}

/** With one race left: for each position the competitor might finish, what its rivals may score. */
function lastRaceTable(
  rules: PointsRules,
  ch: Championship,
  race: Race,
  me: StandingRow,
  rivals: readonly StandingRow[],
): LastRacePosition[] {
  const { scale, multiplier } = settingsForRace(rules, ch, race.roundNumber, race.id);
  const out: LastRacePosition[] = [];
  for (let p = 1; p <= scale.length + 1; p++) {
    const pts = p <= scale.length ? scalePoints(scale, p, multiplier) : ZERO;
    const mine = add(me.total, pts);
    out.push({
      position: p,
      points: pts,
      rivals: rivals.map((rival) => {
        const room = sub(mine, rival.total);
        const id = rival.competitor.id;
        if (cmp(room, ZERO) < 0)
          return {
            competitorId: id,
            mustScoreLessThan: null,
            mayFinishAtBest: null,
            tieOnly: false,
          };
        if (cmp(room, ZERO) === 0)
          return {
            competitorId: id,
            mustScoreLessThan: ZERO,
            mayFinishAtBest: null,
            tieOnly: true,
          };
        // The best place (not ours) whose points keep the rival strictly behind; none: out of the points.
        let best: number | null = null;
        for (let q = 1; q <= scale.length && best === null; q++)
          if (q !== p && cmp(scalePoints(scale, q, multiplier), room) < 0) best = q;
        return { competitorId: id, mustScoreLessThan: room, mayFinishAtBest: best, tieOnly: false };
      }),
    });
  }
  return out;
}
