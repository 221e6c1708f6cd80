// The import workers answer exactly what the use cases answer on this thread: the same preview
// (as JSON, for each of the fixture files, the season sent once and then reused), the same parse
// (its rows back in slices), the same expected failures.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "./formats/season-bundle/read-season-bundle.js";
import { ImportWorkers } from "./import-pool.js";
import { previewEntryList } from "./service/entry-list-import.js";
import { RaceControl } from "./service/race-control.js";
import { parseRequest, previewImport } from "./service/result-import.js";
import type { ImportRequest } from "./service/result-import.js";
import { NotFoundError } from "./service/service-errors.js";
import { MemoryStore } from "./store/memory-store.js";
import type { VersionedSeason } from "./store/season-store.js";

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
