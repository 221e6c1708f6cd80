// Wikipedia wikitext: standings, race classifications and the season's class winners as the
// tables of Wikipedia's sports-car season and race articles, cells in the WP:MOTOR colour key.
// Every name is escaped: a team called "| }} [[x]]" shows as text and cannot break a table.
import { shortCircuitName } from "../tables/round-labels.js";
import { formatPointsForPeople } from "../../core/points.js";
import type { PointsRules } from "../../core/points-rules.js";
import { classificationOrder, positionRace, scoringClassOf } from "../../core/race-positions.js";
import type { PositionedRow } from "../../core/race-positions.js";
import type { Race, Season } from "../../core/season.js";
import { numberedRounds } from "../../core/season.js";
import type { StandingCell, StandingsTable } from "../../core/standings-types.js";
import type { FinishStatus } from "../../core/vocabulary.js";
import { cellFacts, factsOf } from "../tables/cell-facts.js";
import type { CellFacts } from "../tables/cell-facts.js";
import { roundCellText } from "../tables/season-views.js";
import type { ClassWinner, RaceSummary } from "./season-summary.js";

/** The WP:MOTOR results colours. */
export const WIKI_COLOURS = {
  winner: "#FFFFBF",
  second: "#DFDFDF",
  third: "#FFDF9F",
  points: "#DFFFDF",
  noPoints: "#CFCFFF",
  notClassified: "#EFCFFF",
  disqualified: "#000000",
  didNotStart: "#FFFFFF",
} as const;

// Characters that start markup anywhere in a line: links, templates, tables, tags, bold and
// italics, signatures, entities. Each becomes a numeric entity, which renders as itself.
const ALWAYS: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "[": "&#91;",
  "]": "&#93;",
  "{": "&#123;",
  "}": "&#125;",
  "|": "&#124;",
  "!": "&#33;",
  "~": "&#126;",
  ":": "&#58;", // also stops bare URLs from becoming links
};
// Characters that mean something only at the start of a line (lists, headings, rules, pre).
const LEADING = new Set(["*", "#", ";", "-", "=", " "]);

/** Plain text as wikitext that renders as exactly that text, on one line. */
export function escapeWikitext(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  const chars = [...flat];
  const last = chars.length - 1;
  let out = "";
  for (const [i, ch] of chars.entries()) {
    const entity = ALWAYS[ch];
    if (entity !== undefined) out += entity;
    // One apostrophe is text ("The Racer's Group"); two make italics, and one at either end
    // would join the ''' of a bold cell.
    else if (ch === "'" && (i === 0 || i === last || chars[i - 1] === "'" || chars[i + 1] === "'"))
      out += "&#39;";
    else if (i === 0 && LEADING.has(ch)) out += `&#${ch.codePointAt(0)};`;
    else out += ch;
  }
  // Behaviour switches (__NOTOC__) need two underscores in a row.
  return out.replace(/_(?=_)/g, "&#95;");
}

/** One cell line: `| style="…" | text` (or `!` for a header cell). */
function cell(text: string, style?: string, header = false): string {
  const mark = header ? "!" : "|";
  if (style) return `${mark} style="${style}" | ${text}`;
  return text === "" ? mark : `${mark} ${text}`;
}

const TABLE_START = '{| class="wikitable sortable" style="font-size:85%; text-align:center"';

/**
 * The colour of a standings cell, by finishing position and status, and its text: the points, or
 * with `show: "positions"` the finishing position (the rules' `cells` choice, as on the web
 * page), with superscript P and F for the pole and the fastest lap.
 */
export function standingsCellWikitext(
  c: StandingCell,
  show: "points" | "positions" = "points",
  facts?: CellFacts,
): string {
  const sup = `${facts?.pole ? "<sup>P</sup>" : ""}${facts?.fastestLap ? "<sup>F</sup>" : ""}`;
  const text = roundCellText(c, show) + sup;
  switch (c.marker) {
    case null:
    case "excluded":
      return cell(sup);
    case "counted":
    case "dropped": {
      const colour =
        c.position === 1
          ? WIKI_COLOURS.winner
          : c.position === 2
            ? WIKI_COLOURS.second
            : c.position === 3
              ? WIKI_COLOURS.third
              : WIKI_COLOURS.points;
      return cell(text, `background:${colour}`);
    }
    case "no_points":
      return cell(
        show === "points" ? formatPointsForPeople(c.points) + sup : text,
        `background:${WIKI_COLOURS.noPoints}`,
      );
    case "not_classified":
    case "dnf":
      return cell(text, `background:${WIKI_COLOURS.notClassified}`);
    case "dsq":
      return cell(text, `background:${WIKI_COLOURS.disqualified}; color:#FFFFFF`);
    case "dns":
      return cell(text, `background:${WIKI_COLOURS.didNotStart}`);
    default: {
      const never: never = c.marker;
      throw new Error(`unhandled marker ${String(never)}`);
    }
  }
}

