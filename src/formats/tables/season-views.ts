// Presenters: season facts and computed standings as plain tables and JSON values. The CLI prints
// them; the API and web pages will serve the same shapes. No rules live here.
import { formatPoints, formatPointsForPeople } from "../../core/points.js";
import type { Points } from "../../core/points.js";
import type {
  Standings,
  StandingsTable,
  StandingCell,
  StandingRow,
  TrailEntry,
} from "../../core/compute-standings.js";
import type { PointsRules } from "../../core/points-rules.js";
import { classificationOrder, positionRace } from "../../core/race-positions.js";
import type { PositionedRow } from "../../core/race-positions.js";
import { describeDecision } from "../../core/result-decisions.js";
import { nameKey } from "../../core/names.js";
import type { Race, Season } from "../../core/season.js";
import { numberedRounds } from "../../core/season.js";
import type { CellMarker } from "../../core/vocabulary.js";
import type { TitleScenario } from "../../core/title-scenarios.js";
import type { Tabular } from "./tabular.js";

const MARKER_TEXT: Record<CellMarker, string> = {
  counted: "",
  dropped: "",
  no_points: "0",
  not_classified: "NC",
  dnf: "Ret",
  dsq: "DSQ",
  dns: "DNS",
  excluded: "–",
};

export const MARKER_LEGEND =
  "Ret: retired; NC: not classified; DSQ: disqualified; DNS: did not start; (n): scored but not counted; –: round does not count.";
const EX_LEGEND = "EX: excluded from the championship, listed last.";

/** A cell for people: points, dropped points in parentheses, or a status marker. */
export function cellText(cell: StandingCell): string {
  if (cell.marker === null) return "";
  if (cell.marker === "counted") return formatPointsForPeople(cell.points);
  if (cell.marker === "dropped") return `(${formatPointsForPeople(cell.points)})`;
  return MARKER_TEXT[cell.marker];
}

/**
 * A round's cell as a published table prints it: the points scored (`cellText`), or with
 * `show: "positions"` the finishing position (as Formula 1 tables do; dropped results in
 * parentheses either way), Ret/DSQ/DNS/NC for a car without one.
 */
export function roundCellText(cell: StandingCell, show: "points" | "positions"): string {
  const scored =
    cell.marker === "counted" || cell.marker === "dropped" || cell.marker === "no_points";
  if (show === "positions" && scored && cell.position !== null)
    return cell.marker === "dropped" ? `(${cell.position})` : String(cell.position);
  return cellText(cell);
}

/** A cell for machines (CSV): the round's points, "0" for taking part without scoring, "" for absent. */
export function cellValue(cell: StandingCell): string {
  if (cell.marker === null || cell.marker === "excluded") return "";
  return formatPoints(cell.points);
}

/**
 * A standings row's position as printed: "3", "3=" (tied, for people), "EX" for a competitor
 * excluded from the championship, "" for one unranked.
 */
export function standingPositionText(
  r: Pick<StandingRow, "position" | "tied" | "positionMarker">,
  markTies = true,
): string {
  if (r.positionMarker) return r.positionMarker;
  return r.position === null ? "" : `${r.position}${r.tied && markTies ? "=" : ""}`;
}

/** A round's cell when the rules hide an excluded competitor's points: its status marker only. */
export function hiddenCellText(cell: StandingCell): string {
  if (cell.marker === null || cell.marker === "counted" || cell.marker === "dropped") return "";
  return MARKER_TEXT[cell.marker];
}

const COMPETITOR_COLUMN = {
  teams: "team",
  drivers: "driver",
  manufacturers: "manufacturer",
} as const;

export function standingsTitle(season: Season, t: StandingsTable): string {
  return `${season.name} — ${t.championshipName}${t.classId ? ` — ${t.classId}` : ""}`;
}

export function standingsTabular(season: Season, t: StandingsTable, forMachines: boolean): Tabular {
  const columns = [
    "class",
    "pos",
    COMPETITOR_COLUMN[t.kind],
    ...t.rounds.map((r) => `r${r}`),
    "total",
  ];
  const rows = t.rows.map((r) => [
    t.classId ?? "",
    standingPositionText(r, !forMachines),
    r.competitor.name,
    ...r.cells.map((c) =>
      r.pointsHidden ? hiddenCellText(c) : forMachines ? cellValue(c) : cellText(c),
    ),
    r.pointsHidden ? "" : forMachines ? formatPoints(r.total) : formatPointsForPeople(r.total),
  ]);
  const notes = [MARKER_LEGEND];
  if (t.rows.some((r) => r.positionMarker === "EX")) notes.push(EX_LEGEND);
  for (const r of t.rows) {
    if (!r.deductions || r.deductions.n === 0) continue;
    notes.push(`${r.competitor.name}: ${formatPointsForPeople(r.deductions)} points deducted.`);
  }
  for (const r of t.rows) if (r.note) notes.push(`${r.competitor.name}: ${r.note}.`);
  return { title: standingsTitle(season, t), columns, rows, notes };
}

