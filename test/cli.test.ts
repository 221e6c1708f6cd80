// The command line as a user types it: every command has --help, every listing every format, and
// bad input ends with exit code 1 and a message that names the file, line and field.
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/src/cli/main.js");
const NO_STORE = join(tmpdir(), `paddock-no-store-${process.pid}`);
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    cwd: root,
    // No store (a folder that does not exist; a read never creates it): seasons come from data/.
    env: { ...process.env, PADDOCK_DATA_DIR: NO_STORE, DATABASE_URL: "" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe("paddock CLI", () => {
  it.each([
    "standings",
    "results",
    "explain",
    "scenarios",
    "calendar",
    "entries",
    "validate",
    "schema",
  ])("%s --help", (cmd) => {
    const r = run(cmd, "--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: paddock ${cmd}`);
  });

  it.each(["table", "csv", "markdown", "json"])("standings in %s", (format) => {
    const r = run("standings", "alms-2003", "--class", "GTS", "--format", format);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Corvette Racing");
    if (format === "json")
      expect((JSON.parse(r.out) as { tables: unknown[] }).tables).toHaveLength(1);
    if (format === "csv") expect(parse(r.out, { columns: true })).toHaveLength(5);
    if (format === "markdown") expect(r.out).toContain("| GTS | 1 | Corvette Racing |");
  });

  it("standings after a round", () => {
    const r = run(
      "standings",
      "alms-2003",
      "--class",
      "GT",
      "--after-round",
      "8",
      "--format",
      "csv",
    );
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ team: "Alex Job Racing", total: "156" });
    expect(Object.keys(rows[0]!)).not.toContain("r9");
  });

  it("results show the class order after the Laguna Seca disqualification", () => {
    const r = run("results", "alms-2003", "--round", "7", "--class", "GTS", "--format", "csv");
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x["number"], x["class pos"], x["status"]])).toEqual([
      ["80", "1", "classified"],
      ["3", "2", "classified"],
      ["4", "3", "classified"],
      ["0", "4", "classified"],
      ["71", "5", "classified"],
      ["88", "", "dsq"],
    ]);
  });

  it("explain says why Bentley's second car scored nothing at Sebring", () => {
    const r = run(
      "explain",
      "alms-2003",
      "--round",
      "1",
      "--team",
      "Team Bentley",
      "--format",
      "csv",
    );
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x["car"], x["outcome"], x["rule"], x["points"]])).toEqual([
      ["8", "awarded", "SCALE", "19"],
      ["7", "withheld", "NOT_COUNTING_CAR", "16"],
    ]);
  });

  it("the calendar shows the cancelled Grand Prix of Mexico", () => {
    const r = run("calendar", "alms-2003", "--format", "csv");
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10);
    expect(rows.find((x) => x["event"] === "Grand Prix of Mexico")).toMatchObject({
      round: "",
      status: "cancelled",
    });
  });

  it("entries list drivers with their rounds", () => {
    const r = run("entries", "alms-2003", "--class", "GT", "--format", "csv");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Lucas Lühr");
  });

  it("scenarios name the champions already decided after round 8", () => {
    const r = run("scenarios", "alms-2003", "--after-round", "8", "--format", "json");
    const json = JSON.parse(r.out) as { classId: string; clinched: boolean }[];
    expect(json.filter((x) => x.clinched).map((x) => x.classId)).toEqual(["LMP675", "GT"]);
  });

  it("a bad bundle: exit 1, every problem with file, line and field", () => {
    const r = run("validate", "fixtures/bundles/bad/unknown-car");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/results\/round-1\.csv:3 \[number\]: UNKNOWN_CAR/);
  });

  it("an unknown season says which seasons exist", () => {
    const r = run("standings", "alms-1999");
    expect(r.code).toBe(1);
    expect(r.err).toContain("alms-2003");
  });

  it("an unknown class says which classes exist", () => {
    const r = run("standings", "alms-2003", "--class", "LMP1");
    expect(r.code).toBe(1);
    expect(r.err).toContain("LMP900, LMP675, GTS, GT");
  });

  it("schema prints the rules JSON Schema", () => {
    const r = run("schema", "rules");
    expect((JSON.parse(r.out) as { properties: object }).properties).toHaveProperty(
      "championships",
    );
  });
});
