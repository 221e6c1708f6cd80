// The import workers answer exactly what the use cases answer on this thread: the same preview
// (as JSON, for each of the fixture files, the season sent once and then reused), the same parse
// (its rows back in slices), the same expected failures; with a shared store, the same commit
// (written through the worker's own connection) and failures.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "./formats/season-bundle/read-season-bundle.js";
import { ImportWorkers } from "./import-pool.js";
import { previewEntryList } from "./service/entry-list-import.js";
import { RaceControl } from "./service/race-control.js";
import type { ChangeRequest } from "./service/race-control.js";
import { commitImport, parseRequest, previewImport } from "./service/result-import.js";
import type { ImportRequest } from "./service/result-import.js";
import { NotFoundError } from "./service/service-errors.js";
import { MemoryStore } from "./store/memory-store.js";
import type { VersionedSeason } from "./store/season-store.js";
import { SqlStore } from "./store/sql/sql-store.js";
import { sqliteDialect } from "./store/sql/sqlite-dialect.js";

const ROOT = join(import.meta.dirname, "..");
const IMPORTS = join(ROOT, "fixtures", "imports");

let workers: ImportWorkers;
let control: RaceControl;
let current: VersionedSeason;

beforeAll(async () => {
  const read = readSeasonBundle(join(ROOT, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  const store = new MemoryStore();
  await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
  control = new RaceControl(store);
  current = await control.current("alms-2003");
  workers = new ImportWorkers({ size: 1 });
});

afterAll(() => workers.close());

const file = (name: string) => new Uint8Array(readFileSync(join(IMPORTS, name)));
const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString("utf8")) as unknown;
const race = () => current.season.rounds[0]?.races[0]?.id ?? "";

describe("ImportWorkers", () => {
  it("previews as previewImport does, for every fixture layout", async () => {
    for (const [name, layout] of [
      ["round-1-alkamel.csv", "auto"],
      ["round-1-alkamel.utf16le.csv", "auto"],
      ["round-2-imsa.csv", "auto"],
      ["round-4.json", "auto"],
    ] as const) {
      const request: ImportRequest = { raceId: race(), bytes: file(name), file: name, layout };
      const here = await previewImport(control, "alms-2003", request);
      const there = await workers.previewResults(current, request, { as: "json" });
      expect(there.ok).toBe(here.ok);
      expect(json(there.body)).toEqual(json(new TextEncoder().encode(JSON.stringify(here))));
    }
  });

  it("parses as parseRequest does, the rows back in slices", async () => {
    const big = readFileSync(join(IMPORTS, "round-1-alkamel.csv"), "utf8").split(/\r?\n/);
    // The fixture's rows many times over: more rows than one slice holds.
    const rows = big.slice(1).filter((l) => l !== "");
    const text = [big[0], ...Array.from({ length: 5000 }, (_, i) => rows[i % rows.length])].join(
      "\n",
    );
    const request: ImportRequest = {
      raceId: race(),
      bytes: new TextEncoder().encode(text),
      file: "many.csv",
      layout: "auto",
    };
    const parsed = await workers.parseResults(request);
    expect(parsed).toEqual(parseRequest(request));
    if (!parsed.ok) throw new Error("the file does not parse");
    expect(parsed.value.rows.length).toBe(5000);
    const broken = { ...request, bytes: new Uint8Array([0, 1, 2, 0xff]), file: "broken.csv" };
    expect(await workers.parseResults(broken)).toEqual(parseRequest(broken));
  });

  it("previews an entry list as previewEntryList does", async () => {
    const request = {
      bytes: new TextEncoder().encode(
        "number,class,team,chassis,engine,tyre,manufacturer,drivers\n99,GT,New Team,Porsche 911,F6,M,Porsche,Ann Driver\n",
      ),
      file: "entries.csv",
    };
    const here = await previewEntryList(control, "alms-2003", request);
    const there = await workers.previewEntryList(current, request, { as: "json" });
    expect(json(there.body)).toEqual(json(new TextEncoder().encode(JSON.stringify(here))));
  });

  it("throws the use case's expected failures again on this thread", async () => {
    const request: ImportRequest = {
      raceId: "no-such-race",
      bytes: file("round-4.json"),
      file: "x",
    };
    await expect(workers.previewResults(current, request, { as: "json" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // The worker is still there for the next task.
    const ok = { ...request, raceId: race() };
    expect((await workers.previewResults(current, ok, { as: "json" })).body.length).toBeGreaterThan(
      0,
    );
    expect(workers.pending).toBe(0);
  });
});

describe("ImportWorkers with a shared store: imports committed on a worker", () => {
  const CUP = join(ROOT, "fixtures", "seasons", "endurance-cup-2025");
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "paddock-pool-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The cup in a new SQLite file and in a memory store: the worker's write and this thread's. */
  async function stores(name: string) {
    const read = readSeasonBundle(CUP);
    if (!read.ok) throw new Error("endurance-cup-2025 does not validate");
    const stored = { season: read.value.season, rulesDocument: read.value.rulesDocument };
    const path = join(dir, `${name}.sqlite`);
    const sql = await SqlStore.open(sqliteDialect(path));
    await sql.putSeason(stored);
    const memory = new MemoryStore();
    await memory.putSeason(stored);
    return { path, sql, memory };
  }

  const outcomeOf = (p: Promise<unknown>) =>
    p.then(
      () => ({ ok: true }),
      (e: unknown) => ({
        ok: false,
        name: (e as Error).name,
        message: (e as Error).message,
        problems: (e as { problems?: unknown }).problems,
      }),
    );

  it("writes what commitImport writes here, and fails as it fails, error classes kept", async () => {
    const { path, sql, memory } = await stores("commit");
    const pool = new ImportWorkers({ size: 1, store: { kind: "sqlite", path } });
    const told: string[] = [];
    const control = new RaceControl(sql, { onChange: (id) => told.push(id) });
    const here = new RaceControl(memory);
    const season = await here.current("endurance-cup-2025");
    const raceOf = (round: number) =>
      season.season.rounds.find((r) => r.number === round)?.races[0]?.id ?? "";
    const cases: { name: string; request: ImportRequest; change: ChangeRequest }[] = [
      {
        name: "unknown car",
        request: {
          raceId: raceOf(1),
          bytes: new Uint8Array(
            readFileSync(join(IMPORTS, "bad", "unknown-car", "round-1-alkamel.csv")),
          ),
          file: "round-1-alkamel.csv",
        },
        change: {},
      },
      {
        name: "duplicate position",
        request: {
          raceId: raceOf(2),
          bytes: new Uint8Array(
            readFileSync(join(IMPORTS, "bad", "duplicate-positions", "round-2-imsa.csv")),
          ),
          file: "round-2-imsa.csv",
        },
        change: {},
      },
      {
        name: "no such race",
        request: { raceId: "nowhere", bytes: file("round-4.json"), file: "round-4.json" },
        change: {},
      },
      {
        name: "stale version",
        request: { raceId: raceOf(4), bytes: file("round-4.json"), file: "round-4.json" },
        change: { expectedVersion: "7" },
      },
      {
        name: "a good file",
        request: {
          raceId: raceOf(1),
          bytes: file("round-1-alkamel.csv"),
          file: "round-1-alkamel.csv",
          acceptWarnings: true,
        },
        change: { reason: "round 1 official" },
      },
    ];
    try {
      for (const c of cases) {
        const expected = await outcomeOf(
          commitImport(here, { username: "sam" }, "endurance-cup-2025", c.request, c.change),
        );
        const got = await outcomeOf(
          pool.commitResults(
            control,
            { username: "sam" },
            "endurance-cup-2025",
            c.request,
            c.change,
          ),
        );
        expect({ case: c.name, ...got }).toEqual({ case: c.name, ...expected });
      }
      // The write is the worker's, through its own connection; this thread's reads see it.
      expect(told).toEqual(["endurance-cup-2025"]);
      expect((await sql.getSeason("endurance-cup-2025"))?.season).toStrictEqual(
        (await memory.getSeason("endurance-cup-2025"))?.season,
      );
      expect((await sql.listChanges("endurance-cup-2025"))[0]).toMatchObject({
        actor: "sam",
        action: "import-results",
        reason: "round 1 official",
      });
    } finally {
      await pool.close();
      await sql.close();
    }
  });

  it("refuses a task when too many wait (BusyError: 503 with Retry-After), nothing read", async () => {
    const { path, sql } = await stores("busy");
    const pool = new ImportWorkers({ size: 1, maxWaiting: 1, store: { kind: "sqlite", path } });
    const control = new RaceControl(sql);
    const request: ImportRequest = {
      raceId: "nowhere",
      bytes: file("round-4.json"),
      file: "round-4.json",
    };
    try {
      const tasks = [1, 2, 3].map(() =>
        outcomeOf(
          pool.commitResults(control, { username: "sam" }, "endurance-cup-2025", request, {}),
        ),
      );
      const [running, waiting, refused] = await Promise.all(tasks);
      // An unknown race: the season's answer, from the worker, for the two let in.
      expect(running).toMatchObject({ ok: false, name: "ProblemsError" });
      expect(waiting).toMatchObject({ ok: false, name: "ProblemsError" });
      expect(refused).toMatchObject({ ok: false, name: "BusyError" });
      expect(pool.pending).toBe(0);
    } finally {
      await pool.close();
      await sql.close();
    }
  });
});
