// Corrections race control makes to a season's setup: an entry edited or removed, a line-up
// removed, a team, class or race removed. Like season-edits.ts, each returns new raw input and
// the whole season is validated again afterwards. What other records still point at is refused
// with a problem naming them, so a correction never leaves results without their car.
import { problem } from "./problems.js";
import type { Problem } from "./problems.js";
import { err, ok } from "./result.js";
import type { Result } from "./result.js";
import { rowOf } from "./season-edits.js";
import type { SeasonInput } from "./season-input.js";
import type { Season } from "./season.js";

const inUse = (what: string, by: string, field: string): Problem =>
  problem("IN_USE", `${what} is still used by ${by}: change or remove those first`, { field });

const listed = (items: readonly string[]) =>
  items.length > 5
    ? `${items.slice(0, 5).join(", ")} and ${items.length - 5} more`
    : items.join(", ");

type Unknown =
  "UNKNOWN_ENTRY" | "UNKNOWN_DRIVER" | "UNKNOWN_TEAM" | "UNKNOWN_CLASS" | "UNKNOWN_RACE";
const notFound = (code: Unknown, what: string, field: string): Problem =>
  problem(code, `${what} is not in this season`, { field });

/** An entry's cells replaced by `cells` (columns left out keep their value; the id stays). */
export function editEntry(
  input: SeasonInput,
  entryId: string,
  cells: Readonly<Record<string, string>>,
): Result<SeasonInput, Problem[]> {
  const at = input.entries.findIndex((e) => e.cells.id === entryId);
  const old = input.entries[at];
  if (!old) return err([notFound("UNKNOWN_ENTRY", `entry "${entryId}"`, "entry")]);
  const row = rowOf("entries", { ...old.cells, ...cells, id: entryId }, old.file, old.line);
  if (!row.ok) return row;
  const entries = input.entries.map((e, i) => (i === at ? row.value : e));
  return ok({ ...input, entries });
}

/** An entry removed with its line-ups; refused while results of `season` (validated) name it. */
export function removeEntry(
  input: SeasonInput,
  season: Season,
  entryId: string,
): Result<SeasonInput, Problem[]> {
  const entry = input.entries.find((e) => e.cells.id === entryId);
  if (!entry) return err([notFound("UNKNOWN_ENTRY", `entry "${entryId}"`, "entry")]);
  const races = [
    ...new Set(season.results.filter((r) => r.entryId === entryId).map((r) => r.raceId)),
  ];
  if (races.length > 0)
    return err([inUse(`entry "${entryId}"`, `the results of race ${listed(races)}`, "entry")]);
  return ok({
    ...input,
    entries: input.entries.filter((e) => e !== entry),
    drivers: input.drivers.filter((d) => d.cells.entry !== entryId),
  });
}

/** One driver's line-up in one entry removed. */
export function removeLineup(
  input: SeasonInput,
  entryId: string,
  driver: string,
): Result<SeasonInput, Problem[]> {
  const key = driver.trim().toLowerCase();
  const drivers = input.drivers.filter(
    (d) => !(d.cells.entry === entryId && (d.cells.driver ?? "").trim().toLowerCase() === key),
  );
  if (drivers.length === input.drivers.length)
    return err([notFound("UNKNOWN_DRIVER", `driver "${driver}" in entry "${entryId}"`, "driver")]);
  return ok({ ...input, drivers });
}

/** A team removed; refused while entries or decisions name it. */
export function removeTeam(input: SeasonInput, teamId: string): Result<SeasonInput, Problem[]> {
  const team = input.season.teams.find((t) => t.id === teamId);
  if (!team) return err([notFound("UNKNOWN_TEAM", `team "${teamId}"`, "team")]);
  const names = new Set([team.id, team.name, ...(team.aliases ?? [])].map((n) => n.toLowerCase()));
  const named = (text: string | undefined) => names.has((text ?? "").trim().toLowerCase());
  const entries = input.entries.filter((e) => named(e.cells.team)).map((e) => e.cells.id ?? "");
  if (entries.length > 0)
    return err([inUse(`team "${teamId}"`, `entries ${listed(entries)}`, "team")]);
  const decisions = input.decisions.filter((d) => named(d.cells.team)).map((d) => d.cells.id ?? "");
  if (decisions.length > 0)
    return err([inUse(`team "${teamId}"`, `decisions ${listed(decisions)}`, "team")]);
  return ok({
    ...input,
    season: { ...input.season, teams: input.season.teams.filter((t) => t !== team) },
  });
}

