// Wikitext exports read back as tables: the 2003 ALMS standings equal the published tables
// (expected values from fixtures/alms-2003, never from the code), round wins are gold, and
// hostile names stay text without breaking a table.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { computeStandings } from "../../core/compute-standings.js";
import type { Standings } from "../../core/compute-standings.js";
import { nameKey } from "../../core/names.js";
import type { Season } from "../../core/season.js";
import { readSeasonBundle } from "../season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../season-bundle/read-season-bundle.js";
import { shortCircuitName } from "../tables/round-labels.js";
import { seasonSummary } from "./season-summary.js";
import {
  escapeWikitext,
  raceWikitext,
  standingsWikitext,
  summaryWikitext,
  WIKI_COLOURS,
} from "./wikitext.js";

const root = join(import.meta.dirname, "..", "..", "..");
const readCsv = (file: string) =>
  parse(readFileSync(join(root, "fixtures", "alms-2003", file), "utf8"), {
    columns: true,
  }) as Record<string, string>[];
const published = readCsv("standings-published.csv");
const classWinners = readCsv("class-winners.csv");
const ROUNDS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

// --- a small reader of the wikitext tables we write: rows of cells with their style and text ---
interface WikiCell {
  readonly header: boolean;
  readonly attrs: string;
  /** The cell's raw wikitext. */
  readonly raw: string;
  /** What a reader sees: entities decoded, <br /> as a newline, other tags and ''' dropped. */
  readonly text: string;
}
interface WikiRow {
  readonly attrs: string;
  readonly cells: WikiCell[];
}
interface WikiTable {
  readonly caption: string;
  readonly rows: WikiRow[];
}

function decode(raw: string): string {
  return raw
    .replace(/<br \/>/g, "\n")
    .replace(/<\/?small>/g, "")
    .replace(/'''/g, "")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();
}

function parseCell(piece: string, header: boolean): WikiCell {
  const bar = piece.indexOf("|");
  const attrs = bar >= 0 ? piece.slice(0, bar).trim() : "";
  const raw = (bar >= 0 ? piece.slice(bar + 1) : piece).trim();
  return { header, attrs, raw, text: decode(raw) };
}

function parseWikitables(text: string): WikiTable[] {
  const tables: WikiTable[] = [];
  let table: { caption: string; rows: WikiRow[] } | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("{|")) {
      table = { caption: "", rows: [] };
      continue;
    }
    if (!table) continue;
    if (line.startsWith("|}")) {
      tables.push(table);
      table = undefined;
    } else if (line.startsWith("|+")) table.caption = decode(line.slice(2));
    else if (line.startsWith("|-")) table.rows.push({ attrs: line.slice(2).trim(), cells: [] });
    else if (line.startsWith("!") || line.startsWith("|")) {
      const header = line.startsWith("!");
      const body = line.slice(1);
      const pieces = header ? body.split(/!!|\|\|/) : body.split("||");
      if (table.rows.length === 0) table.rows.push({ attrs: "", cells: [] });
      table.rows.at(-1)!.cells.push(...pieces.map((p) => parseCell(p, header)));
    } else throw new Error(`a line inside a table that is no table markup: ${line}`);
  }
  expect(table, "every table is closed").toBeUndefined();
  return tables;
}

/** Data rows keyed by the header row's texts (first line of each). */
function records(t: WikiTable): Record<string, WikiCell>[] {
  const [head, ...rows] = t.rows;
  const names = head!.cells.map((c) => c.text.split("\n")[0]!);
  return rows.map((r) => {
    expect(r.cells).toHaveLength(names.length);
    return Object.fromEntries(names.map((n, i) => [n, r.cells[i]!]));
  });
}

let bundle: SeasonBundle;
let standings: Standings;
beforeAll(() => {
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  bundle = read.value;
  standings = computeStandings(bundle.season, bundle.rules);
});

describe("escapeWikitext", () => {
  it.each([
    ["Alex Job Racing", "Alex Job Racing"],
    ["The Racer's Group", "The Racer's Group"],
    ["Riley & Scott", "Riley &amp; Scott"],
    ["a | b", "a &#124; b"],
    ["[[x]]", "&#91;&#91;x&#93;&#93;"],
    ["{{x}}", "&#123;&#123;x&#125;&#125;"],
    ["<script>", "&lt;script&gt;"],
    ["'''", "&#39;&#39;&#39;"],
    ["'quoted'", "&#39;quoted&#39;"],
    ["*star", "&#42;star"],
    ["#1", "&#35;1"],
    ["-dash", "&#45;dash"],
    ["!! x", "&#33;&#33; x"],
    ["~~~~", "&#126;&#126;&#126;&#126;"],
    ["__NOTOC__", "&#95;_NOTOC&#95;_"],
    ["line\nbreak", "line break"],
  ])("%j -> %j", (input, expected) => {
    expect(escapeWikitext(input)).toBe(expected);
  });
});