const pointsJson = (p: Points) => formatPoints(p);

export function standingsJson(
  season: Season,
  rules: PointsRules,
  standings: Standings,
  tables: readonly StandingsTable[],
  withTrail: boolean,
) {
  return {
    season: season.id,
    rules: { id: rules.id, version: rules.version },
    afterRound: standings.uptoRound,
    pointsFormat: 'exact: "170", "12.5" or "100/3"',
    tables: tables.map((t) => ({
      championship: t.championshipId,
      name: t.championshipName,
      kind: t.kind,
      class: t.classId,
      rounds: t.rounds,
      rows: t.rows.map((r) => ({
        position: r.position,
        tied: r.tied,
        competitor: r.competitor,
        rounds: r.cells.map((c) => ({
          round: c.roundNumber,
          points: pointsJson(c.points),
          counted: pointsJson(c.counted),
          marker: c.marker,
          position: c.position,
        })),
        gross: pointsJson(r.gross),
        deductions: pointsJson(r.deductions),
        total: pointsJson(r.total),
        excluded: r.excluded,
        ...(r.positionMarker ? { marker: r.positionMarker } : {}),
        ...(r.pointsHidden ? { pointsHidden: true } : {}),
        note: r.note,
        ...(withTrail
          ? {
              trail: standings.trail
                .filter(
                  (e) =>
                    e.championshipId === t.championshipId &&
                    e.classId === t.classId &&
                    e.competitorId === r.competitor.id,
                )
                .map(trailJson),
            }
          : {}),
      })),
    })),
  };
}

export function trailJson(e: TrailEntry) {
  return { ...e, points: formatPoints(e.points) };
}

export function calendarTabular(season: Season): Tabular {
  return {
    title: `${season.name} — calendar`,
    columns: ["round", "event", "circuit", "date", "status", "races"],
    rows: season.rounds.map((r) => [
      r.number === null ? "" : String(r.number),
      r.name,
      r.circuit,
      r.date ?? "",
      r.status,
      r.races.map((x) => x.name).join("; "),
    ]),
  };
}

export function entriesTabular(season: Season, classId?: string): Tabular {
  const team = new Map(season.teams.map((t) => [t.id, t]));
  const driver = new Map(season.drivers.map((d) => [d.id, d]));
  const rows = season.entries
    .filter((e) => classId === undefined || e.classId === classId)
    .map((e) => {
      const line = season.lineups
        .filter((l) => l.entryId === e.id)
        .map((l) => {
          const d = driver.get(l.driverId);
          const rounds = l.rounds === null ? "?" : l.rounds.length === 0 ? "" : l.rounds.join(",");
          const ns =
            l.notStarted.length > 0 ? `; entered, did not start: ${l.notStarted.join(",")}` : "";
          return `${d?.name ?? l.driverId}${d?.nationality ? ` (${d.nationality})` : ""} [${rounds}${ns}]`;
        });
      return [
        e.classId,
        e.number ?? "unknown",
        team.get(e.teamId)?.name ?? e.teamId,
        e.chassis,
        e.engine,
        e.tyre,
        line.join("; "),
      ];
    });
  return {
    title: `${season.name} — entries${classId ? ` — ${classId}` : ""}`,
    columns: ["class", "number", "team", "chassis", "engine", "tyre", "drivers [rounds]"],
    rows,
  };
}

