// Published championship tables reproduced from rules written as data: each case under
// fixtures/rules-history/<name>/ holds a rules document, the result rows that matter and the
// standings as published (the source is cited in the case and in the folder's README). The
// expected values come from those files only (test/support/published-tables.ts).
import { describe, expect, it } from "vitest";
import type { RulesDocumentInput } from "./points-rules.js";
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

/**
 * docs/points-rules.md, "Formula One, season by season": the ties and rows listed of f1db's
 * drivers' tables, by year. Applied to every whole season whatever its case file says, so the docs'
 * recipe is held to every published table.
 */
function f1dbTies(year: number): Partial<RulesDocumentInput["championships"][number]> {
  if (year >= 2003) return { tieBreaks: [{ rule: "countback", over: "classified" }] };
  return {
    tieBreaks: [
      { rule: "countback", over: year === 1995 ? "classified" : "scoring" },
      ...(year === 1998 || year === 1999 ? (["earliestResults"] as const) : []),
    ],
    levelRows: "previousRound",
    listed: "scorers",
  };
}

describe("the docs' recipe for Formula One's ties and rows listed, on every season's table", () => {
  const seasons = historyCases().filter(([file]) =>
    /^f1-\d{4}(-season\/whole-season|\/)/.test(file),
  );
  it("finds the seasons", () => expect(seasons.length).toBeGreaterThanOrEqual(60));
  it.each(seasons)("%s", (file, c) => {
    const doc = c.rules as RulesDocumentInput;
    const year = Number(file.slice(3, 7));
    const rules = rulesFromInput({
      ...doc,
      championships: doc.championships.map((ch) =>
        ch.kind === "drivers" ? { ...ch, ...f1dbTies(year) } : ch,
      ),
    });
    if (!rules.ok) throw new Error(JSON.stringify(rules.error));
    expect(publishedDifferences(computeStandings(makeSeason(c.season), rules.value), c)).toEqual(
      [],
    );
  });
});
