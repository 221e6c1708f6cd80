// Properties of parseClassification over hostile input, shared by the Vitest suite (a few hundred
// runs, fixed seed) and scripts/fuzz-imports.ts (as many runs as asked). Pure: the caller reads
// the fixture files. A property throws (node:assert) when it is broken.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import fc from "fast-check";
import { PROBLEM_CODES } from "../../core/problems.js";
import { formatRaceTime } from "../../core/race-time.js";
import { parseClassification } from "../parse-classification.js";
import type { ParseClassificationOptions } from "../parse-classification.js";
import { readQuoted, splitPlain } from "../read-delimited.js";
import { timingStatus } from "../result-layouts.js";

export interface FixtureFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly options?: ParseClassificationOptions;
}

const CODES = new Set<string>(PROBLEM_CODES);

/** The most lines a file can have, however its lines end: one more than its LF or CR bytes. */
export function lineBound(bytes: Uint8Array): number {
  let lf = 0;
  let cr = 0;
  for (const b of bytes) {
    if (b === 0x0a) lf++;
    else if (b === 0x0d) cr++;
  }
  return 1 + Math.max(lf, cr);
}

/** Never throws; rows or a non-empty list of known problems; every line inside the file. */
export function checkParse(bytes: Uint8Array, file: string, options?: ParseClassificationOptions) {
  const result = parseClassification(bytes, file, options);
  const bound = lineBound(bytes);
  const inFile = (line: number | undefined) =>
    line === undefined || (Number.isInteger(line) && line >= 1 && line <= bound);
  if (result.ok) {
    for (const row of result.value.rows) {
      assert.equal(row.file, file);
      assert.ok(inFile(row.line), `row line ${row.line} outside 1..${bound}`);
    }
  } else {
    assert.ok(result.error.length > 0, "a failure names at least one problem");
    for (const p of result.error) {
      assert.ok(CODES.has(p.code), `unknown problem code ${p.code}`);
      assert.ok(inFile(p.line), `${p.code} at line ${p.line}, outside 1..${bound}`);
      if (p.file !== undefined) assert.equal(p.file, file);
    }
  }
  return result;
}

const LAYOUTS = fc.constantFrom<ParseClassificationOptions["layout"]>(
  "auto",
  "alkamel",
  "imsa",
  "paddock-csv",
  "paddock-json",
);

/** Random bytes, read with any layout. */
export function randomBytesProperty() {
  return fc.property(
    fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      // Mostly text, so the parser gets past the encoding checks.
      fc
        .string({
          unit: fc.constantFrom(";", ",", '"', "\n", "\r", "1", "a", " ", "é", "\t"),
          maxLength: 400,
        })
        .map((s) => new Uint8Array(Buffer.from(s))),
    ),
    LAYOUTS,
    (bytes, layout) => {
      checkParse(bytes, "random.csv", { layout });
    },
  );
}

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "flip"; at: number; byte: number }
  | { kind: "duplicateLine"; at: number }
  | { kind: "deleteLine"; at: number }
  | { kind: "swapDelimiters"; from: number; to: number };

const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const DELIMITER_BYTES = [0x3b, 0x2c, 0x09]; // ; , tab
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at }),
  fc.record({
    kind: fc.constant("insert" as const),
    at,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("flip" as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("duplicateLine" as const), at }),
  fc.record({ kind: fc.constant("deleteLine" as const), at }),
  fc.record({
    kind: fc.constant("swapDelimiters" as const),
    from: fc.constantFrom(...DELIMITER_BYTES),
    to: fc.constantFrom(...DELIMITER_BYTES, 0x22),
  }),
);

function lineSpans(bytes: Uint8Array): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] === 0x0a) {
      spans.push([start, i + 1]);
      start = i + 1;
    }
  if (start < bytes.length) spans.push([start, bytes.length]);
  return spans;
}

export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const b = Buffer.from(bytes);
  const pos = "at" in m ? Math.floor(m.at * (b.length + 1)) : 0;
  switch (m.kind) {
    case "truncate":
      return b.subarray(0, pos);
    case "insert":
      return Buffer.concat([b.subarray(0, pos), m.bytes, b.subarray(pos)]);
    case "flip":
      if (b.length === 0) return b;
      b[Math.min(pos, b.length - 1)] = m.byte;
      return b;
    case "duplicateLine":
    case "deleteLine": {
      const spans = lineSpans(b);
      const span = spans[Math.floor(m.at * spans.length)];
      if (!span) return b;
      const line = b.subarray(span[0], span[1]);
      const rest = b.subarray(span[1]);
      return Buffer.concat([
        b.subarray(0, span[0]),
        ...(m.kind === "duplicateLine" ? [line, line] : []),
        rest,
      ]);
    }
    case "swapDelimiters":
      return b.map((x) => (x === m.from ? m.to : x));
  }
}

/** The fixture files, each cut, spliced, garbled or re-delimited a few times. */
export function mutationProperty(fixtures: readonly FixtureFile[]) {
  assert.ok(fixtures.length > 0, "no fixture files to mutate");
  return fc.property(
    fc.integer({ min: 0, max: fixtures.length - 1 }),
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
    fc.boolean(),
    (index, mutations, auto) => {
      const f = fixtures[index] as FixtureFile;
      const bytes = mutations.reduce(mutate, f.bytes);
      checkParse(bytes, f.name, auto ? undefined : f.options);
    },
  );
}