describe("shortCircuitName", () => {
  it.each([
    ["Sebring International Raceway", "Sebring"],
    ["Road Atlanta", "Road Atlanta"],
    ["Sonoma Raceway", "Sonoma"],
    ["Circuit Trois-Rivières", "Trois-Rivières"],
    ["Mazda Raceway Laguna Seca", "Laguna Seca"],
    ["Miami street circuit", "Miami"],
    ["Circuit of the Americas", "Americas"],
    ["Raceway", "Raceway"],
  ])("%s -> %s", (circuit, expected) => {
    expect(shortCircuitName(circuit)).toBe(expected);
  });
});

describe("2003 ALMS standings as wikitext equal the published tables", () => {
  describe.each(["LMP900", "LMP675", "GTS", "GT"])("%s", (klass) => {
    const table = () => {
      const t = standings.tables.filter((x) => x.classId === klass);
      const [wiki] = parseWikitables(standingsWikitext(bundle.season, bundle.rules, t, null));
      return wiki!;
    };

    it("holds the published rows: position, team, points per round, total", () => {
      const expected = published.filter((r) => r["class"] === klass);
      const rows = records(table());
      expect(rows).toHaveLength(expected.length);
      for (const e of expected) {
        const row = rows.find((r) => r["Team"]!.text === e["team"]);
        expect(row, e["team"]).toBeDefined();
        expect(row!["Pos"]!.text).toBe(e["pos"]);
        expect(row!["Points"]!.text).toBe(e["total"]);
        expect(ROUNDS.map((n) => row![`Rd ${n}`]!.text)).toEqual(ROUNDS.map((n) => e[`r${n}`]));
      }
    });

    it("colours each round's class winner gold, with the published points", () => {
      const rows = records(table());
      for (const w of classWinners.filter((x) => x["class"] === klass)) {
        const row = rows.find((r) => r["Team"]!.text === w["team"])!;
        const points = published.find((p) => p["class"] === klass && p["team"] === w["team"])!;
        const cell = row[`Rd ${w["round"]}`]!;
        expect(cell.attrs).toBe(`style="background:${WIKI_COLOURS.winner}"`);
        expect(cell.text).toBe(points[`r${w["round"]}`]);
      }
    });

    it("captions the table with the season and class, and ends with the key and source", () => {
      const text = standingsWikitext(
        bundle.season,
        bundle.rules,
        standings.tables.filter((x) => x.classId === klass),
        null,
      );
      expect(table().caption).toBe(`2003 American Le Mans Series — Teams' Championship — ${klass}`);
      expect(text).toContain(
        '{| class="wikitable sortable" style="font-size:85%; text-align:center"',
      );
      expect(text).toContain("|+ Key");
      expect(text).toMatch(/<small>Source: .*Generated by Paddock\.<\/small>\n$/);
    });
  });

  it("heads each round with its number and short circuit name", () => {
    const [t] = parseWikitables(
      standingsWikitext(bundle.season, bundle.rules, standings.tables.slice(0, 1), null),
    );
    const heads = t!.rows[0]!.cells.map((c) => c.raw);
    expect(heads[3]).toBe("Rd 1<br /><small>Sebring</small>");
    expect(heads[9]).toBe("Rd 7<br /><small>Laguna Seca</small>");
  });
});

