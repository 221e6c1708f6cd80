// exportDocument: every kind in every format, with its content type and file name; and the
// problems it reports instead of a document. Expected figures come from fixtures/alms-2003.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../season-bundle/read-season-bundle.js";
import { exportDocument, fileNamePart, formatOfExtension } from "./export-document.js";
import type { ExportErrorCode, ExportFormat, ExportInput, ExportKind } from "./export-document.js";

const root = join(import.meta.dirname, "..", "..", "..");
const published = parse(
  readFileSync(join(root, "fixtures", "alms-2003", "standings-published.csv"), "utf8"),
  { columns: true },
) as Record<string, string>[];
const winners = parse(
  readFileSync(join(root, "fixtures", "alms-2003", "class-winners.csv"), "utf8"),
  { columns: true },
) as Record<string, string>[];

let bundle: SeasonBundle;
beforeAll(() => {
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  bundle = read.value;
});
const input = (more: Partial<ExportInput> = {}): ExportInput => ({
  season: bundle.season,
  rules: bundle.rules,
  ...more,
});
const exported = (kind: ExportKind, format: ExportFormat, more: Partial<ExportInput> = {}) => {
  const r = exportDocument(kind, format, input(more));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe("exportDocument", () => {
  const gtLeader = published.find((r) => r["class"] === "GT" && r["pos"] === "1")!;

  it.each<[ExportKind, ExportFormat, Partial<ExportInput>, string, string]>([
    [
      "standings",
      "csv",
      { classId: "gt" },
      "text/csv; charset=utf-8",
      "alms-2003-standings-gt.csv",
    ],
    ["standings", "json", { classId: "GT" }, "application/json", "alms-2003-standings-gt.json"],
    [
      "standings",
      "markdown",
      { classId: "GT" },
      "text/markdown; charset=utf-8",
      "alms-2003-standings-gt.md",
    ],
    [
      "standings",
      "wikitext",
      { classId: "GT" },
      "text/plain; charset=utf-8",
      "alms-2003-standings-gt.wiki",
    ],
    [
      "standings",
      "csv",
      { championship: "teams", round: 8 },
      "text/csv; charset=utf-8",
      "alms-2003-standings-teams-after-round-8.csv",
    ],
    [
      "results",
      "csv",
      { round: 7, classId: "GTS" },
      "text/csv; charset=utf-8",
      "alms-2003-round-7-results-gts.csv",
    ],
    [
      "results",
      "wikitext",
      { round: 7 },
      "text/plain; charset=utf-8",
      "alms-2003-round-7-results.wiki",
    ],
    ["summary", "json", {}, "application/json", "alms-2003-summary.json"],
    ["summary", "markdown", {}, "text/markdown; charset=utf-8", "alms-2003-summary.md"],
  ])("%s as %s %j", (kind, format, more, contentType, fileName) => {
    const doc = exported(kind, format, more);
    expect(doc.contentType).toBe(contentType);
    expect(doc.fileName).toBe(fileName);
    expect(doc.text.endsWith("\n")).toBe(true);
  });

  it("standings CSV: the published GT leader's points per round and total", () => {
    const rows = parse(exported("standings", "csv", { classId: "GT" }).text, {
      columns: true,
    }) as Record<string, string>[];
    expect(rows).toHaveLength(published.filter((r) => r["class"] === "GT").length);
    const leader = rows.find((r) => r["team"] === gtLeader["team"])!;
    expect(leader["pos"]).toBe("1");
    expect(leader["total"]).toBe(gtLeader["total"]);
    for (let n = 1; n <= 9; n++) expect(leader[`r${n}`]).toBe(gtLeader[`r${n}`]);
  });

  it("standings JSON is the API's shape, and Markdown a table with the leader's row", () => {
    const json = JSON.parse(exported("standings", "json", { classId: "GT" }).text) as {
      tables: { class: string; rows: { competitor: { name: string }; total: string }[] }[];
    };
    expect(json.tables.map((t) => t.class)).toEqual(["GT"]);
    expect(json.tables[0]!.rows[0]).toMatchObject({
      competitor: { name: gtLeader["team"] },
      total: gtLeader["total"],
    });
    const md = exported("standings", "markdown", { classId: "GT" }).text;
    expect(md).toContain(`| GT | 1 | ${gtLeader["team"]} |`);
  });

  it("summary CSV: every class winner of class-winners.csv", () => {
    const rows = parse(exported("summary", "csv").text, { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(9);
    for (const w of winners) {
      const row = rows[Number(w["round"]) - 1]!;
      expect(row[`${w["class"]} team`]).toBe(w["team"]);
      if (row[`${w["class"]} number`] !== "") expect(row[`${w["class"]} number`]).toBe(w["number"]);
      if (w["overall_winner"] === "yes") expect(row["overall winner class"]).toBe(w["class"]);
    }
  });

  it("summary up to a round and for one class", () => {
    const json = JSON.parse(exported("summary", "json", { round: 3, classId: "GT" }).text) as {
      races: { round: number; winners: Record<string, { teamName: string }> }[];
    };
    expect(json.races.map((r) => r.round)).toEqual([1, 2, 3]);
    expect(json.races.map((r) => Object.keys(r.winners))).toEqual([["GT"], ["GT"], ["GT"]]);
  });

  it.each<[ExportKind, Partial<ExportInput>, ExportErrorCode, string]>([
    ["standings", { classId: "F1" }, "UNKNOWN_CLASS", 'class "F1" is not one of'],
    ["standings", { championship: "constructors" }, "UNKNOWN_CHAMPIONSHIP", "constructors"],
    ["standings", { classId: "LMGTP" }, "NO_STANDINGS", "no standings table for class LMGTP"],
    ["standings", { round: 12 }, "UNKNOWN_ROUND", "round 12 is not on the calendar"],
    ["results", {}, "ROUND_REQUIRED", "say which round"],
    ["results", { round: 10 }, "UNKNOWN_ROUND", "round 10"],
    ["summary", { classId: "LMGTP" }, "UNKNOWN_CLASS", "has no championship"],
  ])("%s %j: %s", (kind, more, code, message) => {
    const r = exportDocument(kind, "csv", input(more));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toContain(message);
    }
  });

  it("a round not raced has no results", () => {
    const season = {
      ...bundle.season,
      rounds: bundle.season.rounds.map((r) =>
        r.number === 9 ? { ...r, status: "scheduled" as const } : r,
      ),
    };
    const r = exportDocument("results", "markdown", { ...input(), season, round: 9 });
    expect(r.ok ? "" : r.error.code).toBe("ROUND_NOT_RACED");
  });
});

describe("file names and extensions", () => {
  it.each([
    ["GT", "gt"],
    ["Petersen/White Lightning", "petersen-white-lightning"],
    ["Trois-Rivières", "trois-rivieres"],
    ['a"b\r\nc', "a-b-c"],
    ["../../etc", "etc"],
  ])("%j -> %s", (text, part) => {
    expect(fileNamePart(text)).toBe(part);
  });

  it.each([
    ["csv", "csv"],
    ["json", "json"],
    ["md", "markdown"],
    ["wiki", "wikitext"],
    ["html", undefined],
  ])("extension %s is %s", (ext, format) => {
    expect(formatOfExtension(ext)).toBe(format);
  });
});
