// A season's whole way round: bundle -> SQLite store -> bundle. The 2003 ALMS season read from
// data/, put into a SQLite file and read back, written as a new bundle and read again is the same
// season with the same standings. Source references (file and line) are left out of the
// comparison: after the rewrite they point into the new files, as they should.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { computeStandings } from "../core/compute-standings.js";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import {
  withoutSources,
  withoutTrailLines,
} from "../formats/season-bundle/testing/without-sources.js";
import { writeSeasonBundle } from "../formats/season-bundle/write-season-bundle.js";
import { openStore } from "./open-store.js";

const tmp = mkdtempSync(join(tmpdir(), "paddock-round-trip-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("ALMS 2003: bundle -> SQLite -> bundle gives the same season and standings", async () => {
  const original = readSeasonBundle(join(import.meta.dirname, "..", "..", "data", "alms-2003"));
  if (!original.ok) throw new Error(JSON.stringify(original.error.slice(0, 3)));
  const { season, rules, rulesDocument } = original.value;

  const store = await openStore({ kind: "sqlite", path: join(tmp, "paddock.sqlite") });
  let loaded;
  try {
    await store.putSeason({ season, rulesDocument });
    loaded = await store.getSeason(season.id);
  } finally {
    await store.close();
  }
  if (!loaded) throw new Error("the season did not come back");
  expect(loaded.season).toStrictEqual(season); // through the store, sources included

  const dir = join(tmp, "bundle");
  const written = writeSeasonBundle(dir, loaded.season, loaded.rulesDocument);
  expect(written.ok ? [] : written.error).toEqual([]);
  const again = readSeasonBundle(dir);
  if (!again.ok) throw new Error(JSON.stringify(again.error.slice(0, 3)));

  expect(withoutSources(again.value.season)).toStrictEqual(withoutSources(season));
  expect(again.value.rulesDocument).toStrictEqual(rulesDocument);
  expect(withoutTrailLines(computeStandings(again.value.season, again.value.rules))).toStrictEqual(
    withoutTrailLines(computeStandings(season, rules)),
  );
});