describe("the WP:MOTOR colour of each kind of cell", () => {
  const row = (marker: string, position: number | null, points = 0) =>
    standingsWikitext(
      bundle.season,
      bundle.rules,
      [
        {
          championshipId: "t",
          championshipName: "T",
          kind: "manufacturers",
          classId: null,
          rounds: [1],
          rows: [
            {
              position: 1,
              tied: false,
              competitor: { kind: "manufacturers", id: "m", name: "M" },
              cells: [
                {
                  roundNumber: 1,
                  points: { n: points, d: 1 },
                  counted: { n: points, d: 1 },
                  marker: marker as never,
                  position,
                },
              ],
              gross: { n: points, d: 1 },
              deductions: { n: 0, d: 1 },
              total: { n: points, d: 1 },
              excluded: false,
              note: "",
              finishes: [],
            },
          ],
        },
      ],
      null,
    );
  it.each([
    ["counted", 1, 20, 'style="background:#FFFFBF"', "20"],
    ["counted", 2, 16, 'style="background:#DFDFDF"', "16"],
    ["counted", 3, 13, 'style="background:#FFDF9F"', "13"],
    ["counted", 7, 4, 'style="background:#DFFFDF"', "4"],
    ["dropped", 1, 20, 'style="background:#FFFFBF"', "(20)"],
    ["no_points", 12, 0, 'style="background:#CFCFFF"', "0"],
    ["dnf", null, 0, 'style="background:#EFCFFF"', "Ret"],
    ["not_classified", null, 0, 'style="background:#EFCFFF"', "NC"],
    ["dsq", null, 0, 'style="background:#000000; color:#FFFFFF"', "DSQ"],
    ["dns", null, 0, 'style="background:#FFFFFF"', "DNS"],
    ["excluded", null, 0, "", ""],
  ])("%s, position %s", (marker, position, points, attrs, text) => {
    const [t] = parseWikitables(row(marker, position, points));
    const cell = records(t!)[0]!["Rd 1"]!;
    expect([cell.attrs, cell.text]).toEqual([attrs, text]);
  });
});