/** The colour key (WP:MOTOR) as a small table. */
export function colourKeyWikitext(): string {
  const row = (colour: string, name: string, meaning: string, extra = "") =>
    ["|-", cell(name, `background:${colour}${extra}`), cell(meaning)].join("\n");
  return [
    '{| class="wikitable" style="font-size:85%; text-align:center"',
    "|+ Key",
    "|-",
    "! Colour",
    "! Result",
    row(WIKI_COLOURS.winner, "Gold", "Winner"),
    row(WIKI_COLOURS.second, "Silver", "2nd place"),
    row(WIKI_COLOURS.third, "Bronze", "3rd place"),
    row(WIKI_COLOURS.points, "Green", "Other points position"),
    row(WIKI_COLOURS.noPoints, "Blue", "Other classified position"),
    row(WIKI_COLOURS.notClassified, "Purple", "Not classified (NC) or retired (Ret)"),
    row(WIKI_COLOURS.disqualified, "Black", "Disqualified (DSQ)", "; color:#FFFFFF"),
    row(WIKI_COLOURS.didNotStart, "White", "Did not start (DNS)"),
    "|-",
    cell("Blank"),
    cell("Did not take part, or the round does not count"),
    "|-",
    cell("(n)"),
    cell("Points scored but not counted"),
    "|}",
  ].join("\n");
}

function sourceLine(season: Season, rules: PointsRules, what: string): string {
  return `<small>Source: ${escapeWikitext(`${what} of ${season.name}, computed from its classifications under the points rules ${rules.id} (version ${rules.version})`)}. Generated by Paddock.</small>`;
}

/** Car numbers a competitor raced under in a table's class and rounds, in numeric order. */
function carNumbers(
  season: Season,
  rules: PointsRules,
  table: StandingsTable,
): Map<string, string> {
  const raceRound = new Map(season.rounds.flatMap((r) => r.races.map((x) => [x.id, r.number])));
  const rounds = new Set(table.rounds);
  const byCompetitor = new Map<string, Set<string>>();
  const add = (who: string, number: string) => {
    const set = byCompetitor.get(who) ?? new Set<string>();
    set.add(number);
    byCompetitor.set(who, set);
  };
  for (const r of season.results) {
    const round = raceRound.get(r.raceId);
    if (r.number === null || round === undefined || round === null || !rounds.has(round)) continue;
    if (table.classId !== null && scoringClassOf(rules, r.classId) !== table.classId) continue;
    if (table.kind === "teams" && r.teamId !== null) add(r.teamId, r.number);
    if (table.kind === "drivers") for (const d of r.driverIds) add(d, r.number);
  }
  const byNumber = (a: string, b: string) =>
    Number(a) - Number(b) || a.localeCompare(b, "en", { numeric: true });
  return new Map(
    [...byCompetitor].map(([who, numbers]) => [who, [...numbers].sort(byNumber).join(", ")]),
  );
}

function positionText(row: StandingsTable["rows"][number]): string {
  if (row.excluded) return "EX";
  if (row.position === null) return "NC";
  return `${row.position}${row.tied ? "=" : ""}`;
}

