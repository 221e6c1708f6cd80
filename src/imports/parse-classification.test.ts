import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Problem } from "../core/problems.js";
import type { Result } from "../core/result.js";
import { parseClassification } from "./parse-classification.js";
import type { ParseClassificationOptions, ParsedClassification } from "./parse-classification.js";
import { columnMappingSchema } from "./result-layouts.js";
import type { ColumnMapping } from "./result-layouts.js";
import { IMPORT_FIXTURES } from "./testing/import-fixtures.js";

const fixture = (name: string) => readFileSync(join(IMPORT_FIXTURES, name));
const ROUND_3_MAPPING: ColumnMapping = columnMappingSchema.parse(
  JSON.parse(fixture("round-3-mapping.json").toString("utf8")),
);

function parsed(result: Result<ParsedClassification, Problem[]>): ParsedClassification {
  if (!result.ok) throw new Error(`expected rows, got ${JSON.stringify(result.error, null, 2)}`);
  return result.value;
}
function problems(result: Result<ParsedClassification, Problem[]>): Problem[] {
  if (result.ok) throw new Error("expected problems, got rows");
  return result.error;
}
const parse = (text: string, options?: ParseClassificationOptions, file = "r1.csv") =>
  parseClassification(Buffer.from(text), file, options);

const ALKAMEL_HEADER =
  "POSITION;NUMBER; TEAM; DRIVER_1; DRIVER_2; DRIVER_3; DRIVER_4; VEHICLE; TYRES; CLASS; GROUP; DIVISION; STATUS; LAPS; TOTAL_TIME; GAP_FIRST; GAP_PREVIOUS; FL_LAPNUM; FL_TIME; FL_KPH; DRIVER_5;";
/** An Al Kamel row from the fields that matter; the rest as a real export leaves them. */
function alkamelRow(f: {
  pos: string;
  car: string;
  team?: string;
  drivers?: string[];
  cls?: string;
  status?: string;
  laps?: string;
  time?: string;
  gap?: string;
  fl?: string;
  flLap?: string;
}): string {
  const d = f.drivers ?? ["Ana SILVA", "Ben COLE"];
  return [
    f.pos,
    f.car,
    f.team ?? "TEAM ALPHA",
    d[0] ?? "",
    d[1] ?? "",
    d[2] ?? "",
    d[3] ?? "",
    "Oreca 07 - Gibson",
    "G",
    f.cls ?? "LMP2",
    "",
    "",
    f.status ?? "Classified",
    f.laps ?? "190",
    f.time ?? "6:00'41.101",
    f.gap ?? "",
    f.gap ?? "",
    f.flLap ?? "88",
    f.fl ?? "1'38.456",
    "180.2",
    d[4] ?? "",
    "",
  ].join(";");
}
const alkamel = (...rows: string[]) => [ALKAMEL_HEADER, ...rows].join("\r\n") + "\r\n";

