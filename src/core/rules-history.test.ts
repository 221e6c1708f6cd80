// Published championship tables reproduced from rules written as data: each case under
// fixtures/rules-history/<name>/ holds a rules document, the result rows that matter and the
// standings as published (the source is cited in the case and in the folder's README). The
// expected values come from those files only (test/support/published-tables.ts).
import { describe, expect, it } from "vitest";
import { historyCases, publishedDifferences } from "../../test/support/published-tables.js";
import { computeStandings } from "./compute-standings.js";
import { rulesFromInput } from "./points-rules.js";
import { makeSeason } from "./testing/season-builder.js";

describe("published tables reproduced from rules as data (fixtures/rules-history)", () => {
  it.each(historyCases())("%s", (_file, c) => {
    expect(c.sources.length, "a case cites its source").toBeGreaterThan(0);
    const rules = rulesFromInput(c.rules);
    if (!rules.ok) throw new Error(JSON.stringify(rules.error));
    const standings = computeStandings(makeSeason(c.season), rules.value);
    expect(publishedDifferences(standings, c)).toEqual([]);
  });
});
