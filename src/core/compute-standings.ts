// The standings engine: season + rules -> a table per championship (and class), with the points
// of every round, markers, totals, positions and a trail that says why each point was awarded or
// withheld. Pure and deterministic: the same input gives the same output, whatever its row order.
import { ZERO, add, cmp, divInt, formatPoints, isZero, sub } from "./points.js";
import type { Points } from "./points.js";
import type { Championship, PointsRules, RaceSettings } from "./points-rules.js";
import { selects, settingsForRace } from "./points-rules.js";
import { eligibilityCode, positionRace, scalePoints } from "./race-positions.js";
import { countedUnits } from "./drop-results.js";
import type { ScoringUnit } from "./drop-results.js";
import type { Grouping, PositionedRow } from "./race-positions.js";
import type { Decision, ResultRow, Season } from "./season.js";
import { numberedRounds, racesInOrder } from "./season.js";
import type { CellMarker, ChampionshipKind, FinishStatus } from "./vocabulary.js";

export interface ComputeOptions {
  /** Standings as they stood after this round (later rounds and their decisions left out). */
  readonly uptoRound?: number;
  /** Record the points trail (default true); off for bulk work that only needs totals. */
  readonly trail?: boolean;
}

export type TrailKind =
  "awarded" | "withheld" | "dropped" | "deducted" | "wiped" | "excluded" | "noted";

/** One step of the points trail: which rule gave or withheld how many points, and for which row. */
export interface TrailEntry {
  readonly championshipId: string;
  readonly classId: string | null;
  readonly competitorId: string;
  readonly roundNumber: number | null;
  readonly raceId: string | null;
  readonly kind: TrailKind;
  /** Stable rule code: SCALE, BONUS_POLE, NOT_COUNTING_CAR, MIN_DISTANCE, STATUS, DROP, … */
  readonly rule: string;
  readonly points: Points;
  readonly detail: string;
  /** The result row concerned, where there is one. */
  readonly row: {
    readonly file?: string;
    readonly line?: number;
    readonly number: string | null;
  } | null;
}

export interface StandingCell {
  readonly roundNumber: number;
  /** Points scored in the round (all its races), before drops. */
  readonly points: Points;
  /** Points of the round that count towards the total. */
  readonly counted: Points;
  readonly marker: CellMarker | null;
  /** Best finishing position (in the championship's order) in the round, if any. */
  readonly position: number | null;
}

export interface Competitor {
  readonly kind: ChampionshipKind;
  readonly id: string;
  readonly name: string;
}

export interface StandingRow {
  /** Null when unranked (excluded, or short of the minimum participation). */
  readonly position: number | null;
  readonly tied: boolean;
  readonly competitor: Competitor;
  readonly cells: readonly StandingCell[];
  readonly gross: Points;
  readonly deductions: Points;
  readonly total: Points;
  readonly excluded: boolean;
  readonly note: string;
  /** Finishing positions of the results that scored for this competitor, for countback. */
  readonly finishes: readonly number[];
}

export interface StandingsTable {
  readonly championshipId: string;
  readonly championshipName: string;
  readonly kind: ChampionshipKind;
  readonly classId: string | null;
  readonly rounds: readonly number[];
  readonly rows: readonly StandingRow[];
}

export interface Standings {
  readonly seasonId: string;
  readonly rulesId: string;
  readonly uptoRound: number | null;
  readonly tables: readonly StandingsTable[];
  readonly trail: readonly TrailEntry[];
}

interface Acc {
  readonly competitor: Competitor;
  readonly racePoints: Map<string, Points>;
  readonly roundPoints: Map<number, Points>;
  readonly roundPosition: Map<number, number>;
  readonly roundStatus: Map<number, FinishStatus>;
  readonly racePosition: Map<string, number>;
  readonly finishes: number[];
  starts: number;
}