/** A race's classification with class positions, scoring positions and the points each row earned. */
export function resultsTabular(
  season: Season,
  rules: PointsRules,
  standings: Standings,
  race: Race,
  classId?: string,
): Tabular {
  const positioned = positionRace(season, rules, race.id);
  const team = new Map(season.teams.map((t) => [t.id, t.name]));
  const driver = new Map(season.drivers.map((d) => [d.id, d.name]));
  const awarded = (file?: string, line?: number) => {
    const got = standings.trail.filter(
      (e) =>
        e.kind === "awarded" &&
        e.row?.file === file &&
        e.row?.line === line &&
        e.raceId === race.id,
    );
    const byChampionship = new Map<string, Points>();
    for (const e of got) byChampionship.set(e.championshipId, e.points);
    return [...byChampionship.entries()]
      .map(([c, p]) => `${c} ${formatPointsForPeople(p)}`)
      .join("; ");
  };
  const round = season.rounds.find((r) => r.number === race.roundNumber);
  return {
    title: `${season.name} — round ${race.roundNumber}${round ? `, ${round.name}` : ""}${race.name !== "Race" ? ` — ${race.name}` : ""}`,
    columns: [
      "pos",
      "class",
      "class pos",
      "points pos",
      "number",
      "team",
      "drivers",
      "laps",
      "best lap",
      "fastest lap",
      "status",
      "points",
      "decisions",
    ],
    rows: classificationOrder(
      positioned.filter(
        (p) => classId === undefined || p.scoringClass === classId || p.row.classId === classId,
      ),
    ).map((p) => [
      p.overallPosition === null ? "" : String(p.overallPosition),
      p.row.classId === p.scoringClass || p.row.classId === null
        ? (p.row.classId ?? "unknown")
        : `${p.row.classId} (scores in ${p.scoringClass})`,
      p.classPosition === null ? "" : String(p.classPosition),
      p.pointsPosition === null ? "" : String(p.pointsPosition),
      p.row.number ?? "unknown",
      p.row.teamId === null ? "unknown" : (team.get(p.row.teamId) ?? p.row.teamId),
      p.row.driverIds.map((d) => driver.get(d) ?? d).join(", "),
      p.row.laps === null ? "" : String(p.row.laps),
      p.row.bestLap ?? "",
      p.row.fastestLap ? "yes" : "",
      p.status,
      awarded(p.row.source.file, p.row.source.line),
      rowDecisionsText(p),
    ]),
    notes: [
      "pos and class pos: the official classification, after the stewards' penalties, disqualified cars listed last without a position; class pos as published unless a penalty reorders the race; points pos: after removed cars let the cars behind move up.",
      "best lap: the car's own best lap, where the source gives it; fastest lap: the car credited with the fastest lap.",
    ],
  };
}

/** The stewards' decisions on one result row, with their reasons, as one line of text. */
export function rowDecisionsText(p: PositionedRow): string {
  return p.decisions
    .map((x) => describeDecision(x.decision, x.overturnedBy ?? undefined))
    .join("; ");
}

/** The trail of one competitor in one round: every point awarded or withheld, and why. */
export function explainTabular(
  season: Season,
  standings: Standings,
  roundNumber: number,
  competitorName: string,
): Tabular {
  const key = nameKey(competitorName);
  const team = season.teams.find(
    (t) =>
      nameKey(t.name) === key || nameKey(t.id) === key || t.aliases.some((a) => nameKey(a) === key),
  );
  const driver = season.drivers.find(
    (d) => nameKey(d.name) === key || d.aliases.some((a) => nameKey(a) === key),
  );
  const ids = new Set(
    [team?.id, driver?.id, competitorName].filter((x): x is string => x !== undefined),
  );
  const entries = standings.trail.filter(
    (e) => ids.has(e.competitorId) && (e.roundNumber === roundNumber || e.roundNumber === null),
  );
  return {
    title: `${season.name} — round ${roundNumber} — how ${team?.name ?? driver?.name ?? competitorName} scored`,
    columns: ["championship", "class", "race", "car", "source", "outcome", "rule", "points", "why"],
    rows: entries.map((e) => [
      e.championshipId,
      e.classId ?? "",
      e.raceId ?? "",
      e.row ? (e.row.number ?? "unknown") : "",
      e.row?.file ? `${e.row.file}:${e.row.line}` : "",
      e.kind,
      e.rule,
      formatPointsForPeople(e.points),
      e.detail,
    ]),
  };
}

export function findRace(season: Season, roundNumber: number, raceId?: string): Race | undefined {
  const round = numberedRounds(season).find((r) => r.number === roundNumber);
  if (!round) return undefined;
  return raceId ? round.races.find((r) => r.id === raceId) : round.races[0];
}

/** A title scenario as plain JSON, points as exact text. */
export function scenarioJson(x: TitleScenario) {
  return {
    ...x,
    maxPerRace: x.maxPerRace.map((m) => ({ ...m, points: formatPoints(m.points) })),
    outlooks: x.outlooks.map((o) => ({
      ...o,
      points: formatPoints(o.points),
      maxPossible: formatPoints(o.maxPossible),
      gapToLeader: formatPoints(o.gapToLeader),
      pointsToDrawLevel: formatPoints(o.pointsToDrawLevel),
      lastRace:
        o.lastRace?.map((p) => ({
          ...p,
          points: formatPoints(p.points),
          rivals: p.rivals.map((r) => ({
            ...r,
            mustScoreLessThan:
              r.mustScoreLessThan === null ? null : formatPoints(r.mustScoreLessThan),
          })),
        })) ?? null,
    })),
  };
}