describe("results and summary as wikitext", () => {
  it("round 7: the class winners' rows are bold, as class-winners.csv names them", () => {
    const race = bundle.season.rounds.find((r) => r.number === 7)!.races[0]!;
    const [t] = parseWikitables(raceWikitext(bundle.season, bundle.rules, race));
    const rows = t!.rows.slice(1);
    const bold = rows
      .filter((r) => r.attrs.includes("font-weight:bold"))
      .map((r) => [r.cells[1]!.text, r.cells[2]!.text, r.cells[3]!.text]);
    const expected = classWinners
      .filter((w) => w["round"] === "7")
      .map((w) => [w["class"], w["number"], w["team"]]);
    expect(bold).toEqual(expect.arrayContaining(expected));
    expect(t!.rows[0]!.cells.map((c) => c.text)).toEqual([
      "Pos",
      "Class",
      "No.",
      "Team",
      "Drivers",
      "Chassis",
      "Tyre",
      "Laps",
      "Time/Retired",
    ]);
    for (const r of rows) expect(r.cells).toHaveLength(9);
  });

  it("the season summary names every class winner of class-winners.csv, overall winners bold", () => {
    const classes = ["LMP900", "LMP675", "GTS", "GT"];
    const summary = seasonSummary(bundle.season, bundle.rules, classes);
    const [t] = parseWikitables(summaryWikitext(bundle.season, bundle.rules, summary, classes));
    // Two header rows, then two rows per race: the cars (after Rnd and Circuit), then the drivers.
    const body = t!.rows.slice(2);
    expect(body).toHaveLength(2 * ROUNDS.length);
    for (const w of classWinners) {
      const round = Number(w["round"]);
      const k = classes.indexOf(w["class"]!);
      const car = body[2 * (round - 1)]!.cells[2 + k]!;
      const drivers = body[2 * (round - 1) + 1]!.cells[k]!;
      // The bundle leaves a number out where its sources do not give it (Paddock never invents one).
      const [, number, team] = /^(?:#(\S+) )?(.*)$/.exec(car.text)!;
      expect(team).toBe(w["team"]);
      if (number !== undefined) expect(number).toBe(w["number"]);
      expect(drivers.text.split("\n").map(nameKey).sort()).toEqual(
        w["drivers"]!.split(";").map(nameKey).sort(),
      );
      const overall = w["overall_winner"] === "yes";
      expect([car.raw.startsWith("'''"), drivers.raw.startsWith("'''")]).toEqual([
        overall,
        overall,
      ]);
    }
  });
});

describe("hostile names stay text and never break a table", () => {
  const PAYLOADS = [
    "|",
    "}}",
    "<script>alert(1)</script>",
    "[[x]]",
    "'''",
    "a || b",
    "{{Template|x=1}}",
    "{| class=x",
    "|}",
    "|-",
    "!! head",
    "-leading dash",
    "*star",
    "#hash",
    "~~~~",
    "__NOTOC__",
    "http://example.com/x",
    "x'''y",
    "end'",
    "&amp;",
    "line\nbreak",
  ];
  let hostile: Season;
  let hostileStandings: Standings;
  beforeAll(() => {
    const season = structuredClone(bundle.season);
    const gt = standings.tables.find((t) => t.classId === "GT")!;
    const renamed = new Map(gt.rows.map((r, i) => [r.competitor.id, PAYLOADS[i]]));
    const race7 = season.results.filter((r) => r.raceId === "r7" && r.classId === "GT");
    const drivers = new Map(
      race7.flatMap((r) => r.driverIds).map((d, i) => [d, PAYLOADS[i % PAYLOADS.length]]),
    );
    hostile = {
      ...season,
      name: "Season | {{x}} [[y]]",
      teams: season.teams.map((t) => ({ ...t, name: renamed.get(t.id) ?? t.name })),
      drivers: season.drivers.map((d) => ({ ...d, name: drivers.get(d.id) ?? d.name })),
    };
    hostileStandings = computeStandings(hostile, bundle.rules);
  });
  const shown = (s: string) => s.replace(/\s+/g, " ").trim();

  it("standings: every name reads back as itself, every row has the header's cells", () => {
    const gt = hostileStandings.tables.filter((t) => t.classId === "GT");
    const text = standingsWikitext(hostile, bundle.rules, gt, null);
    const [t] = parseWikitables(text);
    expect(t!.caption).toBe("Season | {{x}} [[y]] — Teams' Championship — GT");
    const rows = records(t!);
    const names = rows.map((r) => r["Team"]!.text);
    for (const p of PAYLOADS.slice(0, rows.length)) expect(names).toContain(shown(p));
    for (const r of rows) expect(r["Team"]!.raw).not.toMatch(/''|\||\[\[|\{\{|<|~~~|__|:\/\//);
    for (const bad of ["<script", "[[x]]", "}}", "{{T", "~~~~", "__NOTOC__"])
      expect(text).not.toContain(bad);
  });

  it("results and summary: team and driver names read back as themselves", () => {
    const race = hostile.rounds.find((r) => r.number === 7)!.races[0]!;
    const [t] = parseWikitables(raceWikitext(hostile, bundle.rules, race, "GT"));
    for (const r of t!.rows.slice(1)) expect(r.cells).toHaveLength(9);
    const teams = t!.rows.slice(1).map((r) => r.cells[3]!.text);
    const drivers = t!.rows
      .slice(1)
      .flatMap((r) => r.cells[4]!.text.split("\n"))
      .filter((d) => d !== "");
    const teamNames = new Map(hostile.teams.map((x) => [x.id, shown(x.name)]));
    const driverNames = new Map(hostile.drivers.map((x) => [x.id, shown(x.name)]));
    const source = hostile.results.filter((r) => r.raceId === race.id && r.classId === "GT");
    expect(teams.sort()).toEqual(source.map((r) => teamNames.get(r.teamId!) ?? "unknown").sort());
    expect(drivers.sort()).toEqual(
      source.flatMap((r) => r.driverIds.map((d) => driverNames.get(d))).sort(),
    );

    const summary = seasonSummary(hostile, bundle.rules, ["GT"]);
    const text = summaryWikitext(hostile, bundle.rules, summary, ["GT"]);
    const [s] = parseWikitables(text);
    const body = s!.rows.slice(2);
    for (const [i, x] of summary.entries()) {
      const w = x.winners[0]!.winner!;
      expect(body[2 * i]!.cells.at(-1)!.text).toBe(`#${w.number} ${shown(w.team!)}`);
      expect(body[2 * i + 1]!.cells[0]!.text.split("\n")).toEqual(w.drivers.map(shown));
    }
    for (const bad of ["<script", "[[x]]", "{{T", "~~~~", "__NOTOC__"])
      expect(text).not.toContain(bad);
  });
});

describe("the rules' cells choice (points or positions) with pole and fastest-lap superscripts", () => {
  // Sprint Cup 2024 round 1 is one race: each PRO driver's cell is read from its classification
  // file (class position, pole and fastest-lap flags) and EXPECTED.md 1.2, the hand-worked driver
  // points of R1 (not bold there: not counted, so in parentheses).
  const dir = join(root, "fixtures", "seasons", "sprint-cup-2024");
  const r1 = parse(readFileSync(join(dir, "results", "r1.csv"), "utf8"), {
    columns: true,
  }) as Record<string, string>[];
  const R1_POINTS: Record<string, string> = {
    "Sven Lindqvist": "(15)",
    "Rafael Okafor": "12",
    "Tomasz Wilk": "13",
    "Lena Marsh": "13",
    "Jules Fontaine": "(9.5)",
    "Ana Petrescu": "9.5",
  };
  const sup = (r: Record<string, string>) =>
    `${r["pole"] === "yes" ? "<sup>P</sup>" : ""}${r["fastest_lap"] === "yes" ? "<sup>F</sup>" : ""}`;
  const table = (cells: "points" | "positions") => {
    const read = readSeasonBundle(dir);
    if (!read.ok) throw new Error("sprint-cup-2024 does not validate");
    const rules = {
      ...read.value.rules,
      championships: read.value.rules.championships.map((ch) => ({ ...ch, cells })),
    };
    const all = computeStandings(read.value.season, rules);
    const drivers = all.tables.filter((t) => t.championshipId === "drivers" && t.classId === "PRO");
    const [t] = parseWikitables(standingsWikitext(read.value.season, rules, drivers, null));
    return records(t!);
  };
  const cells = (cells: "points" | "positions") => {
    const rows = table(cells);
    return r1
      .filter((r) => r["class"] === "PRO" && r["status"] === "classified")
      .flatMap((r) =>
        r["drivers"]!.split(";").map((name) => ({
          name,
          r,
          raw: rows.find((x) => x["Driver"]!.text === name)!["Rd 1"]!.raw.replace(/^.*\| /, ""),
        })),
      );
  };

  it("positions: each PRO driver's round 1 cell is the class position, with P and F", () => {
    for (const { name, r, raw } of cells("positions")) {
      const pos = R1_POINTS[name]!.startsWith("(") ? `(${r["class_pos"]})` : r["class_pos"];
      expect([name, raw]).toEqual([name, `${pos}${sup(r)}`]);
    }
  });

  it("points: the same cells carry the points and the same superscripts", () => {
    for (const { name, r, raw } of cells("points"))
      expect([name, raw]).toEqual([name, `${R1_POINTS[name]}${sup(r)}`]);
  });
});
