// Al Kamel analysis lines read in chunks: the header in the first chunk or given from an earlier
// one, pit facts, untimed laps, and problems naming the line and column.
import { describe, expect, it } from "vitest";
import { readLapChunk } from "./al-kamel-laps.js";

const HEADER =
  "NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; CROSSING_FINISH_LINE_IN_PIT; ELAPSED; DRIVER_NAME; PIT_TIME; CLASS; TEAM";
const LINES = [
  "7;1;1;3:38.404;;3:38.404;Kamui KOBAYASHI;;HYPERCAR;Toyota Gazoo Racing",
  "7;1;2;2:10.000;B;5:48.404;Kamui KOBAYASHI;;HYPERCAR;Toyota Gazoo Racing",
  "7;2;3;2:50.100;;8:38.504;Nyck DE VRIES;0:01:01.031;HYPERCAR;Toyota Gazoo Racing",
  "92;1;1;0:00.000;;4:00.000;Ryan HARDWICK;;LMGT3;Manthey 1ST Phorm",
];

describe("Al Kamel lap chunks", () => {
  it("reads a chunk that starts with the header (a BOM and CRLF too)", () => {
    const read = readLapChunk(`\uFEFF${HEADER}\r\n${LINES.join("\r\n")}\r\n`, null);
    expect(read.ok && read.value.laps).toEqual([
      {
        number: "7",
        lap: 1,
        lapTimeMs: 218_404,
        elapsedMs: 218_404,
        driver: "Kamui KOBAYASHI",
        classId: "HYPERCAR",
        team: "Toyota Gazoo Racing",
        pitMs: null,
        inPit: false,
      },
      {
        number: "7",
        lap: 2,
        lapTimeMs: 130_000,
        elapsedMs: 348_404,
        driver: "Kamui KOBAYASHI",
        classId: "HYPERCAR",
        team: "Toyota Gazoo Racing",
        pitMs: null,
        inPit: true,
      },
      {
        number: "7",
        lap: 3,
        lapTimeMs: 170_100,
        elapsedMs: 518_504,
        driver: "Nyck DE VRIES",
        classId: "HYPERCAR",
        team: "Toyota Gazoo Racing",
        pitMs: 61_031,
        inPit: false,
      },
      {
        number: "92",
        lap: 1,
        lapTimeMs: null,
        elapsedMs: 240_000,
        driver: "Ryan HARDWICK",
        classId: "LMGT3",
        team: "Manthey 1ST Phorm",
        pitMs: null,
        inPit: false,
      },
    ]);
  });

  it("reads lines alone with the header of an earlier chunk", () => {
    const first = readLapChunk(`${HEADER}\n${LINES[0]}`, null);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const next = readLapChunk(LINES.slice(1).join("\n"), first.value.header);
    expect(next.ok && next.value.laps.map((l) => `${l.number}/${l.lap}`)).toEqual([
      "7/2",
      "7/3",
      "92/1",
    ]);
  });

  it.each([
    [
      "lines with no header now or before",
      LINES.join("\n"),
      null,
      [{ code: "MISSING_COLUMN", line: 1 }],
    ],
    ["nothing but blank lines", "\n  \n", null, [{ code: "EMPTY_FILE" }]],
    [
      "a header without ELAPSED",
      `NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME\n7;1;1;3:38.404`,
      null,
      [{ code: "MISSING_COLUMN", line: 1 }],
    ],
    [
      "a bad lap time and a bad lap number",
      `${HEADER}\n${LINES[0]}\n7;1;x;3:3x;;9:00.000;A;;HYPERCAR;T`,
      null,
      [
        { code: "INVALID_FIELD", line: 3, field: "LAP_NUMBER" },
        { code: "INVALID_FIELD", line: 3, field: "LAP_TIME" },
      ],
    ],
    [
      "an empty car number and a bad elapsed time, lines counted in the chunk",
      `${LINES[0]}\n;1;2;2:00.000;;soon;A;;HYPERCAR;T`,
      HEADER.split(";"),
      [
        { code: "INVALID_FIELD", line: 2, field: "NUMBER" },
        { code: "INVALID_FIELD", line: 2, field: "ELAPSED" },
      ],
    ],
    [
      "a bad pit time",
      `${HEADER}\n7;1;1;3:38.404;;3:38.404;A;1 minute;HYPERCAR;T`,
      null,
      [{ code: "INVALID_FIELD", line: 2, field: "PIT_TIME" }],
    ],
  ])("refuses %s, naming where", (_, text, header, problems) => {
    const read = readLapChunk(text, header, "feed");
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatchObject(problems);
  });
});
