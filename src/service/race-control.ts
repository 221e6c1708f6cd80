// Race control's write use cases: every change to a season goes through change(), which reads the
// season at its current version, edits its raw input (src/core/season-edits.ts), validates the
// whole season as a bundle is validated, and writes it with who/what/why and the version it was
// based on. The store refuses the write if the season moved on meanwhile (optimistic
// concurrency), so two stewards cannot overwrite each other silently.
import type { Problem } from "../core/problems.js";
import { ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import {
  addClass,
  addDecision,
  addEntry,
  addLineup,
  addRound,
  editRound,
  putTeam,
  setResultStatus,
  validateSeasonInput,
} from "../core/season-edits.js";
import type { RoundPatch } from "../core/season-edits.js";
import {
  clearRaceResults,
  copySetup,
  editEntry,
  removeClass,
  removeEntry,
  removeLineup,
  removeRace,
  removeTeam,
} from "../core/season-corrections.js";
import { checkSeasonAgainstRules } from "../core/check-season-rules.js";
import { seasonWithRaceResults } from "../core/season-from-input.js";
import { repairIds } from "../core/season-repair.js";
import type { IdRename } from "../core/season-repair.js";
import type { SeasonFileInput, SeasonInput } from "../core/season-input.js";
import type { Season } from "../core/season.js";
import type { ResultStatus } from "../core/vocabulary.js";
import { seasonToInput } from "../formats/season-bundle/season-to-input.js";
import type { SeasonStore, SeasonSummary, VersionedSeason } from "../store/season-store.js";
import { NotFoundError, ProblemsError } from "./service-errors.js";

/** Who is changing things; the store records the username. */
export interface Actor {
  readonly username: string;
}

/** What every change request carries besides its content. */
export interface ChangeRequest {
  /** The version the user saw; undefined: the version read now (still checked at write time). */
  readonly expectedVersion?: string;
  readonly reason?: string;
}

export interface ChangeOutcome {
  readonly summary: SeasonSummary;
  readonly season: Season;
}

type Edit = (input: SeasonInput, current: VersionedSeason) => Result<SeasonInput, Problem[]>;

export class RaceControl {
  constructor(
    private readonly store: SeasonStore,
    private readonly options: {
      readonly now?: () => Date;
      /** Called after every successful write (e.g. to refresh cached versions). */
      readonly onChange?: (seasonId: string) => void;
    } = {},
  ) {}

  now(): string {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  /** The season as stored now, or NotFoundError. */
  async current(seasonId: string): Promise<VersionedSeason> {
    const current = await this.store.getSeason(seasonId);
    if (!current) throw new NotFoundError(`There is no season "${seasonId}".`);
    return current;
  }

  /**
   * Applies one edit as one recorded, version-checked write; `rulesDocument` replaces the rules.
   * A summary given as a function is made after the edit, so it can say what the edit found.
   */
  async change(
    actor: Actor,
    seasonId: string,
    action: string,
    summary: string | (() => string),
    request: ChangeRequest,
    edit: Edit,
    onValidated?: () => void,
    rulesDocument?: unknown,
  ): Promise<ChangeOutcome> {
    const current = await this.current(seasonId);
    const input = seasonToInput(current.season);
    if (!input.ok)
      throw new ProblemsError(
        `The stored season cannot be edited as it is. If an id breaks the id rule, repair the season first (POST /api/seasons/${seasonId}/repair, or "Repair ids" on its admin page).`,
        input.error,
      );
    const edited = edit(input.value, current);
    if (!edited.ok) throw new ProblemsError("The change is not valid.", edited.error);
    return this.write(
      actor,
      {
        seasonId,
        action,
        summary: typeof summary === "function" ? summary() : summary,
        reason: request.reason ?? "",
      },
      request.expectedVersion ?? current.version,
      edited.value,
      rulesDocument === undefined ? current.rulesDocument : rulesDocument,
      onValidated,
    );
  }

  /**
   * Validates the season the input and rules make, as a bundle is validated (ProblemsError), and
   * writes it with its record, expecting the season at `expectedVersion` (null: a new season).
   */
  private async write(
    actor: Actor,
    what: { seasonId: string; action: string; summary: string; reason: string },
    expectedVersion: string | null,
    input: SeasonInput,
    rulesDocument: unknown,
    onValidated?: () => void,
  ): Promise<ChangeOutcome> {
    const valid = validateSeasonInput(input, rulesDocument);
    if (!valid.ok)
      throw new ProblemsError("The change would leave the season invalid.", valid.error);
    onValidated?.();
    return this.record(actor, what, expectedVersion, valid.value.season, rulesDocument);
  }

  /** Writes a validated season with its record, expecting the season at `expectedVersion`. */
  /**
   * Says that a season was written by another connection to the same store (an import committed
   * on a worker thread), so that what is kept of its old version here is let go.
   */
  changedElsewhere(seasonId: string): void {
    this.options.onChange?.(seasonId);
  }

  private async record(
    actor: Actor,
    what: { seasonId: string; action: string; summary: string; reason: string },
    expectedVersion: string | null,
    season: Season,
    rulesDocument: unknown,
  ): Promise<ChangeOutcome> {
    const written = await this.store.putSeason(
      { season, rulesDocument },
      {
        actor: actor.username,
        action: what.action,
        reason: what.reason,
        summary: what.summary,
        expectedVersion,
        at: this.now(),
      },
    );
    this.options.onChange?.(what.seasonId);
    return { summary: written, season };
  }

  /** Writes a new season from a season file (no rounds raced yet) and a rules document. */
  createSeason(
    actor: Actor,
    seasonFile: SeasonFileInput,
    rulesDocument: unknown,
    reason = "",
  ): Promise<ChangeOutcome> {
    const empty = { entries: [], drivers: [], results: [], decisions: [] };
    return this.write(
      actor,
      {
        seasonId: seasonFile.id,
        action: "create-season",
        summary: `season ${seasonFile.id} created`,
        reason,
      },
      null,
      { file: "season.json", season: seasonFile, ...empty },
      rulesDocument,
    );
  }

  /** Replaces the season's points rules document (validated against the season). */
  setRules(
    actor: Actor,
    seasonId: string,
    rulesDocument: unknown,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "set-rules",
      "points rules replaced",
      request,
      (input) => ok(input),
      undefined,
      rulesDocument,
    );
  }

  addDecision(
    actor: Actor,
    seasonId: string,
    cells: Readonly<Record<string, string>>,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    const withDate: Record<string, string> = {
      ...cells,
      date: cells.date?.trim() || this.now().slice(0, 10),
    };
    const what = [
      withDate.kind,
      withDate.number ? `#${withDate.number}` : withDate.team,
      withDate.entry ? `(entry ${withDate.entry})` : "",
      withDate.race || (withDate.round ? `round ${withDate.round}` : ""),
    ]
      .filter(Boolean)
      .join(" ");
    return this.change(actor, seasonId, "decision", `decision: ${what}`, request, (input) =>
      addDecision(input, withDate),
    );
  }

  publish(
    actor: Actor,
    seasonId: string,
    raceId: string,
    status: ResultStatus,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      status === "official" ? "publish" : "unpublish",
      `race ${raceId}: results ${status}`,
      request,
      (input) => setResultStatus(input, raceId, status, this.now()),
    );
  }

  editRound(
    actor: Actor,
    seasonId: string,
    roundNumber: number,
    patch: RoundPatch,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    const what = Object.entries(patch)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(", ");
    return this.change(
      actor,
      seasonId,
      "edit-round",
      `round ${roundNumber}: ${what}`,
      request,
      (input) => editRound(input, roundNumber, patch),
    );
  }

  addRound(
    actor: Actor,
    seasonId: string,
    round: SeasonFileInput["rounds"][number],
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "add-round",
      `round ${round.number ?? round.name} added`,
      request,
      (input) => addRound(input, round),
    );
  }

  addClass(
    actor: Actor,
    seasonId: string,
    klass: SeasonFileInput["classes"][number],
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(actor, seasonId, "add-class", `class ${klass.id} added`, request, (input) =>
      addClass(input, klass),
    );
  }

  putTeam(
    actor: Actor,
    seasonId: string,
    team: SeasonFileInput["teams"][number],
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "put-team",
      `team ${team.id}: ${team.name}`,
      request,
      (input) => putTeam(input, team),
    );
  }

  addEntry(
    actor: Actor,
    seasonId: string,
    cells: Readonly<Record<string, string>>,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "add-entry",
      `entry #${cells.number ?? "?"} (${cells.team ?? "?"}) added`,
      request,
      (input) => addEntry(input, cells),
    );
  }

  addLineup(
    actor: Actor,
    seasonId: string,
    cells: Readonly<Record<string, string>>,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "add-lineup",
      `${cells.driver ?? "?"} in entry ${cells.entry ?? "?"}`,
      request,
      (input) => addLineup(input, cells),
    );
  }

  /** Replaces a race's classification with already-parsed rows (see result-import.ts). */
  async replaceResults(
    actor: Actor,
    seasonId: string,
    raceId: string,
    rows: SeasonInput["results"][number]["rows"],
    summary: string,
    request: ChangeRequest,
    onValidated?: () => void,
  ): Promise<ChangeOutcome> {
    // Only the new rows are read and checked, against the season as stored (already valid):
    // the same checks as a whole-season rebuild, without rebuilding a large field's season.
    const current = await this.current(seasonId);
    const edited = seasonWithRaceResults(current.season, raceId, rows);
    if (!edited.ok) throw new ProblemsError("The change is not valid.", edited.error);
    const mismatch = checkSeasonAgainstRules(edited.value, current.rules);
    if (mismatch.length > 0)
      throw new ProblemsError("The change would leave the season invalid.", mismatch);
    onValidated?.();
    return this.record(
      actor,
      { seasonId, action: "import-results", summary, reason: request.reason ?? "" },
      request.expectedVersion ?? current.version,
      edited.value,
      current.rulesDocument,
    );
  }

  editEntry(
    actor: Actor,
    seasonId: string,
    entryId: string,
    cells: Readonly<Record<string, string>>,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    const what = Object.entries(cells)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    return this.change(
      actor,
      seasonId,
      "edit-entry",
      `entry ${entryId}: ${what}`,
      request,
      (input) => editEntry(input, entryId, cells),
    );
  }

  removeEntry(
    actor: Actor,
    seasonId: string,
    entryId: string,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "remove-entry",
      `entry ${entryId} removed with its line-ups`,
      request,
      (input, current) => removeEntry(input, current.season, entryId),
    );
  }

  removeLineup(
    actor: Actor,
    seasonId: string,
    entryId: string,
    driver: string,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "remove-lineup",
      `${driver} taken out of entry ${entryId}`,
      request,
      (input) => removeLineup(input, entryId, driver),
    );
  }

  removeTeam(
    actor: Actor,
    seasonId: string,
    teamId: string,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(actor, seasonId, "remove-team", `team ${teamId} removed`, request, (input) =>
      removeTeam(input, teamId),
    );
  }

  removeClass(
    actor: Actor,
    seasonId: string,
    classId: string,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "remove-class",
      `class ${classId} removed`,
      request,
      (input) => removeClass(input, classId),
    );
  }

  removeRace(
    actor: Actor,
    seasonId: string,
    raceId: string,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "remove-race",
      `race ${raceId} removed with its results`,
      request,
      (input) => removeRace(input, raceId),
    );
  }

  /** Empties a race's classification: an explicit, recorded action, never an import's side effect. */
  clearResults(
    actor: Actor,
    seasonId: string,
    raceId: string,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "clear-results",
      `race ${raceId}: results cleared`,
      request,
      (input) => clearRaceResults(input, raceId),
    );
  }

  /**
   * Renames the ids that break the id rule in a season stored before every write checked them,
   * so that it can be edited again; recorded like any change. Nothing to rename: nothing written.
   */
  async repairIds(
    actor: Actor,
    seasonId: string,
    request: ChangeRequest,
  ): Promise<{ renamed: IdRename[]; summary: SeasonSummary | null }> {
    const current = await this.current(seasonId);
    const repaired = repairIds(current.season);
    if (repaired.renamed.length === 0) return { summary: null, renamed: [] };
    const input = seasonToInput(repaired.season);
    if (!input.ok)
      throw new ProblemsError(
        "The season has problems that renaming ids does not mend.",
        input.error,
      );
    const outcome = await this.write(
      actor,
      {
        seasonId,
        action: "repair-ids",
        summary: `ids renamed: ${repaired.renamed.map((x) => `${x.kind} "${x.from}" → "${x.to}"`).join(", ")}`,
        reason: request.reason ?? "",
      },
      request.expectedVersion ?? current.version,
      input.value,
      current.rulesDocument,
    );
    return { summary: outcome.summary, renamed: repaired.renamed };
  }

  /** Deletes a season; its recorded history stays readable in the audit log. */
  async deleteSeason(actor: Actor, seasonId: string, request: ChangeRequest): Promise<void> {
    const current = await this.current(seasonId);
    const deleted = await this.store.deleteSeason(seasonId, {
      actor: actor.username,
      action: "delete-season",
      reason: request.reason ?? "",
      summary: `season ${seasonId} deleted`,
      expectedVersion: request.expectedVersion ?? current.version,
      at: this.now(),
    });
    if (!deleted) throw new NotFoundError(`There is no season "${seasonId}".`);
    this.options.onChange?.(seasonId);
  }

  /** Teams, classes, entries and line-ups of an earlier season copied in, as one change. */
  async copySetup(
    actor: Actor,
    seasonId: string,
    fromSeasonId: string,
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    const from = await this.current(fromSeasonId);
    const fromInput = seasonToInput(from.season);
    if (!fromInput.ok)
      throw new ProblemsError(`Season ${fromSeasonId} cannot be copied as it is.`, fromInput.error);
    return this.change(
      actor,
      seasonId,
      "copy-setup",
      `teams, classes, entries and line-ups copied from ${fromSeasonId}`,
      request,
      (input) => copySetup(input, fromInput.value),
    );
  }

  /** Several rounds added to the calendar in one change. */
  addRounds(
    actor: Actor,
    seasonId: string,
    rounds: readonly SeasonFileInput["rounds"][number][],
    request: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.change(
      actor,
      seasonId,
      "add-rounds",
      `rounds ${rounds.map((r) => r.number ?? r.name).join(", ")} added`,
      request,
      (input) => {
        let out = input;
        for (const r of rounds) {
          const next = addRound(out, r);
          if (!next.ok) return next;
          out = next.value;
        }
        return ok(out);
      },
    );
  }
}
