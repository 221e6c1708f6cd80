// Builds the 2003 American Le Mans Series season bundle (data/alms-2003) from the reference facts
// in ../shared/data/alms-2003. Run: npm run build && node dist/scripts/build-alms-2003-bundle.js
// [source-dir] [out-dir]. Nothing is invented: where a source leaves a fact unknown the bundle says
// "unknown"; every inference (a car number matched through its drivers) is written in a note.
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { nameKey, slug } from "../src/core/names.js";

type Row = Record<string, string>;

const sourceDir = resolve(process.argv[2] ?? "../shared/data/alms-2003");
const outDir = resolve(process.argv[3] ?? "data/alms-2003");

const read = (file: string): Row[] =>
  parse(readFileSync(join(sourceDir, file), "utf8"), {
    columns: true,
    skip_empty_lines: true,
  }) as Row[];
const write = (file: string, rows: Row[], columns: string[]) => {
  mkdirSync(join(outDir, file, ".."), { recursive: true });
  writeFileSync(join(outDir, file), stringify(rows, { header: true, columns }));
};

const schedule = read("schedule.csv");
const scales = read("points-scales.csv");
const entryList = read("entry-list.csv");
const cars = read("cars.csv");
const classResults = read("class-results.csv");
const classWinners = read("class-winners.csv");
const raceFiles = readFileSync(join(sourceDir, "README.md"), "utf8");

const CLASSES = [
  { id: "LMP900", name: "Le Mans Prototype 900" },
  { id: "LMP675", name: "Le Mans Prototype 675" },
  { id: "GTS", name: "Grand Touring Sport" },
  { id: "GT", name: "Grand Touring" },
  { id: "LMGTP", name: "Le Mans Grand Touring Prototype", championship: false },
];