const STATUS_MARKER: Record<FinishStatus, CellMarker> = {
  classified: "no_points",
  not_classified: "not_classified",
  dnf: "dnf",
  dsq: "dsq",
  dns: "dns",
};
// Which status a cell shows when a competitor had several cars: the best outcome wins.
const STATUS_RANK: Record<FinishStatus, number> = {
  classified: 0,
  not_classified: 1,
  dnf: 2,
  dsq: 3,
  dns: 4,
};

/** Stewards' decisions on race results, as they stand after `uptoRound`. */
function activeResultDecisions(season: Season, uptoRound: number | null): Decision[] {
  const inScope = season.decisions.filter(
    (d) => uptoRound === null || d.target.roundNumber === null || d.target.roundNumber <= uptoRound,
  );
  const overturned = new Set(
    inScope.filter((d) => d.kind === "reinstate" && d.overturns).map((d) => d.overturns as string),
  );
  return inScope.filter((d) => !overturned.has(d.id) && d.kind !== "reinstate");
}

export function decisionMatchesRow(d: Decision, row: ResultRow): boolean {
  const t = d.target;
  if (t.raceId !== null && t.raceId !== row.raceId) return false;
  if (t.number !== null && t.number !== row.number) return false;
  if (t.teamId !== null && t.teamId !== row.teamId) return false;
  if (t.classId !== null && t.classId !== row.classId) return false;
  return t.number !== null || t.teamId !== null;
}

function tableClasses(season: Season, ch: Championship): (string | null)[] {
  if (!ch.perClass) return [null];
  const champ = season.classes.filter((k) => k.championship).map((k) => k.id);
  return ch.classes ? champ.filter((k) => ch.classes?.includes(k)) : champ;
}

