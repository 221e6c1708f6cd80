// Every published table of fixtures/rules-history reproduced through a season bundle: the case's
// season and rules written as a bundle (season.json, rules.json, the CSV files), read back as a
// user's bundle is read, and its standings compared with the published table. So the bundle's
// files express every fact the published seasons need (shared cars, stated splits, fastest-lap
// drivers, results declared ineligible, disqualifications, sprints, scheduled laps).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { historyCases, publishedDifferences } from "../../../test/support/published-tables.js";
import { computeStandings } from "../../core/compute-standings.js";
import { makeSeason } from "../../core/testing/season-builder.js";
import { readSeasonBundle } from "./read-season-bundle.js";
import { writeSeasonBundle } from "./write-season-bundle.js";

const tmp = mkdtempSync(join(tmpdir(), "paddock-history-bundles-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("published tables reproduced from season bundles", () => {
  it.each(historyCases())("%s, written as a bundle and read back", (file, c) => {
    const dir = join(tmp, file.replace(/[/.]/g, "-"));
    const written = writeSeasonBundle(dir, makeSeason(c.season), c.rules);
    if (!written.ok) throw new Error(JSON.stringify(written.error.slice(0, 5), null, 2));
    const read = readSeasonBundle(dir);
    if (!read.ok) throw new Error(JSON.stringify(read.error.slice(0, 5), null, 2));
    const standings = computeStandings(read.value.season, read.value.rules);
    expect(publishedDifferences(standings, c)).toEqual([]);
  });
});
