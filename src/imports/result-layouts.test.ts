import { describe, expect, it } from "vitest";
import {
  columnMappingSchema,
  detectLayout,
  RESULT_COLUMNS,
  timingDriverColumns,
  timingStatus,
} from "./result-layouts.js";
import type { ImportLayout } from "./result-layouts.js";
import { CSV_COLUMNS } from "../core/season-input.js";

const split = (header: string) => header.split(";");

describe("layouts recognised by their header", () => {
  it.each<[string, string, ImportLayout | undefined]>([
    [
      "Al Kamel race",
      "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;VEHICLE;TYRES;CLASS;GROUP;DIVISION;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH;DRIVER_5;",
      "alkamel",
    ],
    [
      "Al Kamel with spaces and a class position",
      "POSITION;NUMBER; TEAM; DRIVER_1; CLASS_POSITION; LAPS; TOTAL_TIME; GAP_FIRST;",
      "alkamel",
    ],
    ["Al Kamel in lower case", "position;number;team;driver_1;total_time", "alkamel"],
    ["Al Kamel without NUMBER", "POSITION;TEAM;DRIVER_1;LAPS;TOTAL_TIME;GAP_FIRST", "alkamel"],
    [
      "IMSA",
      "POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH;TEAM;CLASS;GROUP;DIVISION;VEHICLE;TIRES;DRIVER1_FIRSTNAME;DRIVER1_SECONDNAME;",
      "imsa",
    ],
    ["IMSA without its driver blocks", "POSITION;NUMBER;TOTAL_TIME;TIRES", "imsa"],
    ["IMSA drivers alone", "NUMBER;DRIVER1_FIRSTNAME;DRIVER1_SECONDNAME", "imsa"],
    ["Paddock's results CSV", "pos;class_pos;class;number;team;drivers;laps;status", "paddock-csv"],
    ["Paddock's results CSV without number", "pos;class;team", "paddock-csv"],
    ["a header of unknown words", "Rank;Car No;Entrant;Elapsed", undefined],
    ["one column", "POSITION", undefined],
    ["nothing", "", undefined],
  ])("%s", (_, header, layout) => {
    expect(detectLayout(split(header))).toBe(layout);
  });
});

describe("the driver columns of timing layouts", () => {
  it("Al Kamel: one column per driver, in driver order wherever they stand", () => {
    const header = split("POSITION;DRIVER_1; DRIVER_2;DRIVER_3;DRIVER_4;FL_TIME;DRIVER_5;");
    expect(timingDriverColumns(header)).toEqual([[1], [2], [3], [4], [6]]);
  });
  it("IMSA: first and second name per driver, other driver columns ignored", () => {
    const header = split(
      "NUMBER;DRIVER2_SECONDNAME;DRIVER1_FIRSTNAME;DRIVER1_SECONDNAME;DRIVER1_COUNTRY;DRIVER2_FIRSTNAME",
    );
    expect(timingDriverColumns(header)).toEqual([
      [2, 3],
      [5, 1],
    ]);
  });
  it("no driver columns", () => {
    expect(timingDriverColumns(split("POSITION;NUMBER"))).toEqual([]);
  });
});

describe("timing systems' status words", () => {
  it.each([
    ["Classified", "classified"],
    ["Running", "classified"],
    ["RUNNING", "classified"],
    ["", "classified"],
    ["Not classified", "not_classified"],
    ["NC", "not_classified"],
    ["Retired", "dnf"],
    ["DNF", "dnf"],
    ["Not  running", "dnf"],
    ["Disqualified", "dsq"],
    ["DSQ", "dsq"],
    ["Excluded", "dsq"],
    ["DQ", "dsq"],
    ["DNS", "dns"],
    ["Did not start", "dns"],
    ["Finished", "classified"],
  ])("%j", (word, status) => {
    expect(timingStatus(word)).toBe(status);
  });
  it.each(["Crashed", "Pit", "1"])("%j is none", (word) => {
    expect(timingStatus(word)).toBeUndefined();
  });
});

describe("results columns and column mappings", () => {
  it("are the results columns of a season bundle", () => {
    expect([...RESULT_COLUMNS]).toEqual([
      ...CSV_COLUMNS.results.required,
      ...CSV_COLUMNS.results.optional,
    ]);
  });
  it("a mapping names Paddock columns only", () => {
    expect(columnMappingSchema.safeParse({ columns: { pos: "Pos", number: "Car" } }).success).toBe(
      true,
    );
    const bad = columnMappingSchema.safeParse({ columns: { position: "Pos" }, delimiter: "|" });
    expect(bad.success).toBe(false);
  });
});