export function computeStandings(
  season: Season,
  rules: PointsRules,
  options: ComputeOptions = {},
): Standings {
  const upto = options.uptoRound ?? null;
  const withTrail = options.trail ?? true;
  const trail: TrailEntry[] = [];
  const rounds: number[] = numberedRounds(season)
    .filter((r) => r.status !== "cancelled")
    .map((r) => r.number as number)
    .filter((n) => upto === null || n <= upto);
  const races = racesInOrder(season).filter((r) => upto === null || r.roundNumber <= upto);

  const entryById = new Map(season.entries.map((e) => [e.id, e]));
  const teamName = new Map(season.teams.map((t) => [t.id, t.name]));
  const driverName = new Map(season.drivers.map((d) => [d.id, d.name]));
  const rowsByRace = new Map<string, ResultRow[]>();
  for (const row of season.results) {
    let list = rowsByRace.get(row.raceId);
    if (!list) rowsByRace.set(row.raceId, (list = []));
    list.push(row);
  }

  const dsq = activeResultDecisions(season, upto).filter((d) => d.kind === "disqualify");
  // Every decision on a result in scope, overturned or not, is told in the trail of that result.
  const resultDecisions = season.decisions.filter(
    (d) =>
      d.kind === "disqualify" &&
      (upto === null || d.target.roundNumber === null || d.target.roundNumber <= upto),
  );
  const reinstatedBy = new Map(
    season.decisions
      .filter(
        (d) =>
          d.kind === "reinstate" &&
          d.overturns !== null &&
          (upto === null || d.target.roundNumber === null || d.target.roundNumber <= upto),
      )
      .map((d) => [d.overturns as string, d]),
  );
  const statusOf = (row: ResultRow): FinishStatus =>
    dsq.length > 0 && dsq.some((d) => decisionMatchesRow(d, row)) ? "dsq" : row.status;
  const ineligible = (row: ResultRow) =>
    row.entryId !== null && entryById.get(row.entryId)?.pointsEligible === false;

  // accumulators per championship and table (class)
  const accs = new Map<string, Map<string, Acc>>();
  const tableKey = (ch: Championship, classId: string | null) => `${ch.id}|${classId ?? ""}`;
  for (const ch of rules.championships)
    for (const k of tableClasses(season, ch)) accs.set(tableKey(ch, k), new Map());

  const competitorsOf = (ch: Championship, row: ResultRow): Competitor[] => {
    switch (ch.kind) {
      case "teams":
        return row.teamId === null
          ? []
          : [{ kind: "teams", id: row.teamId, name: teamName.get(row.teamId) ?? row.teamId }];
      case "manufacturers": {
        const m = row.entryId === null ? null : (entryById.get(row.entryId)?.manufacturer ?? null);
        return m === null ? [] : [{ kind: "manufacturers", id: m, name: m }];
      }
      case "drivers":
        return row.driverIds.map((id) => ({ kind: "drivers", id, name: driverName.get(id) ?? id }));
      default: {
        const never: never = ch.kind;
        throw new Error(`unhandled championship kind ${String(never)}`);
      }
    }
  };
  const accFor = (table: Map<string, Acc>, c: Competitor): Acc => {
    let a = table.get(c.id);
    if (!a) {
      a = {
        competitor: c,
        racePoints: new Map(),
        roundPoints: new Map(),
        roundPosition: new Map(),
        roundStatus: new Map(),
        racePosition: new Map(),
        finishes: [],
        starts: 0,
      };
      table.set(c.id, a);
    }
    return a;
  };

  for (const race of races) {
    const rows = rowsByRace.get(race.id) ?? [];
    if (rows.length === 0) continue;
    const positioned = new Map<Grouping, PositionedRow[]>();
    const positionsFor = (g: Grouping) => {
      let p = positioned.get(g);
      if (!p) positioned.set(g, (p = positionRace(rows, rules, g, statusOf, ineligible)));
      return p;
    };
    for (const ch of rules.championships) {
      if (!selects(ch.rounds, race.roundNumber)) continue;
      const settings = settingsForRace(rules, ch, race.roundNumber, race.id);
      const grouping: Grouping = ch.perClass ? "class" : "overall";
      const prows = positionsFor(grouping).filter(
        (p) =>
          p.scoringClass !== null && (ch.classes === null || ch.classes.includes(p.scoringClass)),
      );
      const byGroup = new Map<string | null, PositionedRow[]>();
      for (const p of prows) {
        const k = ch.perClass ? p.scoringClass : null;
        let l = byGroup.get(k);
        if (!l) byGroup.set(k, (l = []));
        l.push(p);
      }
      for (const [classId, group] of byGroup) {
        const table = accs.get(tableKey(ch, classId));
        if (!table) continue; // a class with no championship table of this kind
        scoreGroup(ch, classId, group, table, settings, race.roundNumber, race.id);
      }
    }
  }

  function note(
    ch: Championship,
    classId: string | null,
    competitorId: string,
    roundNumber: number | null,
    raceId: string | null,
    kind: TrailKind,
    rule: string,
    points: Points,
    detail: string,
    row: ResultRow | null,
  ) {
    if (!withTrail) return;
    trail.push({
      championshipId: ch.id,
      classId,
      competitorId,
      roundNumber,
      raceId,
      kind,
      rule,
      points,
      detail,
      row: row ? { ...row.source, number: row.number } : null,
    });
  }

  function scoreGroup(
    ch: Championship,
    classId: string | null,
    group: PositionedRow[],
    table: Map<string, Acc>,
    settings: RaceSettings,
    roundNumber: number,
    raceId: string,
  ) {
    // Which rows count: for teams and manufacturers, a competitor's best K eligible cars.
    const ordered = [...group].sort(
      (a, b) =>
        (a.pointsPosition ?? Infinity) - (b.pointsPosition ?? Infinity) ||
        a.row.index - b.row.index,
    );
    const counting = new Set<PositionedRow>();
    const nonCountingPositions: number[] = [];
    const keyOf = (p: PositionedRow) => competitorsOf(ch, p.row)[0]?.id ?? null;
    if (ch.kind !== "drivers" && ch.counting.best !== null) {
      const used = new Map<string, number>();
      for (const p of ordered) {
        if (p.pointsPosition === null || p.exclusion !== null) continue;
        const k = keyOf(p);
        if (k === null) continue;
        const n = used.get(k) ?? 0;
        if (n < ch.counting.best) {
          counting.add(p);
          used.set(k, n + 1);
        } else nonCountingPositions.push(p.pointsPosition);
      }
    } else
      for (const p of ordered)
        if (p.pointsPosition !== null && p.exclusion === null) counting.add(p);
    const finalPosition = (p: PositionedRow): number | null => {
      if (p.pointsPosition === null) return null;
      if (ch.counting.nonCounting !== "nextCar" || !counting.has(p)) return p.pointsPosition;
      let ahead = 0;
      for (const q of nonCountingPositions) if (q < p.pointsPosition) ahead++;
      return p.pointsPosition - ahead;
    };

    // Bonus points, split between the cars credited with each bonus.
    const bonusOf = new Map<PositionedRow, { points: Points; rule: string; detail: string }[]>();
    if (settings.bonuses) {
      for (const b of ch.bonuses) {
        if (!selects(b.rounds, roundNumber)) continue;
        const qualifies = (p: PositionedRow) => {
          const pos = finalPosition(p);
          return counting.has(p) && (b.onlyIfTop === null || (pos !== null && pos <= b.onlyIfTop));
        };
        let credited: PositionedRow[];
        let share = true;
        switch (b.kind) {
          case "pole":
            credited = group.filter((p) => p.row.pole && qualifies(p));
            break;
          case "fastestLap":
            credited = group.filter((p) => p.row.fastestLap && qualifies(p));
            break;
          case "mostLapsLed": {
            const most = Math.max(0, ...group.map((p) => p.row.lapsLed));
            credited =
              most === 0 ? [] : group.filter((p) => p.row.lapsLed === most && qualifies(p));
            break;
          }
          case "lapLed":
            credited = group.filter((p) => p.row.lapsLed >= b.minLapsLed && qualifies(p));
            share = false;
            break;
          default: {
            const never: never = b.kind;
            throw new Error(`unhandled bonus ${String(never)}`);
          }
        }
        if (credited.length === 0) continue;
        const each = share ? divInt(b.points, credited.length) : b.points;
        for (const p of credited) {
          const list = bonusOf.get(p) ?? [];
          list.push({
            points: each,
            rule: `BONUS_${b.kind.replace(/[A-Z]/g, (m) => `_${m}`).toUpperCase()}`,
            detail:
              share && credited.length > 1
                ? `${b.kind}, shared by ${credited.length} cars`
                : b.kind,
          });
          bonusOf.set(p, list);
        }
      }
    }

    for (const p of group) {
      const competitors = competitorsOf(ch, p.row);
      if (competitors.length === 0) continue;
      const pos = finalPosition(p);
      let rowPoints = ZERO;
      const parts: { points: Points; rule: string; detail: string }[] = [];
      if (counting.has(p) && pos !== null) {
        const pts = scalePoints(settings.scale, pos, settings.multiplier);
        if (!isZero(pts) || pos <= settings.scale.length)
          parts.push({
            points: pts,
            rule: "SCALE",
            detail: `P${pos} on the ${settings.scaleName} scale${settings.multiplier ? ` x ${formatPoints(settings.multiplier)}` : ""}`,
          });
        for (const b of bonusOf.get(p) ?? []) parts.push(b);
        for (const part of parts) rowPoints = add(rowPoints, part.points);
      }
      // How the row's points reach its competitors (drivers may share a car).
      const { share, shareNote } = sharedDrive(ch, competitors.length);
      competitors.forEach((c, i) => {
        const acc = accFor(table, c);
        const got = share(rowPoints, i);
        acc.racePoints.set(raceId, add(acc.racePoints.get(raceId) ?? ZERO, got));
        acc.roundPoints.set(roundNumber, add(acc.roundPoints.get(roundNumber) ?? ZERO, got));
        if (p.status !== "dns") acc.starts++;
        const prevStatus = acc.roundStatus.get(roundNumber);
        if (prevStatus === undefined || STATUS_RANK[p.status] < STATUS_RANK[prevStatus])
          acc.roundStatus.set(roundNumber, p.status);
        if (pos !== null && (counting.has(p) || ch.kind === "drivers")) {
          const prev = acc.roundPosition.get(roundNumber);
          if (prev === undefined || pos < prev) acc.roundPosition.set(roundNumber, pos);
          const prevRace = acc.racePosition.get(raceId);
          if (prevRace === undefined || pos < prevRace) acc.racePosition.set(raceId, pos);
          if (counting.has(p)) acc.finishes.push(pos);
        }
        if (!withTrail) return;
        const say = (kind: TrailKind, rule: string, points: Points, detail: string) =>
          note(ch, classIdOf(ch, p), c.id, roundNumber, raceId, kind, rule, points, detail, p.row);
        for (const d of resultDecisions) {
          if (!decisionMatchesRow(d, p.row)) continue;
          const overturn = reinstatedBy.get(d.id);
          const dated = (x: Decision) => `${x.id}${x.date ? ` (${x.date})` : ""}`;
          say(
            "noted",
            "DECISION",
            ZERO,
            `${dated(d)}: ${d.kind}, ${d.reason}${overturn ? `; overturned by ${dated(overturn)}: ${overturn.reason}` : ""}`,
          );
        }
        if (counting.has(p) && pos !== null) {
          for (const part of parts) {
            const pts = share(part.points, i);
            say(
              isZero(pts) && !isZero(part.points) ? "withheld" : "awarded",
              part.rule,
              pts,
              part.detail + shareNote,
            );
          }
          return;
        }
        if (p.failed.length > 0) {
          const would =
            p.roadPosition !== null
              ? scalePoints(settings.scale, p.roadPosition, settings.multiplier)
              : ZERO;
          for (const f of p.failed) {
            const outcome =
              f.rule.effect === "moveUp"
                ? "removed, the cars behind move up"
                : "keeps its position, its points go to nobody";
            say(
              "withheld",
              eligibilityCode(f.rule),
              p.exclusion === "unawarded" ? would : ZERO,
              `${f.reason}: ${outcome}`,
            );
          }
        } else if (p.pointsPosition !== null) {
          const unawarded = ch.counting.nonCounting === "unawarded";
          const cars = ch.counting.best === 1 ? "car scores" : `${ch.counting.best} cars score`;
          say(
            "withheld",
            "NOT_COUNTING_CAR",
            unawarded ? scalePoints(settings.scale, p.pointsPosition, settings.multiplier) : ZERO,
            unawarded
              ? `P${p.pointsPosition}: only the team's best ${cars}; the position's points go to nobody`
              : `P${p.pointsPosition}: not among the counting cars; the cars behind move up`,
          );
        } else say("withheld", "NO_POSITION", ZERO, "no classified position is known");
      });
    }
  }

  function classIdOf(ch: Championship, p: PositionedRow): string | null {
    return ch.perClass ? p.scoringClass : null;
  }

  // Tables: cells, drops, decisions on points, order.
  const tables: StandingsTable[] = [];
  const pointsDecisions = season.decisions.filter(
    (d) =>
      (d.kind === "deduct_points" ||
        d.kind === "exclude_from_championship" ||
        d.kind === "wipe_points") &&
      (upto === null || d.target.roundNumber === null || d.target.roundNumber <= upto),
  );
  const overturned = new Set(
    season.decisions.filter((d) => d.kind === "reinstate").map((d) => d.overturns),
  );
  for (const ch of rules.championships) {
    for (const classId of tableClasses(season, ch)) {
      const table = accs.get(tableKey(ch, classId)) as Map<string, Acc>;
      const chRounds = rounds;
      const built = [...table.values()].map((acc) => buildRow(ch, classId, acc, chRounds));
      const rows = rankRows(ch, built);
      tables.push({
        championshipId: ch.id,
        championshipName: ch.name,
        kind: ch.kind,
        classId,
        rounds: chRounds,
        rows,
      });
    }
  }

  function decisionFor(
    d: Decision,
    ch: Championship,
    classId: string | null,
    c: Competitor,
  ): boolean {
    if (overturned.has(d.id)) return false;
    if (d.championshipId !== ch.id) return false;
    if (d.target.classId !== null && classId !== null && d.target.classId !== classId) return false;
    switch (ch.kind) {
      case "teams":
        return d.target.teamId === c.id;
      case "drivers":
        return d.target.driverId === c.id;
      case "manufacturers":
        return d.target.manufacturer === c.id;
      default:
        return false;
    }
  }

  function buildRow(
    ch: Championship,
    classId: string | null,
    acc: Acc,
    chRounds: readonly number[],
  ): RowInProgress {
    const c = acc.competitor;
    const mine = pointsDecisions.filter((d) => decisionFor(d, ch, classId, c));
    const wipedUpto = Math.max(
      0,
      ...mine.filter((d) => d.kind === "wipe_points").map((d) => d.uptoRound ?? 0),
    );
    // Units that drop rules choose among: rounds, or races.
    const unitOf = ch.drop?.unit === "race" ? "race" : "round";
    const units: ScoringUnit[] = [];
    if (unitOf === "round")
      for (const [r, p] of acc.roundPoints) units.push({ key: String(r), round: r, points: p });
    else
      for (const [raceId, p] of acc.racePoints)
        units.push({
          key: raceId,
          round: races.find((x) => x.id === raceId)?.roundNumber ?? 0,
          points: p,
        });
    const eligible = units.filter((u) => selects(ch.rounds, u.round) && u.round > wipedUpto);
    const kept = countedUnits(eligible, ch.drop);
    const counted = new Map<string, boolean>(units.map((u) => [u.key, kept.has(u.key)]));
    const countedByRound = new Map<number, Points>();
    let gross = ZERO;
    for (const u of units) {
      if (!counted.get(u.key)) {
        if (!isZero(u.points)) {
          const rule = u.round <= wipedUpto ? "WIPED" : "DROP";
          note(
            ch,
            classId,
            c.id,
            u.round,
            unitOf === "race" ? u.key : null,
            rule === "WIPED" ? "wiped" : "dropped",
            rule,
            u.points,
            rule === "WIPED"
              ? "points wiped by a stewards' decision"
              : "not among the results that count",
            null,
          );
        }
        continue;
      }
      countedByRound.set(u.round, add(countedByRound.get(u.round) ?? ZERO, u.points));
      gross = add(gross, u.points);
    }
    let deductions = ZERO;
    for (const d of mine.filter((x) => x.kind === "deduct_points" && x.points)) {
      deductions = add(deductions, d.points as Points);
      note(
        ch,
        classId,
        c.id,
        d.target.roundNumber,
        d.target.raceId,
        "deducted",
        "DEDUCTION",
        d.points as Points,
        `${d.id}: ${d.reason}`,
        null,
      );
    }
    const excluded = mine.some((d) => d.kind === "exclude_from_championship");
    if (excluded) {
      const d = mine.find((x) => x.kind === "exclude_from_championship") as Decision;
      note(
        ch,
        classId,
        c.id,
        d.target.roundNumber,
        null,
        "excluded",
        "EXCLUSION",
        ZERO,
        `${d.id}: ${d.reason}`,
        null,
      );
    }
    const cells: StandingCell[] = chRounds.map((r) => {
      const points = acc.roundPoints.get(r);
      const status = acc.roundStatus.get(r);
      const countedPts = countedByRound.get(r) ?? ZERO;
      let marker: CellMarker | null = null;
      if (!selects(ch.rounds, r)) marker = "excluded";
      else if (points !== undefined && !isZero(points))
        marker = cmp(countedPts, points) < 0 ? "dropped" : "counted";
      else if (status !== undefined) marker = STATUS_MARKER[status];
      return {
        roundNumber: r,
        points: points ?? ZERO,
        counted: countedPts,
        marker,
        position: acc.roundPosition.get(r) ?? null,
      };
    });
    const short = ch.kind === "drivers" && acc.starts < ch.minParticipation;
    const noteText = excluded
      ? "excluded from the championship"
      : short
        ? `fewer than ${ch.minParticipation} starts`
        : wipedUpto > 0
          ? `points up to round ${wipedUpto} wiped`
          : "";
    return {
      position: null,
      tied: false,
      competitor: c,
      cells,
      gross,
      deductions,
      total: sub(gross, deductions),
      excluded: excluded || short,
      note: noteText,
      finishes: [...acc.finishes].sort((a, b) => a - b),
      racePositions: acc.racePosition,
    };
  }

  function rankRows(ch: Championship, rows: RowInProgress[]): StandingRow[] {
    const raceOrder = races.map((r) => r.id);
    const compare = (a: RowInProgress, b: RowInProgress): number => {
      const byTotal = cmp(b.total, a.total);
      if (byTotal !== 0) return byTotal;
      for (const tb of ch.tieBreaks) {
        const r = tieBreak(tb, a, b, raceOrder);
        if (r !== 0) return r;
      }
      return 0;
    };
    const ranked = rows
      .filter((r) => !r.excluded)
      .sort((a, b) => compare(a, b) || a.competitor.name.localeCompare(b.competitor.name));
    const out: RowInProgress[] = [];
    ranked.forEach((r, i) => {
      const prev = out[i - 1];
      const tiedWithPrev = prev !== undefined && compare(prev, r) === 0;
      const position = tiedWithPrev ? (prev.position as number) : i + 1;
      if (tiedWithPrev) out[i - 1] = { ...prev, tied: true };
      out.push({ ...r, position, tied: tiedWithPrev });
    });
    const unranked = rows
      .filter((r) => r.excluded)
      .sort((a, b) => cmp(b.total, a.total) || a.competitor.name.localeCompare(b.competitor.name));
    return [...out, ...unranked].map(({ racePositions: _internal, ...row }) => row);
  }

  return { seasonId: season.id, rulesId: rules.id, uptoRound: upto, tables, trail };
}

