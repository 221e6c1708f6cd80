// `paddock export` as a user types it: every kind in every format, to stdout or a file, and bad
// input ending with exit code 1 and a message that says what is wrong (file, line and field for
// a bad bundle). Expected figures come from fixtures/alms-2003.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";

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
const published = parse(
  readFileSync(join(root, "fixtures", "alms-2003", "standings-published.csv"), "utf8"),
  { columns: true },
) as Record<string, string>[];
const gtsLeader = published.find((r) => r["class"] === "GTS" && r["pos"] === "1")!;
const out = mkdtempSync(join(tmpdir(), "paddock-export-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("paddock export", () => {
  it("--help explains the command with examples", () => {
    const r = run("export", "--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: paddock export [options] <season> <what>");
    expect(r.out).toContain("--format <format>");
    expect(r.out).toContain("Examples:");
    expect(r.out).toContain("paddock export alms-2003 standings --class GT --format wikitext");
  });

  it.each([
    ["standings", [], "markdown", `| GTS | 1 | ${gtsLeader["team"]} |`],
    [
      "standings",
      ["--format", "wikitext"],
      "wikitext",
      `| style="text-align:left" | ${gtsLeader["team"]}`,
    ],
    ["standings", ["--format", "csv"], "csv", `GTS,1,${gtsLeader["team"]},`],
    ["standings", ["--format", "json"], "json", `"name": "${gtsLeader["team"]}"`],
    [
      "results",
      ["--round", "7", "--format", "wikitext"],
      "wikitext",
      '|- style="font-weight:bold"',
    ],
    ["results", ["--round", "7", "--format", "csv"], "csv", "pos,class,class pos"],
    ["summary", ["--format", "markdown"], "markdown", "GTS winner"],
    ["summary", ["--format", "json"], "json", '"GTS": {'],
  ])("%s %j is %s", (what, args, format, expected) => {
    const r = run("export", "alms-2003", what, "--class", "GTS", ...args);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(expected);
    if (format === "json") expect(() => JSON.parse(r.out) as unknown).not.toThrow();
    if (format === "csv") expect(parse(r.out, { columns: true }).length).toBeGreaterThan(0);
  });

  it("--output writes the file; a folder gets the document's own name", () => {
    const file = join(out, "gt.wiki");
    const r = run(
      "export",
      "alms-2003",
      "standings",
      "--class",
      "GT",
      "-f",
      "wikitext",
      "-o",
      file,
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(readFileSync(file, "utf8")).toContain("|+ 2003 American Le Mans Series");

    const again = run("export", "alms-2003", "summary", "--format", "csv", "--output", out);
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, "alms-2003-summary.csv"), "utf8")).toContain("GT team");
  });

  it("--round on standings gives them as they stood after that round", () => {
    const r = run("export", "alms-2003", "standings", "--class", "GT", "--round", "8", "-f", "csv");
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).not.toContain("r9");
  });

  it.each([
    [["results"], "say which round's results to export: --round <n>"],
    [["results", "--round", "12"], "round 12 is not on the calendar"],
    [["standings", "--class", "LMP1"], "LMP900, LMP675, GTS, GT"],
    [["standings", "--championship", "drivers"], 'championship "drivers" is not one of teams'],
    [["standings", "--format", "html"], "Allowed choices are csv, json, markdown, wikitext"],
    [["podium"], "Allowed choices are standings, results, summary"],
    [["standings", "--round", "x"], "--round must be a whole number"],
  ])("%j: exit 1 and says why", (args, message) => {
    const r = run("export", "alms-2003", ...args);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(message);
  });

  it("a bad bundle: exit 1, the problem with its file, line and field", () => {
    const r = run("export", "fixtures/bundles/bad/unknown-car", "standings");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/results\/round-1\.csv:3 \[number\]: UNKNOWN_CAR/);
  });

  it("an unwritable --output: exit 1 and names the file", () => {
    const r = run("export", "alms-2003", "summary", "-o", join(out, "missing", "dir", "x.md"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("cannot write");
  });
});