describe("the fixture timing files of fixtures/imports", () => {
  it("round 1: Al Kamel, UTF-8 with a BOM, CRLF, spaces in the header", () => {
    const p = parsed(parseClassification(fixture("round-1-alkamel.csv"), "round-1-alkamel.csv"));
    expect(p).toMatchObject({
      layout: "alkamel",
      encoding: "utf-8-bom",
      file: "round-1-alkamel.csv",
    });
    expect(p.header[2]).toBe("TEAM");
    expect(p.header.at(-1)).toBe("");
    expect(p.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(p.rows.map((r) => r.cells.number)).toEqual([
      "8",
      "51",
      "7",
      "6",
      "22",
      "43",
      "37",
      "28",
      "92",
      "31",
      "87",
      "81",
    ]);
    expect(p.rows[0]).toEqual({
      file: "round-1-alkamel.csv",
      line: 2,
      cells: {
        pos: "1",
        number: "8",
        team: "TOYOTA GAZOO RACING",
        drivers: "Sébastien BUEMI;Brendon HARTLEY;Ryo HIRAKAWA",
        chassis: "Toyota GR010 - Hybrid",
        tyre: "M",
        class: "HYPERCAR",
        status: "classified",
        laps: "201",
        time: "6:00:41.101",
        gap: "",
        best_lap: "1:32.456",
        best_lap_number: "88",
        source: "round-1-alkamel.csv",
      },
    });
    expect(p.rows[3]?.cells).toMatchObject({ gap: "+1 lap", time: "6:01:02.016" });
    expect(p.rows[10]?.cells.status).toBe("not_classified");
    expect(p.rows[11]?.cells).toMatchObject({ status: "dnf", gap: "+105 laps" });
    // Fastest lap of each class: #51 (1'32.301), #43 (1'37.598), #31 (1'43.871).
    expect(p.rows.filter((r) => r.cells.fastest_lap === "yes").map((r) => r.cells.number)).toEqual([
      "51",
      "43",
      "31",
    ]);
    expect(p.sourceColumn).toEqual({
      pos: "POSITION",
      number: "NUMBER",
      class: "CLASS",
      team: "TEAM",
      drivers: "DRIVER_1",
      chassis: "VEHICLE",
      tyre: "TYRES",
      laps: "LAPS",
      time: "TOTAL_TIME",
      gap: "GAP_FIRST",
      status: "STATUS",
      best_lap: "FL_TIME",
      best_lap_number: "FL_LAPNUM",
    });
    expect(p.notes).toContain("fastest laps derived from FL_TIME per class");
    expect(p.notes).toContain("columns not imported: GROUP, DIVISION, GAP_PREVIOUS, FL_KPH");
  });

  it("round 1 in UTF-16 LE reads to the same rows", () => {
    const utf8 = parsed(parseClassification(fixture("round-1-alkamel.csv"), "r1.csv"));
    const utf16 = parsed(parseClassification(fixture("round-1-alkamel.utf16le.csv"), "r1.csv"));
    expect(utf16.encoding).toBe("utf-16le");
    expect(utf16.rows).toEqual(utf8.rows);
  });

  it("round 2: IMSA, first and second names, + gaps and - for the leader", () => {
    const p = parsed(parseClassification(fixture("round-2-imsa.csv"), "round-2-imsa.csv"));
    expect(p).toMatchObject({ layout: "imsa", encoding: "utf-8" });
    expect(p.rows).toHaveLength(12);
    expect(p.rows[0]?.cells).toMatchObject({
      pos: "1",
      number: "6",
      drivers: "Kévin Estre;Laurens Vanthoor;Matthew Campbell",
      tyre: "Michelin",
      time: "6:00:12.345",
      gap: "",
      status: "classified",
    });
    expect(p.rows[1]?.cells.gap).toBe("+22.481");
    expect(p.rows[2]?.cells.gap).toBe("+1 lap");
    expect(p.sourceColumn).toMatchObject({ tyre: "TIRES", drivers: "DRIVER1_FIRSTNAME" });
  });

  it("round 3: a custom comma-separated file in Windows-1252, through its mapping", () => {
    const p = parsed(
      parseClassification(fixture("round-3-custom.csv"), "round-3-custom.csv", {
        mapping: ROUND_3_MAPPING,
      }),
    );
    expect(p).toMatchObject({ layout: "custom", encoding: "windows-1252" });
    expect(p.header).toEqual([
      "Pos",
      "Car",
      "Team name",
      "Drivers",
      "Cat",
      "Laps",
      "Race time",
      "Result",
    ]);
    expect(p.rows[2]?.cells).toMatchObject({
      number: "6",
      team: "Penske",
      drivers: "Kévin Estre;Laurens Vanthoor;Matt Campbell",
      class: "Hypercar",
      status: "classified",
    });
    expect(p.rows[11]?.cells).toMatchObject({
      drivers: "Pechito López;Takeshi Kimura;Esteban Masson",
      status: "dnf",
    });
    expect(p.sourceColumn).toMatchObject({
      drivers: "Drivers",
      status: "Result",
      time: "Race time",
    });
  });

  it("round 4: Paddock JSON, each row on the line its object starts", () => {
    const p = parsed(parseClassification(fixture("round-4.json"), "round-4.json"));
    expect(p).toMatchObject({ layout: "paddock-json", encoding: "utf-8" });
    expect(p.rows.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(p.rows[0]?.cells).toMatchObject({
      pos: "1",
      number: "7",
      drivers: "Mike Conway;Kamui Kobayashi;Nyck de Vries",
      laps: "251",
      pole: "yes",
      source: "round-4.json",
    });
    expect(p.rows[11]?.cells.status).toBe("dsq");
    expect(p.sourceColumn.laps).toBe("laps");
  });
});

describe("reading Al Kamel files by column name", () => {
  it("takes rows without the trailing delimiter the header has", () => {
    const text = `${ALKAMEL_HEADER}\n${alkamelRow({ pos: "1", car: "22" }).replace(/;$/, "")}\n`;
    expect(parsed(parse(text)).rows).toHaveLength(1);
  });

  it("reads columns in any order, missing or extra ones included", () => {
    const text =
      "EXTRA; CLASS ;NUMBER;POSITION;CLASS_POSITION;DRIVER_2;DRIVER_1;TOTAL_TIME\nx;LMP2;22;1;1;B;A;1:00'00.000\n";
    const p = parsed(parse(text));
    expect(p.rows[0]?.cells).toEqual({
      pos: "1",
      number: "22",
      class_pos: "1",
      class: "LMP2",
      drivers: "A;B",
      time: "1:00:00.000",
      source: "r1.csv",
    });
    expect(p.notes).toContain("no status column: every car is taken as classified");
  });

  it("skips blank lines and keeps each row's physical line, also after a quoted line break", () => {
    const text = [
      ALKAMEL_HEADER,
      "",
      alkamelRow({ pos: "1", car: "22", team: '"TEAM\r\nALPHA"' }),
      ";;;;",
      "",
      alkamelRow({ pos: "2", car: "37" }),
    ].join("\r\n");
    const p = parsed(parse(text));
    expect(p.rows.map((r) => [r.line, r.cells.number, r.cells.team])).toEqual([
      [3, "22", "TEAM\r\nALPHA"],
      [7, "37", "TEAM ALPHA"],
    ]);
  });

  it("reads files whose lines end in CR alone", () => {
    const text = alkamel(alkamelRow({ pos: "1", car: "22" }), alkamelRow({ pos: "2", car: "37" }));
    const p = parsed(parse(text.replace(/\r\n/g, "\r")));
    expect(p.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it("joins the drivers, blanks skipped", () => {
    const p = parsed(
      parse(alkamel(alkamelRow({ pos: "1", car: "22", drivers: ["A", "", " C ", "", "E"] }))),
    );
    expect(p.rows[0]?.cells.drivers).toBe("A;C;E");
  });

  it("credits the fastest lap per class, both cars on a tie", () => {
    const p = parsed(
      parse(
        alkamel(
          alkamelRow({ pos: "1", car: "1", cls: "HYPERCAR", fl: "1'32.000" }),
          alkamelRow({ pos: "2", car: "2", cls: "HYPERCAR", fl: "1'31.999" }),
          alkamelRow({ pos: "3", car: "3", cls: "LMP2", fl: "1'38.000" }),
          alkamelRow({ pos: "4", car: "4", cls: "lmp2", fl: "1'38.000" }),
          alkamelRow({ pos: "5", car: "5", cls: "LMGT3", fl: "" }),
        ),
      ),
    );
    expect(p.rows.map((r) => r.cells.fastest_lap ?? "")).toEqual(["", "yes", "yes", "yes", ""]);
  });

  it("credits one fastest lap per race when there is no class column", () => {
    const text =
      "POSITION;NUMBER;FL_TIME;TOTAL_TIME\n1;7;1'32.000;6:00'00.000\n2;8;1'31.000;6:00'01.000\n";
    const p = parsed(parse(text));
    expect(p.rows.map((r) => r.cells.fastest_lap ?? "")).toEqual(["", "yes"]);
    expect(p.notes).toContain("fastest laps derived from FL_TIME per race");
  });
});

describe("problems in a timing file", () => {
  it("a row cut short is MALFORMED_CSV naming its line and the first missing column", () => {
    const cut = alkamelRow({ pos: "2", car: "37" }).split(";").slice(0, 5).join(";");
    const found = problems(parse(alkamel(alkamelRow({ pos: "1", car: "22" }), cut)));
    expect(found).toEqual([
      expect.objectContaining({
        code: "MALFORMED_CSV",
        file: "r1.csv",
        line: 3,
        field: "DRIVER_3",
      }),
    ]);
  });

  it("a row with more cells than the header is MALFORMED_CSV", () => {
    const long = `${alkamelRow({ pos: "1", car: "22" })};surplus`;
    expect(problems(parse(alkamel(long)))).toEqual([
      expect.objectContaining({ code: "MALFORMED_CSV", line: 2 }),
    ]);
  });

  it("collects every row's problems, each with the user's column name", () => {
    const found = problems(
      parse(
        alkamel(
          alkamelRow({ pos: "1", car: "22", laps: "-3" }),
          alkamelRow({ pos: "two", car: "37", status: "Crashed" }),
          alkamelRow({ pos: "0", car: "38", time: "6h00", gap: "a lot", fl: "fast" }),
        ),
      ),
    );
    expect(found.map((p) => [p.code, p.line, p.field])).toEqual([
      ["INVALID_FIELD", 2, "LAPS"],
      ["INVALID_FIELD", 3, "POSITION"],
      ["INVALID_FIELD", 3, "STATUS"],
      ["INVALID_FIELD", 4, "POSITION"],
      ["INVALID_FIELD", 4, "TOTAL_TIME"],
      ["INVALID_FIELD", 4, "GAP_FIRST"],
      ["INVALID_FIELD", 4, "FL_TIME"],
    ]);
    expect(found.every((p) => p.file === "r1.csv")).toBe(true);
  });

  it("a missing POSITION or NUMBER column is MISSING_COLUMN on the header's line", () => {
    const text = "\n\nTEAM;DRIVER_1;LAPS;TOTAL_TIME;GAP_FIRST\nA;B;1;1:00'00.000;\n";
    expect(problems(parse(text)).map((p) => [p.code, p.line, p.field])).toEqual([
      ["MISSING_COLUMN", 3, "POSITION"],
      ["MISSING_COLUMN", 3, "NUMBER"],
    ]);
  });

  it("an unclosed quote is MALFORMED_CSV on the line it opens", () => {
    const text = alkamel(
      alkamelRow({ pos: "1", car: "22" }),
      alkamelRow({ pos: "2", car: "37", team: '"TEAM' }),
      alkamelRow({ pos: "3", car: "38" }),
    );
    expect(problems(parse(text))).toEqual([
      expect.objectContaining({ code: "MALFORMED_CSV", line: 3 }),
    ]);
  });

  it("a header Paddock does not know is UNKNOWN_LAYOUT", () => {
    expect(problems(parse("Rank;Car No;Entrant\n1;8;Toyota\n"))).toEqual([
      expect.objectContaining({ code: "UNKNOWN_LAYOUT", file: "r1.csv", line: 1 }),
    ]);
  });

  it("an empty file is MISSING_COLUMN", () => {
    expect(problems(parse(" \r\n\r\n"))).toEqual([
      expect.objectContaining({ code: "MISSING_COLUMN", line: 1 }),
    ]);
  });

  it("a binary file is BINARY_FILE", () => {
    const found = problems(
      parseClassification(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0), "x.csv"),
    );
    expect(found).toEqual([expect.objectContaining({ code: "BINARY_FILE", file: "x.csv" })]);
  });

  it("a layout given explicitly is used even where detection would fail", () => {
    const found = problems(parse("Rank;Car No\n1;8\n", { layout: "alkamel" }));
    expect(found.map((p) => [p.code, p.field])).toEqual([
      ["MISSING_COLUMN", "POSITION"],
      ["MISSING_COLUMN", "NUMBER"],
    ]);
  });
});

describe("custom layouts through a column mapping", () => {
  const text =
    "Rank\tCar\tEntrant\tFirst driver\tSecond driver\tBest lap\tClass\tResult\tTime\n" +
    "1\t22\tTeam Alpha\tAna Silva\tBen Cole\t1:38.100\tLMP2\tFinished\t6:00:00.000\n" +
    "2\t37\tTeam Beta\tCarl Dunn\t\t1:38.000\tLMP2\tDNF\t\n";
  const mapping: ColumnMapping = {
    columns: {
      pos: "rank",
      number: "CAR",
      team: "Entrant",
      class: "Class",
      status: "Result",
      time: "Time",
    },
    driverColumns: ["First driver", "Second driver"],
    fastestLapTime: "Best lap",
  };

  it("reads the mapped columns, the delimiter found by itself", () => {
    const p = parsed(parse(text, { mapping }));
    expect(p.layout).toBe("custom");
    expect(p.rows.map((r) => r.cells)).toEqual([
      {
        pos: "1",
        number: "22",
        class: "LMP2",
        team: "Team Alpha",
        time: "6:00:00.000",
        status: "classified",
        drivers: "Ana Silva;Ben Cole",
        source: "r1.csv",
        best_lap: "1:38.100",
      },
      {
        pos: "2",
        number: "37",
        class: "LMP2",
        team: "Team Beta",
        time: "",
        status: "dnf",
        drivers: "Carl Dunn",
        source: "r1.csv",
        best_lap: "1:38.000",
        fastest_lap: "yes",
      },
    ]);
    expect(p.sourceColumn).toMatchObject({ pos: "Rank", number: "Car", drivers: "First driver" });
  });

  it("splits a drivers column at ; and /", () => {
    const p = parsed(
      parse("Pos,Car,Crew\n1,22,Ana Silva / Ben Cole; Carl Dunn\n", {
        mapping: { columns: { pos: "Pos", number: "Car", drivers: "Crew" } },
      }),
    );
    expect(p.rows[0]?.cells.drivers).toBe("Ana Silva;Ben Cole;Carl Dunn");
  });

  it("a mapped column the file lacks, and an unmapped number, are MISSING_COLUMN", () => {
    const found = problems(parse(text, { mapping: { columns: { pos: "Rank", laps: "Laps" } } }));
    expect(found.map((p) => [p.code, p.field])).toEqual([
      ["MISSING_COLUMN", "Laps"],
      ["MISSING_COLUMN", "number"],
    ]);
  });

  it("the custom layout without a mapping is UNKNOWN_LAYOUT", () => {
    expect(problems(parse(text, { layout: "custom" }))).toEqual([
      expect.objectContaining({ code: "UNKNOWN_LAYOUT" }),
    ]);
  });

  it("a mapping given with another layout is not used, and the notes say so", () => {
    const p = parsed(
      parse(alkamel(alkamelRow({ pos: "1", car: "22" })), { layout: "alkamel", mapping }),
    );
    expect(p.notes).toContain("column mapping not used: the alkamel layout names its own columns");
  });
});

describe("Paddock's own results", () => {
  it("CSV: passed through as written, with the file as the source", () => {
    const text = "pos,number,class,laps,time,status\n1,7,HYPERCAR,201,6h00,retired\n";
    const p = parsed(parse(text, undefined, "r1.csv"));
    expect(p.layout).toBe("paddock-csv");
    expect(p.rows[0]?.cells).toEqual({
      pos: "1",
      number: "7",
      class: "HYPERCAR",
      laps: "201",
      time: "6h00",
      status: "retired",
      source: "r1.csv",
    });
  });

  it("CSV: unknown and missing columns as a bundle reports them", () => {
    const found = problems(
      parse("number,class,colour\n7,HYPERCAR,red\n", { layout: "paddock-csv" }),
    );
    expect(found.map((p) => [p.code, p.field])).toEqual([
      ["UNKNOWN_COLUMN", "colour"],
      ["MISSING_COLUMN", "pos"],
    ]);
  });

  const json = (results: string) =>
    `{\n  "format": "paddock-results/1",\n  "results": [\n${results}\n  ]\n}\n`;

  it("JSON: numbers or text, drivers as a list or a ; text", () => {
    const p = parsed(
      parse(
        json(
          `    { "pos": 1, "number": 7, "drivers": ["A", " B "], "laps": "201", "fastest_lap": false },\n` +
            `    {\n      "pos": null,\n      "number": "08",\n      "drivers": "C;D",\n      "status": "dns"\n    }`,
        ),
        undefined,
        "r4.json",
      ),
    );
    expect(p.rows).toEqual([
      {
        file: "r4.json",
        line: 4,
        cells: {
          pos: "1",
          number: "7",
          drivers: "A;B",
          laps: "201",
          fastest_lap: "no",
          source: "r4.json",
        },
      },
      {
        file: "r4.json",
        line: 5,
        cells: { pos: "", number: "08", drivers: "C;D", status: "dns", source: "r4.json" },
      },
    ]);
    expect(p.header).toEqual(["pos", "number", "drivers", "laps", "fastest_lap", "status"]);
  });

  it("JSON: shape problems name the row's line and the key", () => {
    const found = problems(
      parse(
        json(
          `    { "pos": 1, "number": "7" },\n    { "pos": 2, "number": "8", "laps": -1 },\n    { "pos": 3, "number": "9", "colour": "red" }`,
        ),
      ),
    );
    expect(found.map((p) => [p.code, p.line, p.field])).toEqual([
      ["INVALID_FIELD", 5, "laps"],
      ["UNKNOWN_COLUMN", 6, "colour"],
    ]);
  });

  it("JSON: another format is INVALID_FIELD on format", () => {
    const found = problems(parse(`{ "format": "paddock-results/9", "results": [] }`));
    expect(found).toEqual([expect.objectContaining({ code: "INVALID_FIELD", field: "format" })]);
  });

  it("JSON: broken JSON is MALFORMED_JSON with its line", () => {
    const found = problems(parse(json(`    { "pos": 1, "number": "7" }\n    { "pos": 2 }`)));
    expect(found).toEqual([expect.objectContaining({ code: "MALFORMED_JSON", line: 5 })]);
  });

  it("JSON: the layout named but the file not JSON is MALFORMED_JSON", () => {
    const found = problems(
      parse(alkamel(alkamelRow({ pos: "1", car: "22" })), { layout: "paddock-json" }),
    );
    expect(found).toEqual([expect.objectContaining({ code: "MALFORMED_JSON", line: 1 })]);
  });
});

describe("speed", () => {
  const rows = (quoted: boolean) =>
    Array.from({ length: 100_000 }, (_, k) => {
      const i = k + 1;
      return alkamelRow({
        pos: String(i),
        car: String(i),
        team: quoted ? '"TEAM ALPHA"' : "TEAM ALPHA",
        drivers: ["Sébastien BUEMI", "Brendon HARTLEY", "Ryo HIRAKAWA"],
        cls: ["HYPERCAR", "LMP2", "LMGT3"][i % 3],
        laps: String(200 - (i % 50)),
        gap: i === 1 ? "" : `${(i % 50) + 1} Laps`,
        fl: `1'${String(30 + (i % 29)).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}`,
      });
    });
  // CPU time, not wall time, is held to the limit: test files run in parallel on shared machines.
  it.each([
    ["unquoted, as timing systems write them", false],
    ["quoted, read by csv-parse", true],
  ])("reads 100,000 Al Kamel rows, %s, in a few seconds", (what, quoted) => {
    const bytes = Buffer.from(`\uFEFF${alkamel(...rows(quoted))}`);
    const cpu = process.cpuUsage();
    const start = performance.now();
    const p = parsed(parseClassification(bytes, "big.csv"));
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.log(
      `100,000 Al Kamel rows ${what} (${(bytes.length / 1024 / 1024).toFixed(1)} MB): ${wall.toFixed(0)} ms, ${cpuMs.toFixed(0)} ms of CPU`,
    );
    expect(p.rows).toHaveLength(100_000);
    expect(p.rows.at(-1)?.line).toBe(100_001);
    expect(p.rows.at(-1)?.cells.team).toBe("TEAM ALPHA");
    expect(cpuMs).toBeLessThan(quoted ? 6000 : 4000);
  });
});

describe("each car's best lap", () => {
  // The fixtures read here with csv-parse, not Paddock's reader: FL_TIME and FL_LAPNUM per car.
  it.each([
    { file: "round-1-alkamel.csv", layout: "alkamel" },
    { file: "round-2-imsa.csv", layout: "imsa" },
  ])("$file: FL_TIME and FL_LAPNUM of every car", ({ file, layout }) => {
    const raw = parseCsv(
      fixture(file)
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
      {
        columns: (h: string[]) => h.map((x) => x.trim()),
        delimiter: ";",
        skip_empty_lines: true,
      },
    ) as Record<string, string>[];
    // Al Kamel writes minutes with an apostrophe, IMSA with a colon: Paddock writes a colon.
    const expected = raw.map((r) => ({
      number: r.NUMBER,
      best_lap: (r.FL_TIME ?? "").replace("'", ":"),
      best_lap_number: r.FL_LAPNUM,
    }));
    expect(expected.every((e) => /^\d:\d\d\.\d{3}$/.test(e.best_lap))).toBe(true);
    const p = parsed(parseClassification(fixture(file), file));
    expect(p.layout).toBe(layout);
    expect(
      p.rows.map((r) => ({
        number: r.cells.number,
        best_lap: r.cells.best_lap,
        best_lap_number: r.cells.best_lap_number,
      })),
    ).toEqual(expected);
    expect(p.sourceColumn).toMatchObject({ best_lap: "FL_TIME", best_lap_number: "FL_LAPNUM" });
  });

  it.each([
    { fl: "1'38.456", flLap: "88", best_lap: "1:38.456", best_lap_number: "88" },
    { fl: "1:38.456", flLap: "7", best_lap: "1:38.456", best_lap_number: "7" },
    { fl: "58.4", flLap: "2", best_lap: "0:58.400", best_lap_number: "2" },
    { fl: "1:02'03.004", flLap: "1", best_lap: "1:02:03.004", best_lap_number: "1" },
    { fl: "", flLap: "", best_lap: "", best_lap_number: "" },
    // Timing's zeros for a car without a timed lap: no best lap.
    { fl: "0'00.000", flLap: "0", best_lap: "", best_lap_number: "" },
    { fl: "", flLap: "12", best_lap: "", best_lap_number: "" },
  ])("FL_TIME $fl, FL_LAPNUM $flLap", ({ fl, flLap, best_lap, best_lap_number }) => {
    const p = parsed(parse(alkamel(alkamelRow({ pos: "1", car: "22", fl, flLap }))));
    expect(p.rows[0]?.cells).toMatchObject({ best_lap, best_lap_number });
  });

  it.each([
    { fl: "fast", flLap: "88", field: "FL_TIME" },
    { fl: "1'32,301", flLap: "88", field: "FL_TIME" },
    { fl: "1'38.456", flLap: "lap 8", field: "FL_LAPNUM" },
    { fl: "1'38.456", flLap: "-1", field: "FL_LAPNUM" },
  ])("FL_TIME $fl, FL_LAPNUM $flLap: INVALID_FIELD on $field", ({ fl, flLap, field }) => {
    const found = problems(parse(alkamel(alkamelRow({ pos: "1", car: "22", fl, flLap }))));
    expect(found).toEqual([
      { code: "INVALID_FIELD", message: expect.any(String), file: "r1.csv", line: 2, field },
    ]);
    expect(found[0]?.message).toContain(field === "FL_TIME" ? fl : flLap);
  });

  const custom =
    "Pos;Car;Class;Best;On lap;Quickest\n1;22;LMP2;1:38.100;41;1:38.100\n2;37;LMP2;1'37.990;12;1'37.990\n";
  it.each([
    {
      name: "columns.best_lap and columns.best_lap_number",
      mapping: {
        columns: {
          pos: "Pos",
          number: "Car",
          class: "Class",
          best_lap: "Best",
          best_lap_number: "On lap",
        },
      },
    },
    {
      name: "fastestLapTime, the older name",
      mapping: {
        columns: { pos: "Pos", number: "Car", class: "Class", best_lap_number: "On lap" },
        fastestLapTime: "Best",
      },
    },
    {
      name: "both naming the same column",
      mapping: {
        columns: {
          pos: "Pos",
          number: "Car",
          class: "Class",
          best_lap: "best",
          best_lap_number: "On lap",
        },
        fastestLapTime: "Best",
      },
    },
  ])("a column mapping names the best lap: $name", ({ mapping }) => {
    const p = parsed(parse(custom, { mapping: columnMappingSchema.parse(mapping) }));
    expect(
      p.rows.map((r) => [r.cells.best_lap, r.cells.best_lap_number, r.cells.fastest_lap]),
    ).toEqual([
      ["1:38.100", "41", undefined],
      ["1:37.990", "12", "yes"],
    ]);
    expect(p.notes).toContain("fastest laps derived from Best per class");
  });

  it("a column mapping naming two different best-lap columns is a problem", () => {
    const found = problems(
      parse(custom, {
        mapping: {
          columns: { pos: "Pos", number: "Car", best_lap: "Best" },
          fastestLapTime: "Quickest",
        },
      }),
    );
    expect(found.map((p) => [p.code, p.line, p.field])).toEqual([["INVALID_FIELD", 1, "Quickest"]]);
  });

  it("JSON: best_lap as text, best_lap_number as a number or text", () => {
    const p = parsed(
      parse(
        `{ "format": "paddock-results/1", "results": [\n` +
          `  { "pos": 1, "number": "7", "best_lap": "1:47.123", "best_lap_number": 12 },\n` +
          `  { "pos": 2, "number": "8", "best_lap": null, "best_lap_number": "3" }\n]}\n`,
      ),
    );
    expect(p.rows.map((r) => [r.cells.best_lap, r.cells.best_lap_number])).toEqual([
      ["1:47.123", "12"],
      ["", "3"],
    ]);
    expect(p.sourceColumn).toMatchObject({
      best_lap: "best_lap",
      best_lap_number: "best_lap_number",
    });
    const found = problems(
      parse(
        `{ "format": "paddock-results/1", "results": [{ "pos": 1, "number": "7", "best_lap_number": 0 }] }`,
      ),
    );
    expect(found.map((p) => [p.code, p.field])).toEqual([["INVALID_FIELD", "best_lap_number"]]);
  });
});