/** How a car's points reach its drivers: the share of driver i, and a note for the trail. */
function sharedDrive(
  ch: Championship,
  drivers: number,
): { share: (points: Points, i: number) => Points; shareNote: string } {
  if (ch.kind !== "drivers" || drivers <= 1) return { share: (x) => x, shareNote: "" };
  switch (ch.sharedDrives) {
    case "full":
      return { share: (x) => x, shareNote: "" };
    case "split":
      return { share: (x) => divInt(x, drivers), shareNote: `, split between ${drivers} drivers` };
    case "first":
      return {
        share: (x, i) => (i === 0 ? x : ZERO),
        shareNote: ", to the first-listed driver only",
      };
    case "none":
      return { share: () => ZERO, shareNote: ", shared drives score nothing" };
    default: {
      const never: never = ch.sharedDrives;
      throw new Error(`unhandled shared drive rule ${String(never)}`);
    }
  }
}

/** A standings row while it is being ranked, with what tie-breaks need. */
type RowInProgress = StandingRow & { readonly racePositions: ReadonlyMap<string, number> };

function tieBreak(
  kind: "countback" | "latestResult",
  a: RowInProgress,
  b: RowInProgress,
  raceOrder: readonly string[],
): number {
  switch (kind) {
    case "countback": {
      // Most wins, then most second places, and so on.
      const max = Math.max(0, ...a.finishes, ...b.finishes);
      for (let p = 1; p <= max; p++) {
        const ca = a.finishes.filter((x) => x === p).length;
        const cb = b.finishes.filter((x) => x === p).length;
        if (ca !== cb) return cb - ca;
      }
      return 0;
    }
    case "latestResult": {
      // The better result in the latest race where the two differ.
      const pa = a.racePositions;
      const pb = b.racePositions;
      for (let i = raceOrder.length - 1; i >= 0; i--) {
        const id = raceOrder[i] as string;
        const x = pa.get(id) ?? Infinity;
        const y = pb.get(id) ?? Infinity;
        if (x !== y) return x - y;
      }
      return 0;
    }
    default: {
      const never: never = kind;
      throw new Error(`unhandled tie-break ${String(never)}`);
    }
  }
}
