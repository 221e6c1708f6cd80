// `paddock import` as a user types it, on a SQLite store in a temporary PADDOCK_DATA_DIR holding
// the Endurance Cup fixture: the dry run writes nothing, the import writes one recorded version
// with its actor, and a broken file ends with exit code 1, a message naming its line and field
// (from the fixture's expected.json), and nothing written. Runs the built CLI (npm run build).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { openStore } from "../src/store/open-store.js";
import type { SeasonChangeRecord } from "../src/store/season-store.js";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/src/cli/main.js");
const IMPORTS = join(root, "fixtures", "imports");
const SEASON = "endurance-cup-2025";
const dataDir = mkdtempSync(join(tmpdir(), "paddock-import-cli-"));
const storePath = join(dataDir, "paddock.sqlite");

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    cwd: root,
    // The test's own store, whatever the environment says.
    env: { ...process.env, PADDOCK_DATA_DIR: dataDir, DATABASE_URL: "" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** The season's version and change log as the store has them now. */
async function stored(): Promise<{ version: string; changes: SeasonChangeRecord[] }> {
  const store = await openStore({ kind: "sqlite", path: storePath });
  try {
    const season = await store.getSeason(SEASON);
    return { version: season?.version ?? "none", changes: await store.listChanges(SEASON) };
  } finally {
    await store.close();
  }
}

interface Expected {
  file: string;
  code: string;
  line: number;
  field?: string;
  round?: number;
}

// One broken file of each kind: cut short, a bad cell, a malformed JSON, a car not entered.
const BAD = ["truncated", "negative-laps", "malformed-json", "unknown-car"];
const badCases = readdirSync(join(IMPORTS, "bad"))
  .filter((name) => BAD.includes(name))
  .map((name) => {
    const expected = JSON.parse(
      readFileSync(join(IMPORTS, "bad", name, "expected.json"), "utf8"),
    ) as Expected;
    // Files that break before the season is read name their round in the file name.
    const round = expected.round ?? Number(/round-(\d+)/.exec(expected.file)?.[1] ?? 1);
    return { name, expected, round };
  });

beforeAll(async () => {
  const bundle = readSeasonBundle(join(root, "fixtures", "seasons", SEASON));
  if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
  const store = await openStore({ kind: "sqlite", path: storePath });
  try {
    await store.putSeason(
      { season: bundle.value.season, rulesDocument: bundle.value.rulesDocument },
      { actor: "test", action: "load-bundle", reason: "", summary: "fixture" },
    );
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("paddock import", () => {
  it("--help explains the command with examples", () => {
    const r = run("import", "--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: paddock import [options] <season> <file>");
    expect(r.out).toContain("--dry-run");
    expect(r.out).toContain("--mapping mapping.json");
    expect(r.out).toContain("Examples:");
  });

  it("--dry-run previews an Al Kamel file and writes nothing", async () => {
    const before = await stored();
    const r = run(
      "import",
      SEASON,
      join(IMPORTS, "round-1-alkamel.csv"),
      "--round",
      "1",
      "--dry-run",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("layout: alkamel");
    expect(r.out).toContain("encoding: utf-8-bom");
    expect(r.out).toContain("TOYOTA GAZOO RACING → Toyota Gazoo Racing (via alias)");
    expect(r.out).toContain("No problems. Nothing written");
    expect(await stored()).toEqual(before);
  });

  it("--dry-run --format json gives the preview as JSON", () => {
    const r = run(
      "import",
      SEASON,
      join(IMPORTS, "round-1-alkamel.csv"),
      "--round",
      "1",
      "--dry-run",
      "--format",
      "json",
    );
    expect(r.code).toBe(0);
    const preview = JSON.parse(r.out) as { ok: boolean; layout: string; rows: unknown[] };
    expect(preview).toMatchObject({ ok: true, layout: "alkamel" });
    expect(preview.rows.length).toBeGreaterThan(0);
  });

  it("imports the file as one recorded version with its actor", async () => {
    const before = await stored();
    const r = run("import", SEASON, join(IMPORTS, "round-1-alkamel.csv"), "--round", "1");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const after = await stored();
    expect(Number(after.version)).toBe(Number(before.version) + 1);
    expect(r.out).toMatch(
      new RegExp(
        `^round 1 race r1: \\d+ rows imported from round-1-alkamel.csv \\(alkamel, utf-8-bom\\); season now at version ${after.version}; results provisional until published\\n$`,
      ),
    );
    expect(after.changes[0]).toMatchObject({
      version: after.version,
      action: "import-results",
      actor: `cli:${userInfo().username}`,
    });
  });

  it("refuses a file with warnings until --accept-warnings, and refuses an empty one outright", async () => {
    const good = readFileSync(join(IMPORTS, "round-1-alkamel.csv"), "utf8");
    const warned = join(dataDir, "round-1-alkamel.csv");
    // P3 finishes the same 201 laps faster than P2.
    writeFileSync(warned, good.replace("6:01'22.971", "6:00'59.000"));
    const before = await stored();
    const dry = run("import", SEASON, warned, "--round", "1", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("warning round-1-alkamel.csv:4 [TOTAL_TIME]: TIME_OUT_OF_ORDER");
    const refused = run("import", SEASON, warned, "--round", "1");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("--accept-warnings");
    expect(refused.err).toContain("round-1-alkamel.csv:4 [TOTAL_TIME]: TIME_OUT_OF_ORDER");
    expect(await stored()).toEqual(before);

    const empty = join(dataDir, "empty.csv");
    writeFileSync(empty, `${good.split("\r\n")[0]}\r\n`);
    const refusedEmpty = run("import", SEASON, empty, "--round", "1", "--accept-warnings");
    expect(refusedEmpty.code).toBe(1);
    expect(refusedEmpty.err).toContain("empty.csv:2: EMPTY_FILE");
    expect(await stored()).toEqual(before);

    const accepted = run("import", SEASON, warned, "--round", "1", "--accept-warnings");
    expect(accepted.err).toBe("");
    expect(accepted.code).toBe(0);
    const after = await stored();
    expect(after.changes[0]?.summary).toContain("warnings accepted: TIME_OUT_OF_ORDER line 4");
    expect(run("import", "--help").out).toContain("--accept-warnings");
  });

  it("records --as and --reason", async () => {
    const before = await stored();
    const r = run(
      "import",
      SEASON,
      join(IMPORTS, "round-2-imsa.csv"),
      "--round",
      "2",
      "--as",
      "steward-jane",
      "--reason",
      "provisional classification",
    );
    expect(r.code).toBe(0);
    const after = await stored();
    expect(Number(after.version)).toBe(Number(before.version) + 1);
    expect(after.changes[0]).toMatchObject({
      action: "import-results",
      actor: "steward-jane",
      reason: "provisional classification",
    });
  });

  it.each(badCases)(
    "refuses the broken file $name with its line and field, writing nothing",
    async ({ name, expected, round }) => {
      const before = await stored();
      const r = run(
        "import",
        SEASON,
        join(IMPORTS, "bad", name, expected.file),
        "--round",
        String(round),
      );
      expect(r.code).toBe(1);
      const where = `${expected.file}:${expected.line}${expected.field ? ` [${expected.field}]` : ""}: ${expected.code}`;
      expect(r.err).toContain(where);
      expect(r.err).toContain("nothing written");
      expect(await stored()).toEqual(before);
    },
  );

  it("says which seasons the store has when it lacks the one named", () => {
    const r = run("import", "no-such-season", join(IMPORTS, "round-1-alkamel.csv"), "--round", "1");
    expect(r.code).toBe(1);
    expect(r.err).toContain('has no season "no-such-season"');
    expect(r.err).toContain(SEASON);
  });

  // Last: it adds cars to the season the other cases import into.
  it("--add-unknown adds the cars, teams and drivers a file introduces, with its results, in one version", async () => {
    const dir = join(IMPORTS, "unknown-cars");
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as {
      file: string;
      rows: number;
      count: number;
      summary: string;
      withoutAdding: { code: string; line: number; field: string }[];
    };
    const file = join(dir, expected.file);
    const before = await stored();

    const dry = run("import", SEASON, file, "--round", "1", "--dry-run");
    expect(dry.code).toBe(1);
    expect(dry.out).toContain(
      `this file introduces (add them with --add-unknown): ${expected.summary}`,
    );
    for (const p of expected.withoutAdding)
      expect(dry.out).toContain(`${expected.file}:${p.line} [${p.field}]: ${p.code}`);

    const refused = run("import", SEASON, file, "--round", "1");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("--add-unknown");
    expect(refused.err).toContain("nothing written");
    expect(await stored()).toEqual(before);

    const dryAdding = run("import", SEASON, file, "--round", "1", "--dry-run", "--add-unknown");
    expect(dryAdding.code).toBe(0);
    expect(dryAdding.out).toContain(`this file adds: ${expected.summary}`);
    expect(dryAdding.out).toContain("run again without --dry-run (keeping --add-unknown)");
    expect(await stored()).toEqual(before);

    const done = run("import", SEASON, file, "--round", "1", "--add-unknown");
    expect(done.err).toBe("");
    expect(done.code).toBe(0);
    expect(done.out).toContain(`; added ${expected.summary}; season now at version`);
    const after = await stored();
    expect(Number(after.version)).toBe(Number(before.version) + 1);
    expect(after.changes).toHaveLength(before.changes.length + 1);
    expect(after.changes[0]?.action).toBe("import-results");
    expect(after.changes[0]?.summary).toContain(
      `${expected.rows} result rows from ${expected.file}, added ${expected.summary} (alkamel, utf-8)`,
    );
    expect(run("import", "--help").out).toContain("--add-unknown");
  });
});