/** A class removed; refused while entries or results race in it. */
export function removeClass(input: SeasonInput, classId: string): Result<SeasonInput, Problem[]> {
  const same = (text: string | undefined) =>
    (text ?? "").trim().toLowerCase() === classId.toLowerCase();
  if (!input.season.classes.some((k) => k.id === classId))
    return err([notFound("UNKNOWN_CLASS", `class "${classId}"`, "class")]);
  const entries = input.entries.filter((e) => same(e.cells.class)).map((e) => e.cells.id ?? "");
  if (entries.length > 0)
    return err([inUse(`class "${classId}"`, `entries ${listed(entries)}`, "class")]);
  const races = input.results
    .filter((r) => r.rows.some((row) => same(row.cells.class)))
    .map((r) => r.raceId);
  if (races.length > 0)
    return err([inUse(`class "${classId}"`, `the results of race ${listed(races)}`, "class")]);
  return ok({
    ...input,
    season: {
      ...input.season,
      classes: input.season.classes.filter((k) => k.id !== classId),
    },
  });
}

/** A race taken off its round with its classification (the history keeps both readable). */
export function removeRace(input: SeasonInput, raceId: string): Result<SeasonInput, Problem[]> {
  let found = false;
  const rounds = input.season.rounds.map((round) => {
    const races = round.races ?? [];
    if (!races.some((r) => r.id === raceId)) return round;
    found = true;
    return { ...round, races: races.filter((r) => r.id !== raceId) };
  });
  if (!found) return err([notFound("UNKNOWN_RACE", `race "${raceId}"`, "race")]);
  const decisions = input.decisions
    .filter((d) => d.cells.race === raceId)
    .map((d) => d.cells.id ?? "");
  if (decisions.length > 0)
    return err([inUse(`race "${raceId}"`, `decisions ${listed(decisions)}`, "race")]);
  return ok({
    ...input,
    season: { ...input.season, rounds },
    results: input.results.filter((r) => r.raceId !== raceId),
  });
}

/** A race's classification emptied: its own explicit action, never a side effect of an import. */
export function clearRaceResults(
  input: SeasonInput,
  raceId: string,
): Result<SeasonInput, Problem[]> {
  if (!input.season.rounds.some((r) => (r.races ?? []).some((x) => x.id === raceId)))
    return err([notFound("UNKNOWN_RACE", `race "${raceId}"`, "race")]);
  return ok({ ...input, results: input.results.filter((r) => r.raceId !== raceId) });
}

/**
 * Teams, classes, entries and line-ups copied from an earlier season (as bundle input) into
 * this one: what this season already has (by id) is kept, copied entries and line-ups take no
 * round lists (the new calendar is another), and nothing else is touched.
 */
export function copySetup(input: SeasonInput, from: SeasonInput): Result<SeasonInput, Problem[]> {
  const classIds = new Set(input.season.classes.map((k) => k.id));
  const teamIds = new Set(input.season.teams.map((t) => t.id));
  const entryIds = new Set(input.entries.map((e) => e.cells.id ?? ""));
  const entries = from.entries.filter((e) => !entryIds.has(e.cells.id ?? ""));
  const copied = new Set(entries.map((e) => e.cells.id ?? ""));
  const noRounds = (cells: Readonly<Record<string, string>>) => ({
    ...cells,
    rounds: "",
    ...("not_started" in cells ? { not_started: "" } : {}),
  });
  return ok({
    ...input,
    season: {
      ...input.season,
      classes: [...input.season.classes, ...from.season.classes.filter((k) => !classIds.has(k.id))],
      teams: [...input.season.teams, ...from.season.teams.filter((t) => !teamIds.has(t.id))],
    },
    entries: [
      ...input.entries,
      ...entries.map((e, i) => ({
        file: "entries.csv",
        line: input.entries.length + i + 2,
        cells: noRounds(e.cells),
      })),
    ],
    drivers: [
      ...input.drivers,
      ...from.drivers
        .filter((d) => copied.has(d.cells.entry ?? ""))
        .map((d, i) => ({
          file: "drivers.csv",
          line: input.drivers.length + i + 2,
          cells: noRounds(d.cells),
        })),
    ],
  });
}