/** One championship's standings as a Wikipedia table: positions, per-round points, totals. */
export function standingsTableWikitext(
  season: Season,
  rules: PointsRules,
  table: StandingsTable,
): string {
  const who =
    table.kind === "teams" ? "Team" : table.kind === "drivers" ? "Driver" : "Manufacturer";
  const numbers = table.kind === "manufacturers" ? new Map() : carNumbers(season, rules, table);
  const withNumbers = table.rows.some((r) => numbers.has(r.competitor.id));
  const circuit = new Map(numberedRounds(season).map((r) => [r.number, r.circuit]));
  const show = rules.championships.find((ch) => ch.id === table.championshipId)?.cells ?? "points";
  const facts = cellFacts(season, table);
  const lines = [
    TABLE_START,
    `|+ ${escapeWikitext(`${season.name} — ${table.championshipName}${table.classId ? ` — ${table.classId}` : ""}`)}`,
    "|-",
    cell("Pos", undefined, true),
    ...(withNumbers ? [cell("No.", undefined, true)] : []),
    cell(who, undefined, true),
    ...table.rounds.map((r) =>
      cell(
        `Rd ${r}<br /><small>${escapeWikitext(shortCircuitName(circuit.get(r) ?? ""))}</small>`,
        undefined,
        true,
      ),
    ),
    cell("Points", undefined, true),
  ];
  for (const row of table.rows) {
    lines.push(
      "|-",
      cell(positionText(row), undefined, true),
      ...(withNumbers ? [cell(escapeWikitext(numbers.get(row.competitor.id) ?? ""))] : []),
      cell(escapeWikitext(row.competitor.name), "text-align:left"),
      ...row.cells.map((c) =>
        standingsCellWikitext(c, show, factsOf(facts, row.competitor.id, c.roundNumber)),
      ),
      cell(row.pointsHidden ? "" : formatPointsForPeople(row.total), undefined, true),
    );
  }
  lines.push("|}");
  const notes = table.rows.flatMap((r) => {
    const n: string[] = [];
    if (r.deductions.n !== 0)
      n.push(`${r.competitor.name}: ${formatPointsForPeople(r.deductions)} points deducted.`);
    if (r.note) n.push(`${r.competitor.name}: ${r.note}.`);
    return n;
  });
  for (const n of notes) lines.push(`<small>${escapeWikitext(n)}</small><br />`);
  return lines.join("\n");
}

/** Standings tables, the colour key and the source line: one document to paste. */
export function standingsWikitext(
  season: Season,
  rules: PointsRules,
  tables: readonly StandingsTable[],
  uptoRound: number | null,
): string {
  const what = `Standings${uptoRound !== null ? ` after round ${uptoRound}` : ""}`;
  return (
    [
      ...tables.map((t) => standingsTableWikitext(season, rules, t)),
      colourKeyWikitext(),
      sourceLine(season, rules, what),
    ].join("\n\n") + "\n"
  );
}

const RETIRED_TEXT: Record<FinishStatus, string> = {
  classified: "",
  not_classified: "Not classified",
  dnf: "Retired",
  dsq: "Disqualified",
  dns: "Did not start",
};
const POSITION_TEXT: Record<Exclude<FinishStatus, "classified">, string> = {
  not_classified: "NC",
  dnf: "DNF",
  dsq: "DSQ",
  dns: "DNS",
};

/** The rows of each raced class's winner: the class position 1, else its first classified car. */
function classWinnerRows(rows: readonly PositionedRow[]): Set<PositionedRow> {
  const winners = new Set<PositionedRow>();
  const byClass = new Map<string, PositionedRow[]>();
  for (const p of rows) {
    if (p.row.classId === null) continue;
    byClass.set(p.row.classId, [...(byClass.get(p.row.classId) ?? []), p]);
  }
  for (const group of byClass.values()) {
    const classified = group.filter((p) => p.status === "classified");
    const published = classificationOrder(classified, "class").find(
      (p) => p.classPosition !== null,
    );
    const first = classificationOrder(classified).find((p) => p.overallPosition !== null);
    const winner = group.some((p) => p.row.classPosition !== null) ? published : first;
    if (winner) winners.add(winner);
  }
  return winners;
}