// Team aliases: the README's "Team name aliases" table.
const aliases = new Map<string, string[]>();
const aliasSection = raceFiles.split("## Team name aliases")[1] ?? "";
for (const line of aliasSection.split("\n")) {
  const m = /^\| ([^|]+?) \| ([^|]+?) \|$/.exec(line.trim());
  if (!m || m[1] === "canonical (standings)" || /^-+$/.test(m[1] ?? "")) continue;
  aliases.set(
    (m[1] ?? "").trim(),
    (m[2] ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
  );
}

// Race rows, per round
const raceRows = new Map<number, Row[]>();
const roundFiles = new Map<number, string>();
for (const r of schedule) {
  if (!r.round) continue;
  const n = Number(r.round);
  const file = readdirRound(n);
  roundFiles.set(n, file);
  raceRows.set(n, read(`race-classifications/${file}`));
}
function readdirRound(n: number): string {
  const names = [
    "round-1-sebring.csv",
    "round-2-road-atlanta.csv",
    "round-3-sonoma.csv",
    "round-4-trois-rivieres.csv",
    "round-5-mosport.csv",
    "round-6-road-america.csv",
    "round-7-laguna-seca.csv",
    "round-8-miami.csv",
    "round-9-petit-le-mans.csv",
  ];
  const f = names.find((x) => x.startsWith(`round-${n}-`));
  if (!f) throw new Error(`no classification file for round ${n}`);
  return f;
}

// Teams: every team named anywhere, with its nationality from the entry list.
const teamNames = new Set<string>();
for (const e of entryList) teamNames.add(e.team ?? "");
for (const c of classResults) teamNames.add(c.team ?? "");
for (const rows of raceRows.values()) for (const r of rows) if (r.team) teamNames.add(r.team);
teamNames.delete("");
const teamId = (name: string) => slug(name);
const teams = [...teamNames].sort().map((name) => {
  const nat = entryList.find((e) => e.team === name)?.team_nationality;
  return {
    id: teamId(name),
    name,
    ...(nat ? { nationality: nat } : {}),
    ...(aliases.get(name) ? { aliases: aliases.get(name) } : {}),
  };
});

// Drivers: full names first (entry list, then race rows), then short forms resolved by surname.
interface DriverRec {
  name: string;
  nationality: string;
  aliases: Set<string>;
  teams: Set<string>;
}
const drivers = new Map<string, DriverRec>();
const surname = (n: string) => nameKey(n).split(" ").pop() ?? "";
const isShort = (n: string) => !n.includes(" ") || /^[A-Z]\.\s/.test(n);
const addDriver = (name: string, nationality: string, team: string) => {
  const k = nameKey(name);
  let d = drivers.get(k);
  if (!d) drivers.set(k, (d = { name, nationality, aliases: new Set(), teams: new Set() }));
  if (!d.nationality && nationality) d.nationality = nationality;
  if (team) d.teams.add(team);
  return d;
};
for (const e of entryList)
  if (e.driver) addDriver(e.driver, e.driver_nationality ?? "", e.team ?? "");
for (const rows of raceRows.values())
  for (const r of rows) {
    const names = (r.drivers ?? "").split(";").filter(Boolean);
    const nats = (r.nationalities ?? "").split(";");
    names.forEach((n, i) => {
      if (!isShort(n) && !n.includes("…")) addDriver(n, nats[i] ?? "", r.team ?? "");
    });
  }
/** A race row's driver name resolved to a known driver, or null when the source cut it off. */
function resolveDriver(name: string, team: string): DriverRec | null {
  if (name.includes("…")) return null;
  const exact = drivers.get(nameKey(name));
  if (exact) return exact;
  const initial = /^([A-Z])\.\s/.exec(name)?.[1]?.toLowerCase();
  const matches = [...drivers.values()].filter(
    (d) =>
      surname(d.name) === surname(name) &&
      d.teams.has(team) &&
      (!initial || nameKey(d.name).startsWith(initial)),
  );
  if (matches.length === 1 && matches[0]) {
    matches[0].aliases.add(name);
    return matches[0];
  }
  return addDriver(name, "", team);
}

// Entries: the entry list's cars; a first car whose number the seed lost gets the number of a car
// of the same team and class that one of its listed drivers drove in the race rows.
interface EntryRec {
  id: string;
  number: string;
  cls: string;
  team: string;
  chassis: string;
  engine: string;
  tyre: string;
  note: string;
  source: string;
}
const entries: EntryRec[] = [];
const entryKey = (e: Row) => `${e.class}|${e.team}|${e.chassis}|${e.car}`;
const listCars = new Map<string, Row[]>();
for (const e of entryList) {
  const k = entryKey(e);
  listCars.set(k, [...(listCars.get(k) ?? []), e]);
}
/** Did this entry-list driver drive car `number` of `team` in one of the rounds listed for them? */
const droveNumber = (team: string, number: string, driver: Row) => {
  const rounds = (driver.rounds ?? "").split(";").filter(Boolean).map(Number);
  for (const [n, rows] of raceRows)
    for (const r of rows)
      if (r.team === team && r.number === number && rounds.includes(n))
        if ((r.drivers ?? "").split(";").some((x) => surname(x) === surname(driver.driver ?? "")))
          return true;
  return false;
};
const numberedInList = new Set(entryList.filter((e) => e.car).map((e) => `${e.team}|${e.car}`));
const entryByNumber = new Map<string, EntryRec>();
const entryOfListCar = new Map<string, EntryRec>();
for (const [k, rows] of listCars) {
  const first = rows[0] as Row;
  let number = first.car ?? "";
  let note = "";
  if (number === "") {
    const candidates = cars.filter(
      (c) =>
        c.team === first.team &&
        c.class === first.class &&
        !numberedInList.has(`${c.team}|${c.number}`),
    );
    const matched = candidates.filter(
      (c) =>
        !entryByNumber.has(`${c.team}|${c.number}`) &&
        rows.some((r) => r.driver && droveNumber(first.team ?? "", c.number ?? "", r)),
    );
    if (matched.length === 1 && matched[0]) {
      number = matched[0].number ?? "";
      const who = rows.find((r) => r.driver && droveNumber(first.team ?? "", number, r))?.driver;
      note = `car number lost in the seed's entry list; #${number} is the car ${who} drove in the race rows in a round listed for them`;
    } else note = "car number lost in the seed's entry list";
  }
  const tableNotes = rows.filter((r) => !r.driver && r.note).map((r) => r.note);
  if (tableNotes.length) note = [note, ...tableNotes].filter(Boolean).join("; ");
  const id = `${teamId(first.team ?? "")}-${number || `${slug(first.class ?? "")}-${slug(first.chassis ?? "")}`}`;
  const rec: EntryRec = {
    id: entries.some((e) => e.id === id) ? `${id}-${entries.length}` : id,
    number: number || "unknown",
    cls: first.class ?? "",
    team: first.team ?? "",
    chassis: first.chassis ?? "",
    engine: "",
    tyre: "",
    note,
    source: "entry-list.csv (seed)",
  };
  entryOfListCar.set(k, rec);
  entries.push(rec);
  if (number) entryByNumber.set(`${rec.team}|${number}`, rec);
}
for (const c of cars) {
  const key = `${c.team}|${c.number}`;
  if (entryByNumber.has(key)) continue;
  const rec: EntryRec = {
    id: `${teamId(c.team ?? "")}-${c.number}`,
    number: c.number ?? "",
    cls: c.class ?? "",
    team: c.team ?? "",
    chassis: "",
    engine: "",
    tyre: "",
    note: `not matched to a car of the seed's entry list; seen in rounds ${(c.rounds_seen ?? "").replace(/;/g, ", ")}`,
    source: "cars.csv (race rows and results table)",
  };
  entries.push(rec);
  entryByNumber.set(key, rec);
}
// Chassis, engine and tyre from the first race row of each numbered car.
for (const rows of raceRows.values())
  for (const r of rows) {
    const e = entryByNumber.get(`${r.team}|${r.number}`);
    if (!e) continue;
    if (!e.chassis && r.chassis && !r.chassis.includes("…")) e.chassis = r.chassis;
    if (!e.engine && r.engine) e.engine = r.engine;
    if (!e.tyre && r.tyre) e.tyre = r.tyre;
  }

// Line-ups: the entry list's drivers and rounds; race rows add who drove which car in which round.
const lineups = new Map<
  string,
  {
    entry: string;
    driver: DriverRec;
    rounds: Set<number>;
    notStarted: string;
    note: string;
    published: string;
    source: string;
  }
>();
for (const [k, rows] of listCars)
  for (const r of rows) {
    if (!r.driver) continue; // a note row of the seed's table, kept on the entry
    const e = entryOfListCar.get(k) as EntryRec;
    const d = drivers.get(nameKey(r.driver ?? "")) as DriverRec;
    const key = `${e.id}|${nameKey(d.name)}`;
    lineups.set(key, {
      entry: e.id,
      driver: d,
      rounds: new Set((r.rounds ?? "").split(";").filter(Boolean).map(Number)),
      notStarted: (r.entered_not_started ?? "").replace(/;/g, "; "),
      note: [
        r.rounds_published !== undefined &&
        r.rounds_published !== "" &&
        r.rounds_published !== r.rounds?.replace(/;/g, ", ")
          ? `rounds as published: "${r.rounds_published}"`
          : "",
        r.note ?? "",
      ]
        .filter(Boolean)
        .join("; "),
      published: r.rounds_published ?? "",
      source: "entry-list.csv (seed)",
    });
  }

// Results: race rows merged with class positions; class positions with no race row become rows
// of their own (car number unknown where the source does not give it).
const RESULT_COLUMNS = [
  "pos",
  "class_pos",
  "class",
  "number",
  "team",
  "drivers",
  "chassis",
  "engine",
  "tyre",
  "laps",
  "status",
  "note",
  "source",
];
const seasonRounds: object[] = [];
for (const s of schedule) {
  if (!s.round) {
    seasonRounds.push({
      number: null,
      key: slug(s.event ?? ""),
      name: s.event,
      circuit: s.circuit,
      date: s.date || null,
      status: s.status,
      note: "cancelled due to financial issues (seed)",
    });
    continue;
  }
  const n = Number(s.round);
  const file = `results/${roundFiles.get(n)}`;
  seasonRounds.push({
    number: n,
    name: s.event,
    circuit: s.circuit,
    date: s.date,
    status: s.status,
    races: [{ id: `r${n}`, name: "Race", results: file }],
  });
  const crs = classResults.filter((c) => Number(c.round) === n);
  const used = new Set<Row>();
  const out: Row[] = [];
  for (const r of raceRows.get(n) ?? []) {
    const champClass = r.class === "LMGTP" ? "LMP900" : r.class;
    let cr = crs.find(
      (c) =>
        !used.has(c) &&
        c.class === champClass &&
        c.team === r.team &&
        c.number !== "" &&
        c.number === r.number,
    );
    if (!cr && r.team) {
      const sameTeam = crs.filter(
        (c) => !used.has(c) && c.class === champClass && c.team === r.team && c.number === "",
      );
      const rowsOfTeam = (raceRows.get(n) ?? []).filter(
        (x) => x.team === r.team && (x.class === "LMGTP" ? "LMP900" : x.class) === champClass,
      );
      if (sameTeam.length === 1 && rowsOfTeam.length === 1) cr = sameTeam[0];
    }
    if (cr) used.add(cr);
    const names: string[] = [];
    const cut: string[] = [];
    for (const name of (r.drivers ?? "").split(";").filter(Boolean)) {
      const d = resolveDriver(name, r.team ?? "");
      if (d) names.push(d.name);
      else cut.push(name);
    }
    const e = entryByNumber.get(`${r.team}|${r.number}`);
    if (e)
      for (const name of names) {
        const d = drivers.get(nameKey(name)) as DriverRec;
        const key = `${e.id}|${nameKey(d.name)}`;
        const l = lineups.get(key);
        if (l) l.rounds.add(n);
        else
          lineups.set(key, {
            entry: e.id,
            driver: d,
            rounds: new Set([n]),
            notStarted: "",
            note: "",
            published: "",
            source: "race classifications",
          });
      }
    const notes = [
      r.team_as_published && r.team_as_published !== r.team
        ? `team printed as "${r.team_as_published}"`
        : "",
      cut.length ? `driver name cut off in the source: ${cut.join(", ")}` : "",
      cr ? `class position: ${cr.provenance}` : "",
    ].filter(Boolean);
    out.push({
      pos: r.pos ?? "",
      class_pos: cr?.class_pos ?? "",
      class: r.class || "unknown",
      number: r.number || "unknown",
      team: r.team || "unknown",
      drivers: names.join(";"),
      chassis: r.chassis ?? "",
      engine: r.engine ?? "",
      tyre: r.tyre ?? "",
      laps: r.laps ?? "",
      status: r.status ?? "",
      note: notes.join("; "),
      source: r.source ?? "",
    });
  }
  for (const c of crs) {
    if (used.has(c)) continue;
    // A class winner known only from the standings: the seed's Season results table gives its
    // car and drivers (when it names the same team).
    const winner =
      c.class_pos === "1" && !c.number
        ? classWinners.find(
            (w) => Number(w.round) === n && w.class === c.class && w.team === c.team,
          )
        : undefined;
    const winnerDrivers = winner
      ? (winner.drivers ?? "")
          .split(";")
          .filter(Boolean)
          .map((d) => resolveDriver(d, c.team ?? ""))
      : [];
    const winnerEntry = winner ? entryByNumber.get(`${c.team}|${winner.number}`) : undefined;
    if (winnerEntry)
      for (const d of winnerDrivers) {
        if (!d) continue;
        const key = `${winnerEntry.id}|${nameKey(d.name)}`;
        const l = lineups.get(key);
        if (l) l.rounds.add(n);
        else
          lineups.set(key, {
            entry: winnerEntry.id,
            driver: d,
            rounds: new Set([n]),
            notStarted: "",
            note: "",
            published: "",
            source: "class-winners.csv (seed Season results)",
          });
      }
    out.push({
      pos: "",
      class_pos: c.class_pos ?? "",
      class: c.raced_class || c.class || "",
      number: winnerEntry ? (winner?.number ?? "unknown") : c.number || "unknown",
      team: c.team ?? "",
      drivers: winnerEntry ? winnerDrivers.flatMap((d) => (d ? [d.name] : [])).join(";") : "",
      chassis: "",
      engine: "",
      tyre: "",
      laps: c.laps ?? "",
      status: "classified",
      note:
        `class position: ${c.provenance}${c.provenance === "standings" ? " (read back from the team's points in the published standings)" : ""}` +
        (winnerEntry ? "; car number and drivers from the seed's Season results table" : ""),
      source: winnerEntry
        ? "class-results.csv; class-winners.csv (seed Season results)"
        : "class-results.csv",
    });
  }
  write(file, out, RESULT_COLUMNS);
}

write(
  "entries.csv",
  entries.map((e) => ({
    id: e.id,
    number: e.number,
    class: e.cls,
    team: e.team,
    chassis: e.chassis,
    engine: e.engine,
    tyre: e.tyre,
    note: e.note,
    source: e.source,
  })),
  ["id", "number", "class", "team", "chassis", "engine", "tyre", "note", "source"],
);
const driverRows: Row[] = [];
const listed = new Set<string>();
for (const l of lineups.values()) {
  const first = !listed.has(nameKey(l.driver.name));
  listed.add(nameKey(l.driver.name));
  driverRows.push({
    entry: l.entry,
    driver: l.driver.name,
    nationality: l.driver.nationality,
    aliases: first ? [...l.driver.aliases].join(";") : "",
    rounds: [...l.rounds].sort((a, b) => a - b).join(";"),
    not_started: l.notStarted,
    note: l.note,
    source: l.source,
  });
}
for (const d of drivers.values())
  if (!listed.has(nameKey(d.name)))
    driverRows.push({
      entry: "",
      driver: d.name,
      nationality: d.nationality,
      aliases: [...d.aliases].join(";"),
      rounds: "",
      not_started: "",
      note: "named in a race row of a car whose number is unknown",
      source: "race classifications",
    });
write("drivers.csv", driverRows, [
  "entry",
  "driver",
  "nationality",
  "aliases",
  "rounds",
  "not_started",
  "note",
  "source",
]);

write(
  "decisions.csv",
  [
    {
      id: "r4-gt-j3-excluded",
      date: "2003-08-03",
      kind: "disqualify",
      round: "4",
      class: "GT",
      team: "J-3 Racing",
      reason: "reported excluded after the race (GT P3), with an appeal pending",
      source: "race reports, per ../shared/data/alms-2003/README.md 'Amended results'",
    },
    {
      id: "r4-gt-j3-reinstated",
      date: "",
      kind: "reinstate",
      round: "4",
      class: "GT",
      team: "J-3 Racing",
      overturns: "r4-gt-j3-excluded",
      reason:
        "the exclusion did not stand: the published standings credit J-3 Racing with 13 points (GT P3) at Trois-Rivieres; date of the appeal not published",
      source: "seed standings",
    },
  ],
  ["id", "date", "kind", "round", "class", "team", "overturns", "reason", "source"],
);

const scale = (name: string) => scales.filter((s) => s.scale === name).map((s) => Number(s.points));
const rules = {
  $schema: "../../docs/schema/points-rules.schema.json",
  format: "paddock-rules/1",
  id: "alms-2003",
  name: "American Le Mans Series 2003, teams' championships",
  version: 1,
  description:
    "Top 10 of each class score 20-16-13-10-8-6-4-3-2-1, at Sebring and Petit Le Mans 26-22-19-16-14-12-10-9-8-7. Cars failing to complete 70% of the winner's distance score nothing. A team scores only its highest-finishing car; the positions of its other cars keep their points from everyone. LMGTP cars score in LMP900. A disqualified car is removed before class positions are counted.",
  scales: { standard: scale("standard"), endurance: scale("endurance") },
  defaultScale: "standard",
  classMap: { LMGTP: "LMP900" },
  eligibility: [
    { rule: "status", statuses: ["dsq"], effect: "moveUp" },
    { rule: "minDistance", fraction: "7/10", of: "classWinner", effect: "unawarded" },
  ],
  races: schedule
    .filter((s) => s.round && s.points_scale === "endurance")
    .map((s) => ({ round: Number(s.round), scale: "endurance" })),
  championships: [
    {
      id: "teams",
      name: "Teams' Championship",
      kind: "teams",
      perClass: true,
      counting: { cars: "best", nonCounting: "unawarded" },
      tieBreaks: ["countback"],
    },
  ],
};
writeFileSync(join(outDir, "rules.json"), JSON.stringify(rules, null, 2) + "\n");

const season = {
  format: "paddock-season/1",
  id: "alms-2003",
  series: { id: "alms", name: "American Le Mans Series" },
  year: 2003,
  name: "2003 American Le Mans Series",
  classes: CLASSES,
  rounds: seasonRounds,
  teams,
  rules: "rules.json",
  entries: "entries.csv",
  drivers: "drivers.csv",
  decisions: "decisions.csv",
  provenance: [
    "Built by scripts/build-alms-2003-bundle.ts from the reference facts described in PROVENANCE.md.",
    "Seed: the 2003 American Le Mans Series encyclopedia article (schedule, entry list, season results, standings).",
    "Race rows: the race articles and race reports named in each row's source column.",
    "Class positions: class-results.csv, each with its provenance (race, standings, race+standings).",
  ],
};
writeFileSync(join(outDir, "season.json"), JSON.stringify(season, null, 2) + "\n");
copyFileSync(join(sourceDir, "README.md"), join(outDir, "PROVENANCE.md"));
console.log(
  `wrote ${outDir}: ${teams.length} teams, ${entries.length} entries, ${drivers.size} drivers`,
);
