// Importing a race reads only its new rows against the season as stored (seasonWithRaceResults);
// it must give exactly what rebuilding the whole season from its input gives: the same season
// for every race of the shipped and fixture seasons, and the same problems for broken rows.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceRaceResults, validateSeasonInput } from "../core/season-edits.js";
import { seasonWithRaceResults } from "../core/season-from-input.js";
import type { RowInput } from "../core/season-input.js";
import type { Season } from "../core/season.js";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import { seasonToInput } from "../formats/season-bundle/season-to-input.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SEASONS = [
  join(ROOT, "data", "alms-2003"),
  join(ROOT, "fixtures", "seasons", "endurance-cup-2025"),
  join(ROOT, "fixtures", "seasons", "sprint-cup-2024"),
];

function read(dir: string) {
  const bundle = readSeasonBundle(dir);
  if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
  const input = seasonToInput(bundle.value.season);
  if (!input.ok) throw new Error(JSON.stringify(input.error));
  return { ...bundle.value, input: input.value };
}

/** The slow path: the whole season rebuilt from its input with the race replaced. */
function rebuilt(
  input: ReturnType<typeof read>["input"],
  rulesDocument: unknown,
  raceId: string,
  rows: readonly RowInput[],
): { season: Season } | { problems: unknown } {
  const edited = replaceRaceResults(input, raceId, rows);
  if (!edited.ok) return { problems: edited.error };
  const valid = validateSeasonInput(edited.value, rulesDocument);
  return valid.ok ? { season: valid.value.season } : { problems: valid.error };
}

describe.each(SEASONS)("one race's classification replaced in %s", (dir) => {
  const bundle = read(dir);
  const races = bundle.input.results.filter((r) => r.rows.length > 0);

  it.each(races.map((r) => [r.raceId, r.rows] as const))(
    "race %s: the same season as a whole rebuild",
    (raceId, rows) => {
      const fast = seasonWithRaceResults(bundle.season, raceId, rows);
      const slow = rebuilt(bundle.input, bundle.rulesDocument, raceId, rows);
      expect(fast.ok ? { season: fast.value } : { problems: fast.error }).toStrictEqual(slow);
    },
  );

  it("the same problems as a whole rebuild for rows that are wrong", () => {
    const race = races[0];
    if (!race) return;
    const [first, second] = race.rows;
    const broken: RowInput[] = [
      { ...first!, cells: { ...first!.cells, number: "999", drivers: "Nobody Known" } },
      { ...second!, cells: { ...second!.cells, pos: first!.cells.pos ?? "1", status: "flying" } },
      ...race.rows.slice(2),
    ];
    const fast = seasonWithRaceResults(bundle.season, race.raceId, broken);
    const slow = rebuilt(bundle.input, bundle.rulesDocument, race.raceId, broken);
    expect(fast.ok).toBe(false);
    expect(fast.ok ? {} : { problems: fast.error }).toStrictEqual(slow);
  });
});