/** A race's classification as in Wikipedia's race articles; class winners in bold. */
export function raceWikitext(
  season: Season,
  rules: PointsRules,
  race: Race,
  classId?: string,
): string {
  const team = new Map(season.teams.map((t) => [t.id, t.name]));
  const driver = new Map(season.drivers.map((d) => [d.id, d.name]));
  const round = season.rounds.find((r) => r.number === race.roundNumber);
  const all = positionRace(season, rules, race.id);
  const winners = classWinnerRows(all);
  const rows = classificationOrder(
    all.filter(
      (p) => classId === undefined || p.scoringClass === classId || p.row.classId === classId,
    ),
  );
  const caption = `${season.name} — round ${race.roundNumber}${round ? `, ${round.name}` : ""}${race.name !== "Race" ? ` — ${race.name}` : ""}${classId ? ` — ${classId}` : ""}`;
  const lines = [
    '{| class="wikitable" style="font-size:85%"',
    `|+ ${escapeWikitext(caption)}`,
    "|-",
    ...["Pos", "Class", "No.", "Team", "Drivers", "Chassis", "Tyre", "Laps", "Time/Retired"].map(
      (h) => cell(h, undefined, true),
    ),
  ];
  for (const p of rows) {
    const r = p.row;
    const pos =
      p.status === "classified"
        ? p.overallPosition === null
          ? "–"
          : String(p.overallPosition)
        : POSITION_TEXT[p.status];
    const time = p.status === "classified" ? (r.time ?? r.gap ?? "") : RETIRED_TEXT[p.status];
    const car = [r.chassis, r.engine].filter((x) => x !== "").map(escapeWikitext);
    lines.push(
      winners.has(p) ? '|- style="font-weight:bold"' : "|-",
      cell(pos, undefined, true),
      cell(escapeWikitext(r.classId ?? "unknown")),
      cell(escapeWikitext(r.number ?? "?")),
      cell(escapeWikitext(r.teamId === null ? "unknown" : (team.get(r.teamId) ?? r.teamId))),
      cell(r.driverIds.map((d) => escapeWikitext(driver.get(d) ?? d)).join("<br />")),
      cell(car.join("<br />")),
      cell(escapeWikitext(r.tyre)),
      cell(r.laps === null ? "" : String(r.laps)),
      cell(escapeWikitext(time)),
    );
  }
  lines.push("|}");
  return lines.join("\n");
}

/** A round's classifications (one table per race) and the source line. */
export function resultsWikitext(
  season: Season,
  rules: PointsRules,
  races: readonly Race[],
  classId?: string,
): string {
  const round = races[0]?.roundNumber;
  return (
    [
      ...races.map((race) => raceWikitext(season, rules, race, classId)),
      "Class winners in bold.",
      sourceLine(season, rules, `Classification of round ${round ?? ""}`),
    ].join("\n\n") + "\n"
  );
}

/** "#23 Alex Job Racing": the "#" is ours, so it is left as it is (it starts no line). */
function wikiCar(w: ClassWinner): string {
  return `${w.number !== null ? `#${escapeWikitext(w.number)} ` : ""}${escapeWikitext(w.team ?? "unknown")}`;
}

/** Wikipedia's "Season results" table: per race, each class's winning car, team and drivers. */
export function summaryWikitext(
  season: Season,
  rules: PointsRules,
  summary: readonly RaceSummary[],
  classIds: readonly string[],
): string {
  const bold = (text: string, yes: boolean) => (yes && text !== "" ? `'''${text}'''` : text);
  const lines = [
    '{| class="wikitable" style="font-size:85%; text-align:center"',
    `|+ ${escapeWikitext(`${season.name} — season results`)}`,
    "|-",
    '! rowspan="2" | Rnd',
    '! rowspan="2" | Circuit',
    ...classIds.map((k) => cell(`${escapeWikitext(k)} Winning Team`, undefined, true)),
    "|-",
    ...classIds.map((k) => cell(`${escapeWikitext(k)} Winning Drivers`, undefined, true)),
  ];
  for (const x of summary) {
    const rnd = `${x.round}${x.racesInRound > 1 ? `<br /><small>${escapeWikitext(x.race.name)}</small>` : ""}`;
    lines.push(
      "|-",
      `! rowspan="2" | ${rnd}`,
      `| rowspan="2" | ${escapeWikitext(shortCircuitName(x.circuit))}`,
      ...x.winners.map(({ winner: w }) => cell(w ? bold(wikiCar(w), w.overall) : "—")),
      "|-",
      ...x.winners.map(({ winner: w }) =>
        cell(w ? bold(w.drivers.map(escapeWikitext).join("<br />"), w.overall) : ""),
      ),
    );
  }
  lines.push("|}");
  return (
    [
      lines.join("\n"),
      "Overall winner in bold.",
      sourceLine(season, rules, "Class winners of each race"),
    ].join("\n\n") + "\n"
  );
}