const AL_KAMEL_HEADER = [
  "POSITION",
  "NUMBER",
  " TEAM",
  " DRIVER_1",
  " DRIVER_2",
  " DRIVER_3",
  " DRIVER_4",
  " VEHICLE",
  " TYRES",
  " CLASS",
  " GROUP",
  " DIVISION",
  " STATUS",
  " LAPS",
  " TOTAL_TIME",
  " GAP_FIRST",
  " GAP_PREVIOUS",
  " FL_LAPNUM",
  " FL_TIME",
  " FL_KPH",
  " DRIVER_5",
  "",
];

/** Any text a cell may hold: no control characters but line breaks, which must then be quoted. */
const cellText = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) =>
  [...s].every((ch) => {
    const c = ch.charCodeAt(0);
    return c >= 0x20 ? c !== 0x7f : c === 0x0a || c === 0x0d;
  }),
);
const STATUS_WORDS = [
  "Classified",
  "Running",
  "Retired",
  "DNF",
  "NC",
  "Not classified",
  "DSQ",
  "DNS",
  "",
];

interface GeneratedRow {
  readonly number: string;
  readonly team: string;
  readonly drivers: readonly string[];
  readonly cls: string;
  readonly status: string;
  readonly laps: number;
  readonly ms: number;
}

const generatedRow: fc.Arbitrary<GeneratedRow> = fc.record({
  number: cellText,
  team: cellText,
  drivers: fc.array(cellText, { maxLength: 5 }),
  cls: fc.constantFrom("HYPERCAR", "LMP2", "LMGT3", "hypercar", ""),
  status: fc.constantFrom(...STATUS_WORDS),
  laps: fc.integer({ min: 0, max: 500 }),
  ms: fc.integer({ min: 0, max: 30 * 3_600_000 }),
});

/** h:mm'ss.sss, as Al Kamel prints a race time. */
function alKamelTime(ms: number): string {
  return formatRaceTime(ms).replace(/:(\d\d\.\d{3})$/, "'$1");
}

/** Al Kamel files built from arbitrary cells read back to the same cars, positions and lines. */
export function wellFormedAlKamelProperty() {
  return fc.property(
    fc.array(generatedRow, { minLength: 1, maxLength: 25 }),
    fc.constantFrom("\r\n", "\n"),
    fc.constantFrom("utf-8", "utf-8-bom", "utf-16le"),
    (rows, eol, encoding) => {
      const quote = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      const lines = [AL_KAMEL_HEADER.join(";")];
      rows.forEach((r, i) => {
        const d = r.drivers;
        const cells = [
          String(i + 1),
          r.number,
          r.team,
          d[0] ?? "",
          d[1] ?? "",
          d[2] ?? "",
          d[3] ?? "",
          "Oreca 07",
          "G",
          r.cls,
          "",
          "",
          r.status,
          String(r.laps),
          alKamelTime(r.ms),
          i === 0 ? "" : "1 Lap",
          "",
          "1",
          "1'38.456",
          "180.0",
          d[4] ?? "",
          "",
        ];
        lines.push(cells.map(quote).join(";"));
      });
      const text = lines.join(eol) + eol;
      const bytes =
        encoding === "utf-16le"
          ? Buffer.from(`\uFEFF${text}`, "utf16le")
          : Buffer.from(encoding === "utf-8-bom" ? `\uFEFF${text}` : text);
      const result = checkParse(bytes, "generated.csv");
      assert.ok(
        result.ok,
        `a well-formed file failed: ${JSON.stringify(!result.ok && result.error)}`,
      );
      const parsed = result.value;
      assert.equal(parsed.layout, "alkamel");
      assert.equal(parsed.encoding, encoding);
      assert.equal(parsed.rows.length, rows.length);
      // A row starts on the line after the previous row's last line (cells may hold line breaks).
      let line = 2;
      rows.forEach((r, i) => {
        const got = parsed.rows[i];
        assert.ok(got);
        assert.equal(got.line, line);
        line += (lines[i + 1] ?? "").split("\n").length;
        assert.equal(got.cells.pos, String(i + 1));
        assert.equal(got.cells.number, r.number.trim());
        assert.equal(got.cells.team, r.team.trim());
        assert.equal(got.cells.class, r.cls);
        assert.equal(got.cells.laps, String(r.laps));
        assert.equal(got.cells.time, formatRaceTime(r.ms));
        assert.equal(got.cells.status, r.status === "" ? "" : timingStatus(r.status));
        assert.equal(
          got.cells.drivers,
          r.drivers
            .map((x) => x.trim())
            .filter(Boolean)
            .join(";"),
        );
      });
    },
  );
}

/** Without quotes, the fast split gives exactly csv-parse's records and lines. */
export function plainSplitProperty() {
  return fc.property(
    fc.string({ unit: fc.constantFrom("a", "é", " ", ";", ",", "\t", "\r", "\n"), maxLength: 80 }),
    fc.constantFrom(";" as const, "," as const, "\t" as const),
    (text, delimiter) => {
      const viaCsvParse = readQuoted(text, "x.csv", delimiter);
      assert.ok(viaCsvParse.ok);
      assert.deepEqual([...splitPlain(text, delimiter)], [...viaCsvParse.value]);
    },
  );
}
