// paddock import: a race classification file into a season of the configured store (the
// server's: DATABASE_URL, else the SQLite file in PADDOCK_DATA_DIR). --dry-run shows the preview
// and writes nothing; otherwise the import is one recorded, version-checked write, all or
// nothing. A thin shell over previewImport and commitImport (src/service/result-import.ts).
import { readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { SingleBar } from "cli-progress";
import { Option } from "commander";
import type { Command } from "commander";
import { readConfig } from "../config.js";
import type { Config } from "../config.js";
import { formatProblem, problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import type { Race } from "../core/season.js";
import { issueField, parseJson } from "../formats/season-bundle/read-season-bundle.js";
import { render } from "../formats/tables/tabular.js";
import { additionCount, describeAdditions } from "../imports/classification-additions.js";
import { IMPORT_LAYOUTS, LAYOUT_LABELS, columnMappingSchema } from "../imports/result-layouts.js";
import type { ColumnMapping, ImportLayout } from "../imports/result-layouts.js";
import { RaceControl } from "../service/race-control.js";
import { commitImport, previewImport } from "../service/result-import.js";
import type { ImportPreview, ImportRequest } from "../service/result-import.js";
import {
  NotFoundError,
  ProblemsError,
  UnconfirmedWarningsError,
} from "../service/service-errors.js";
import { openConfiguredStore } from "../store/configured-store.js";
import { VersionConflictError } from "../store/season-store.js";
import type { SeasonStore, VersionedSeason } from "../store/season-store.js";
import { fail, parseWholeNumber } from "./shared-options.js";

const IMPORT_FORMATS = ["table", "json"] as const;
type ImportFormat = (typeof IMPORT_FORMATS)[number];

interface ImportOptions {
  round: number;
  race?: string;
  layout: ImportLayout | "auto";
  mapping?: string;
  dryRun?: boolean;
  acceptWarnings?: boolean;
  addUnknown?: boolean;
  reason?: string;
  as?: string;
  format: ImportFormat;
  progress?: boolean;
  quiet?: boolean;
}

const EXAMPLES = `
Examples:
  paddock import wec-2025 imola-classification.csv --round 1
      an Al Kamel (WEC) export; the layout is recognised by its columns
  paddock import wec-2025 spa.csv --round 2 --race r2 --reason "provisional classification"
  paddock import club-2025 results.csv --round 3 --mapping mapping.json
      any other CSV, read through a column mapping (fixtures/imports/round-3-mapping.json)
  paddock import wec-2025 imola-classification.csv --round 1 --dry-run
      the preview: matched entries, teams resolved through aliases, class positions, points and
      every problem with its line; nothing is written (exit code 1 if there are problems)
  paddock import wec-2025 imola-classification.csv --round 1 --accept-warnings
      import a file whose warnings (positions with gaps, laps or times out of order, a
      classified car with 0 laps, a fastest lap beyond the car's laps) you have checked
  paddock import wec-2025 imola-classification.csv --round 1 --add-unknown --dry-run
      the preview with the cars, teams and drivers the file names that the season does not
      know added (new cars become entries, their teams and drivers are matched by name across
      case and accents, else added); without --dry-run they are written with the results

Errors (an empty file, a column named twice, an empty class cell, duplicate positions, …)
always refuse the import. Cars, teams and drivers the season does not know are errors too,
unless --add-unknown adds them (in the same recorded change as the results). Warnings refuse it until you confirm them with --accept-warnings; the
change log records which were accepted. To empty a race's results, clear them (the race's page
in /admin or DELETE /api/seasons/<season>/races/<race>/results), not with an empty file.

Layouts: ${["auto", ...IMPORT_LAYOUTS].join(", ")} (auto: recognised from the file; custom when --mapping is given).
The store is the server's: PostgreSQL when DATABASE_URL is set, else paddock.sqlite in
PADDOCK_DATA_DIR (default ./.paddock). The change is recorded with the actor (--as, default
cli:<your OS username>) and the reason; the results stay provisional until published.
Exit codes: 0 imported (or a clean preview), 1 problems, unconfirmed warnings or a refused
write: nothing written.`;

/** A progress bar is worth showing for a file from this size up (smaller ones take a blink). */
const PROGRESS_MIN_BYTES = 1 << 20;

// The bar's share of each stage, from what each costs on a large file (bench/import-bench.ts,
// 100,000 rows): reading the stored season (and the file), parsing, rebuilding and checking the
// season, writing it back.
const STAGE_WEIGHTS = { read: 15, parse: 5, validate: 35, write: 45 } as const;
type Stage = keyof typeof STAGE_WEIGHTS;
const DONE_AFTER: Readonly<Record<Stage, number>> = {
  read: STAGE_WEIGHTS.read,
  parse: STAGE_WEIGHTS.read + STAGE_WEIGHTS.parse,
  validate: STAGE_WEIGHTS.read + STAGE_WEIGHTS.parse + STAGE_WEIGHTS.validate,
  write: 100,
};
const NEXT: Readonly<Record<Stage, string>> = {
  read: "parse",
  parse: "validate",
  validate: "write",
  write: "done",
};

/**
 * The import's progress on stderr: the bar moves as each stage ends (the stages run without
 * yielding, so there is nothing finer to report), the clock and the row rate keep it honest.
 */
class ImportProgress {
  private readonly bar: SingleBar;
  private readonly started = performance.now();
  private rows = 0;

  constructor(file: string) {
    this.bar = new SingleBar({
      format: `${file} [{bar}] {percentage}% | {stage} | {rows} rows | {rate} rows/s | {duration_formatted}`,
      barsize: 30,
      noTTYOutput: true,
      notTTYSchedule: 1000,
      // Ctrl-C ends the command as usual (the write is one transaction: nothing half-written);
      // the bar's own handler would only stop the bar and let the import go on.
      gracefulExit: false,
    });
    this.bar.start(100, 0, { stage: "read", rows: "-", rate: "-" });
  }

  done(stage: Stage, rows?: number): void {
    if (rows !== undefined) this.rows = rows;
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(DONE_AFTER[stage], {
      stage: NEXT[stage],
      rows: this.rows > 0 ? String(this.rows) : "-",
      rate: this.rows > 0 && seconds > 0 ? String(Math.round(this.rows / seconds)) : "-",
    });
    // Drawn now: the next stage holds the event loop, so the bar's own timer would not draw it.
    // The last stage is drawn by stop().
    if (stage !== "write") this.bar.render();
  }

  stop(): void {
    this.bar.stop();
  }
}

/** Who runs the command, as the season's change log names them. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry for this uid (some containers).
    return `cli:${process.env.USER ?? process.env.USERNAME ?? `uid-${process.getuid?.() ?? "unknown"}`}`;
  }
}

function where(config: Config): string {
  return config.databaseUrl !== null
    ? "the PostgreSQL database of DATABASE_URL"
    : join(config.dataDir, "paddock.sqlite");
}

/**
 * The store, handing the season the command has already read (to find the race) to the import's
 * first read of it: a large season is read once, not twice. The write still checks its version.
 */
function withSeasonRead(store: SeasonStore, current: VersionedSeason): SeasonStore {
  let handed = false;
  const getSeason = (id: string): Promise<VersionedSeason | undefined> => {
    if (handed || id !== current.season.id) return store.getSeason(id);
    handed = true;
    return Promise.resolve(current);
  };
  return new Proxy(store, {
    get: (target, key, receiver) =>
      key === "getSeason" ? getSeason : (Reflect.get(target, key, receiver) as unknown),
  });
}

/** A column mapping file, or the problems with it. */
async function readMapping(file: string): Promise<ColumnMapping | Problem[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    return [problem("FILE_MISSING", `cannot read the mapping: ${message(e)}`, { file })];
  }
  const json = parseJson(text, file);
  if (!json.ok) return [json.error];
  const parsed = columnMappingSchema.safeParse(json.value);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((i) =>
    problem(i.code === "unrecognized_keys" ? "UNKNOWN_COLUMN" : "INVALID_FIELD", i.message, {
      file,
      field: issueField(i),
    }),
  );
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function printProblems(heading: string, problems: readonly Problem[]): void {
  process.stderr.write(
    [`paddock: ${heading}`, ...problems.map((p) => `  ${formatProblem(p)}`)].join("\n") + "\n",
  );
  process.exitCode = 1;
}

/** The race to import into: --race, or the round's only one. A message when there is none. */
function chooseRace(
  current: VersionedSeason,
  roundNumber: number,
  raceId: string | undefined,
): Race | string {
  const s = current.season;
  const round = s.rounds.find((r) => r.number === roundNumber);
  if (!round)
    return `round ${roundNumber} is not on the calendar of ${s.name} (rounds ${s.rounds.map((r) => r.number).join(", ")})`;
  const list = round.races.map((r) => `${r.id} (${r.name})`).join(", ");
  if (raceId !== undefined) {
    const race = round.races.find((r) => r.id === raceId);
    return race ?? `race "${raceId}" is not in round ${roundNumber}; its races: ${list}`;
  }
  const [only, ...others] = round.races;
  if (only && others.length === 0) return only;
  return round.races.length === 0
    ? `round ${roundNumber} has no races`
    : `round ${roundNumber} has ${round.races.length} races: ${list}; say which with --race <id>`;
}

/** What the file adds (or would add with --add-unknown), one line each. */
function additionsText(preview: ImportPreview): string[] {
  const a = preview.additions;
  if (a === null)
    return preview.additionProblems.length === 0
      ? []
      : [
          `the cars, teams and drivers this file introduces cannot be added as it gives them:`,
          ...preview.additionProblems.map((p) => `  ${formatProblem(p)}`),
        ];
  const n = additionCount(a);
  if (n === 0 && a.lineups.length === 0) return [];
  const how = preview.addUnknown ? "adds" : "introduces (add them with --add-unknown)";
  return [
    `this file ${how}: ${describeAdditions(a)}`,
    ...a.entries.map(
      (e) =>
        `  car #${e.number} ${e.classId}: entry ${e.entryId}, team ${e.teamName}${e.newTeam ? " (new)" : ""}, drivers ${e.drivers.join(", ")}`,
    ),
    ...a.lineups
      .filter((l) => l.rounds !== null)
      .map((l) => `  ${l.driver} in entry ${l.entryId} (round ${l.rounds?.join(", ")})`),
  ];
}

function previewText(preview: ImportPreview, roundNumber: number): string {
  const layout = preview.layout
    ? `${preview.layout} (${LAYOUT_LABELS[preview.layout]})`
    : "not recognised";
  const head = [
    `Preview: ${preview.file} into ${preview.seasonId}, round ${roundNumber}, race ${preview.race.id} (${preview.race.name})`,
    `layout: ${layout}`,
    `encoding: ${preview.encoding ?? "not read"}`,
    `season version: ${preview.baseVersion}; replaces ${preview.replacesRows} result row(s)`,
    ...(preview.notes.length > 0 ? ["notes:", ...preview.notes.map((n) => `  - ${n}`)] : []),
  ];
  const rows = preview.rows.map((r) => {
    const team =
      r.teamName === null
        ? `${r.teamText} → ?`
        : r.teamText === "" || r.teamText === r.teamName
          ? r.teamName
          : `${r.teamText} → ${r.teamName}${r.viaAlias ? " (via alias)" : ""}`;
    return [
      String(r.line),
      r.position,
      r.number === "" ? "" : `#${r.number}`,
      `${r.classText || r.classId || ""} → ${r.classPosition ?? "-"}`,
      team,
      r.entryId ?? "?",
      String(r.status),
      r.points.map((p) => `${p.championshipId} ${p.points}`).join(", "),
    ];
  });
  const table =
    preview.rows.length === 0
      ? ""
      : render(
          [
            {
              title: `${preview.rows.length} row(s)`,
              columns: [
                "line",
                "pos",
                "car",
                "class → class pos",
                "team",
                "entry",
                "status",
                "points",
              ],
              rows,
            },
          ],
          "table",
        );
  const adds = preview.addUnknown && preview.additions && additionCount(preview.additions) > 0;
  const keep = adds ? " (keeping --add-unknown)" : "";
  const tail = [
    ...(preview.unknownCars.length > 0
      ? [`unknown cars: ${preview.unknownCars.map((n) => `#${n}`).join(", ")}`]
      : []),
    ...additionsText(preview),
    preview.problems.length === 0
      ? preview.warnings.length === 0
        ? `No problems. Nothing written (dry run): run again without --dry-run${keep} to import.`
        : `No errors. Nothing written (dry run): check the warnings, then run again without --dry-run${keep} and with --accept-warnings to import.`
      : `${preview.problems.length} error(s); nothing written:`,
    ...preview.problems.map((p) => `  ${formatProblem(p)}`),
    ...(preview.warnings.length > 0
      ? [
          `${preview.warnings.length} warning(s), to confirm with --accept-warnings:`,
          ...preview.warnings.map((p) => `  warning ${formatProblem(p)}`),
        ]
      : []),
  ];
  return [head.join("\n"), table.trimEnd(), tail.join("\n")].filter(Boolean).join("\n\n") + "\n";
}

async function runImport(season: string, file: string, opts: ImportOptions): Promise<void> {
  let mapping: ColumnMapping | undefined;
  if (opts.mapping !== undefined) {
    const read = await readMapping(opts.mapping);
    if (Array.isArray(read))
      return printProblems(`the mapping ${opts.mapping} cannot be used:`, read);
    mapping = read;
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    return fail(`cannot read ${file}: ${message(e)}`);
  }
  const name = basename(file);
  const config = readConfig(process.env, process.cwd());
  const store = await openConfiguredStore(config, () => {});
  // Started before the season is read: reading a large season is part of the wait.
  let progress =
    !opts.quiet &&
    !opts.dryRun &&
    (opts.progress === true || (process.stderr.isTTY && size >= PROGRESS_MIN_BYTES))
      ? new ImportProgress(name)
      : undefined;
  /** The bar goes before any message, so the two do not share a line. */
  const stopProgress = () => {
    progress?.stop();
    progress = undefined;
  };
  try {
    const current = await store.getSeason(season);
    if (!current) {
      stopProgress();
      const ids = (await store.listSeasons()).map((s) => s.id);
      return fail(
        `the store (${where(config)}) has no season "${season}"; ` +
          (ids.length > 0 ? `it has ${ids.join(", ")}. ` : "it has no seasons yet. ") +
          "The server loads the seasons shipped in data/ into the store when it starts (npm start); " +
          "other seasons are created through the API (POST /api/seasons) before results are imported.",
      );
    }
    const race = chooseRace(current, opts.round, opts.race);
    if (typeof race === "string") {
      stopProgress();
      return fail(race);
    }
    const control = new RaceControl(withSeasonRead(store, current));
    const buffer = await readFile(file);
    progress?.done("read");
    const request: ImportRequest = {
      raceId: race.id,
      bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      file: name,
      layout: opts.layout,
      ...(mapping ? { mapping } : {}),
      ...(opts.acceptWarnings ? { acceptWarnings: true } : {}),
      ...(opts.addUnknown ? { addUnknown: true } : {}),
    };

    if (opts.dryRun) {
      const preview = await previewImport(control, season, request);
      if (opts.format === "json")
        process.stdout.write(
          `${JSON.stringify({ ...preview, round: opts.round, written: false, problems: preview.problems.map((p) => ({ ...p, text: formatProblem(p) })), warnings: preview.warnings.map((p) => ({ ...p, text: formatProblem(p) })) }, null, 2)}\n`,
        );
      else process.stdout.write(previewText(preview, opts.round));
      if (!preview.ok) process.exitCode = 1;
      return;
    }

    const actor = opts.as ?? cliActor();
    const outcome = await commitImport(
      control,
      { username: actor },
      season,
      request,
      { expectedVersion: current.version, ...(opts.reason ? { reason: opts.reason } : {}) },
      (stage, rows) =>
        progress?.done(
          stage === "parsed" ? "parse" : stage === "validated" ? "validate" : "write",
          rows,
        ),
    );
    stopProgress();
    // The layout and encoding as the import recorded them in the season's change log.
    const record = (await store.listChanges(season)).find(
      (c) => c.version === outcome.summary.version,
    );
    const how = /\(([^()]+)\)$/.exec(record?.summary ?? "")?.[1] ?? opts.layout;
    const added = describeAdditions(outcome.additions);
    if (opts.format === "json")
      process.stdout.write(
        `${JSON.stringify(
          {
            season,
            round: opts.round,
            race: race.id,
            file: name,
            rows: outcome.rows,
            how,
            ...(added === "" ? {} : { added: outcome.additions }),
            version: outcome.summary.version,
            actor,
            resultStatus: "provisional",
          },
          null,
          2,
        )}\n`,
      );
    else
      process.stdout.write(
        `round ${opts.round} race ${race.id}: ${outcome.rows} rows imported from ${name} (${how})${added === "" ? "" : `; added ${added}`}; season now at version ${outcome.summary.version}; results provisional until published\n`,
      );
  } catch (e) {
    stopProgress();
    if (e instanceof UnconfirmedWarningsError)
      return printProblems(
        e.message,
        e.problems.map((p) => ({ ...p, message: `(warning) ${p.message}` })),
      );
    if (e instanceof ProblemsError)
      return printProblems(
        `${e.message} ${e.problems.length} problem(s); nothing written:`,
        e.problems,
      );
    if (e instanceof VersionConflictError) return fail(`${e.message} (nothing written)`);
    if (e instanceof NotFoundError) return fail(e.message);
    throw e;
  } finally {
    stopProgress();
    await store.close();
  }
}

export function registerImport(program: Command): void {
  program
    .command("import")
    .description(
      "import a race classification file (Al Kamel, IMSA, Paddock CSV/JSON, or any CSV with a column mapping) into a season of the store; --dry-run to preview",
    )
    .argument("<season>", "the id of a season in the store (e.g. alms-2003)")
    .argument("<file>", "the classification file")
    .requiredOption("-r, --round <n>", "round number", parseWholeNumber("--round"))
    .option("--race <id>", "the race of the round (default: the round's only race)")
    .addOption(
      new Option("-l, --layout <layout>", "the file's layout")
        .choices(["auto", ...IMPORT_LAYOUTS])
        .default("auto"),
    )
    .option("-m, --mapping <mapping.json>", "a column mapping for a CSV in no known layout")
    .option("-n, --dry-run", "show the preview (rows, points, problems) and write nothing")
    .option(
      "--accept-warnings",
      "import although the file has warnings (gaps in positions, laps or times out of order, …): you have checked them",
    )
    .option(
      "--add-unknown",
      "add the cars, teams and drivers the file names that the season does not know, with the results, in one change",
    )
    .option("--reason <text>", "why, for the season's change log")
    .option("--as <username>", "who imports, for the change log (default: cli:<OS username>)")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(IMPORT_FORMATS).default("table"),
    )
    .option(
      "--progress",
      "show the progress bar on stderr for any file, even when stderr is not a terminal",
    )
    .option("-q, --quiet", "no progress bar (shown by default for files of 1 MiB up on a terminal)")
    .addHelpText("after", EXAMPLES)
    .action(async (season: string, file: string, opts: ImportOptions) => {
      try {
        await runImport(season, file, opts);
      } catch (e) {
        fail(message(e));
      }
    });
}
