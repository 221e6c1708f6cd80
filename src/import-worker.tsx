// The import worker: a thread that does the heavy, pure part of an upload's preview (read the file,
// check it, validate the season it would make, score it) and renders the answer (JSON or the
// preview page), so that the server's thread stays free for other requests meanwhile. Started and
// fed by ImportWorkers (import-pool.ts): the season comes as JSON slices in shared memory and is
// kept by id and version; the upload's bytes are the shared memory the body was read into.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Season } from "./core/season.js";
import { previewEntryList } from "./service/entry-list-import.js";
import type { EntryListRequest } from "./service/entry-list-import.js";
import type { ClassificationAdditions } from "./imports/classification-additions.js";
import { RaceControl } from "./service/race-control.js";
import type { Actor, ChangeRequest } from "./service/race-control.js";
import { commitImport, parseRequest, previewImport } from "./service/result-import.js";
import type { ImportRequest } from "./service/result-import.js";
import {
  NotFoundError,
  ProblemsError,
  UnconfirmedWarningsError,
} from "./service/service-errors.js";
import { openStore } from "./store/open-store.js";
import type { SharedStoreConfig } from "./store/configured-store.js";
import { VersionConflictError } from "./store/season-store.js";
import type { SeasonStore, SeasonSummary, VersionedSeason } from "./store/season-store.js";
import { validatedRules } from "./store/stored-season.js";
import { ImportPreviewPage } from "./web/pages/admin-pages.js";
import type { AdminContext, Notice } from "./web/pages/admin-pages.js";
import { EntryListPreviewPage } from "./web/pages/entry-list-pages.js";

/** A season as sent to a worker: its JSON with the long arrays apart, in slices. */
export interface SeasonPayload {
  /** `{ season, rulesDocument, version }`, the season's long arrays left empty. */
  readonly head: Uint8Array;
  /** Each long array of the season as JSON arrays of at most a few thousand items. */
  readonly arrays: readonly { readonly field: string; readonly slices: readonly Uint8Array[] }[];
}

/** The season a task reads: by key (`id@version`), with its payload unless the worker has it. */
export interface SeasonRef {
  readonly key: string;
  readonly payload?: SeasonPayload;
}

/** How a preview is answered: the preview as JSON (the API), or its page (the browser). */
export type PreviewView =
  | { readonly as: "json" }
  | { readonly as: "page"; readonly ctx: AdminContext; readonly pendingId: string };

export type EntryListView =
  | { readonly as: "json" }
  | { readonly as: "page"; readonly ctx: AdminContext; readonly notice?: Notice };

export type WorkerTask =
  | {
      readonly kind: "results-preview";
      readonly season: SeasonRef;
      readonly request: ImportRequest;
      readonly view: PreviewView;
    }
  | {
      readonly kind: "entry-list-preview";
      readonly season: SeasonRef;
      readonly request: EntryListRequest;
      readonly view: EntryListView;
    }
  | { readonly kind: "results-parse"; readonly request: ImportRequest }
  | {
      readonly kind: "results-commit";
      /** The store the server uses: the worker writes through a connection of its own. */
      readonly store: SharedStoreConfig;
      readonly actor: Actor;
      readonly seasonId: string;
      readonly request: ImportRequest;
      readonly change: ChangeRequest;
    };

/** An import written: commitImport's outcome less the season, which stays where it was made. */
export interface CommittedImport {
  readonly summary: SeasonSummary;
  readonly rows: number;
  readonly additions: ClassificationAdditions;
}

/** What parseRequest gives: the classification read, or the file's problems. */
export type Parsed = ReturnType<typeof parseRequest>;
type ParsedFile = Extract<Parsed, { ok: true }>["value"];

/** A slice of a parsed file's rows (and their driver columns), sent ahead of the rest. */
export interface ParsedPart {
  readonly rows: ParsedFile["rows"];
  readonly driverColumns?: ParsedFile["driverColumns"];
}

/** A task's answer: the preview's verdict and the body to send, UTF-8. */
export interface PreviewAnswer {
  readonly ok: boolean;
  readonly body: Uint8Array;
}

/** An expected failure of the use case, sent back to be thrown again as the same error. */
export interface WorkerFailure {
  readonly name:
    | "NotFoundError"
    | "ProblemsError"
    | "UnconfirmedWarningsError"
    | "VersionConflictError"
    | "Error";
  readonly message: string;
  readonly problems?: ProblemsError["problems"];
  /** VersionConflictError's versions. */
  readonly conflict?: {
    readonly seasonId: string;
    readonly expectedVersion: string | null;
    readonly currentVersion: string | null;
  };
  readonly stack?: string;
}

export type WorkerReply =
  | { readonly id: number; readonly answer: PreviewAnswer }
  | { readonly id: number; readonly part: ParsedPart }
  | { readonly id: number; readonly parsed: Parsed }
  | { readonly id: number; readonly committed: CommittedImport }
  | { readonly id: number; readonly failure: WorkerFailure };

/** Rows per message of a parsed file: each is read on the server's thread in a few ms. */
const PART_ROWS = 2000;

/** Marks the workers ImportWorkers starts (workerData), so that importing this file does nothing. */
export const IMPORT_WORKER = "paddock-import-worker";

const text = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");

function seasonFrom(payload: SeasonPayload): VersionedSeason {
  const head = JSON.parse(text(payload.head)) as {
    season: Record<string, unknown>;
    rulesDocument: unknown;
    version: string;
  };
  for (const { field, slices } of payload.arrays) {
    const items: unknown[] = [];
    for (const slice of slices)
      for (const item of JSON.parse(text(slice)) as unknown[]) items.push(item);
    head.season[field] = items;
  }
  const stored = { season: head.season as unknown as Season, rulesDocument: head.rulesDocument };
  return { ...stored, rules: validatedRules(stored), version: head.version };
}

/** Seasons a worker keeps (by id and version), so that previews of the same version reuse them. */
export const SEASONS_KEPT = 2;
/** The seasons this worker holds, the last used last. */
const seasons = new Map<string, VersionedSeason>();

function seasonOf(ref: SeasonRef): VersionedSeason {
  let season = seasons.get(ref.key);
  if (!season) {
    if (!ref.payload) throw new Error(`import worker: season ${ref.key} was not sent`);
    season = seasonFrom(ref.payload);
  }
  seasons.delete(ref.key);
  seasons.set(ref.key, season);
  for (const key of seasons.keys()) if (seasons.size > SEASONS_KEPT) seasons.delete(key);
  return season;
}

/** The use cases read the season from a store: here, the one season sent (read-only). */
function controlOver(season: VersionedSeason): RaceControl {
  const store: Pick<SeasonStore, "getSeason"> = {
    getSeason: async (id) => (id === season.season.id ? season : undefined),
  };
  return new RaceControl(store as SeasonStore);
}

const encoder = new TextEncoder();
const page = (node: unknown) => encoder.encode(`<!doctype html>${String(node)}`);

/**
 * Reads, checks, validates and writes an import through a store connection of the worker's own
 * (opened for the task), so that a large classification's write never holds the server's thread.
 */
export async function commitTask(
  task: Extract<WorkerTask, { kind: "results-commit" }>,
): Promise<CommittedImport> {
  const store = await openStore(task.store);
  try {
    const o = await commitImport(
      new RaceControl(store),
      task.actor,
      task.seasonId,
      task.request,
      task.change,
    );
    return { summary: o.summary, rows: o.rows, additions: o.additions };
  } finally {
    await store.close();
  }
}

/** Runs one preview: the same use case the server would run, answered as the view asks. */
export async function runTask(
  task: Exclude<WorkerTask, { kind: "results-parse" | "results-commit" }>,
): Promise<PreviewAnswer> {
  const season = seasonOf(task.season);
  const control = controlOver(season);
  const seasonId = season.season.id;
  if (task.kind === "results-preview") {
    const preview = await previewImport(control, seasonId, task.request);
    if (task.view.as === "json")
      return { ok: preview.ok, body: encoder.encode(JSON.stringify(preview)) };
    const championships = [...new Set(season.rules.championships.map((ch) => ch.id))];
    return {
      ok: preview.ok,
      body: page(
        <ImportPreviewPage
          ctx={task.view.ctx}
          season={season}
          preview={preview}
          pendingId={preview.ok ? task.view.pendingId : null}
          championships={championships}
        />,
      ),
    };
  }
  const preview = await previewEntryList(control, seasonId, task.request);
  if (task.view.as === "json")
    return { ok: preview.ok, body: encoder.encode(JSON.stringify(preview)) };
  return {
    ok: preview.ok,
    body: page(
      <EntryListPreviewPage
        ctx={task.view.ctx}
        season={season}
        preview={preview}
        data={Buffer.from(task.request.bytes).toString("base64")}
        {...(task.view.notice ? { notice: task.view.notice } : {})}
      />,
    ),
  };
}

function failureOf(e: unknown): WorkerFailure {
  if (e instanceof UnconfirmedWarningsError)
    return { name: "UnconfirmedWarningsError", message: e.message, problems: e.problems };
  if (e instanceof ProblemsError)
    return { name: "ProblemsError", message: e.message, problems: e.problems };
  if (e instanceof NotFoundError) return { name: "NotFoundError", message: e.message };
  if (e instanceof VersionConflictError) {
    const { seasonId, expectedVersion, currentVersion } = e;
    return {
      name: "VersionConflictError",
      message: e.message,
      conflict: { seasonId, expectedVersion, currentVersion },
    };
  }
  const error = e instanceof Error ? e : new Error(String(e));
  return { name: "Error", message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
}

/** The error a failure stands for, to throw on the server's thread. */
export function errorOf(failure: WorkerFailure): Error {
  switch (failure.name) {
    case "UnconfirmedWarningsError":
      return new UnconfirmedWarningsError(failure.message, failure.problems ?? []);
    case "ProblemsError":
      return new ProblemsError(failure.message, failure.problems ?? []);
    case "NotFoundError":
      return new NotFoundError(failure.message);
    case "VersionConflictError": {
      const c = failure.conflict;
      return new VersionConflictError(
        c?.seasonId ?? "",
        c?.expectedVersion ?? null,
        c?.currentVersion ?? null,
      );
    }
    case "Error": {
      const error = new Error(`import worker: ${failure.message}`);
      if (failure.stack) error.stack = `${error.message}\n${failure.stack}`;
      return error;
    }
  }
}

if (!isMainThread && parentPort && workerData === IMPORT_WORKER) {
  const port = parentPort;
  port.on("message", (message: { id: number; task: WorkerTask }) => {
    const { id, task } = message;
    if (task.kind === "results-parse") {
      // The rows go in slices, each its own message: the server's thread reads them between
      // other requests, not all in one go.
      try {
        const parsed = parseRequest(task.request);
        if (parsed.ok) {
          const { rows, driverColumns } = parsed.value;
          for (let at = 0; at < rows.length; at += PART_ROWS) {
            const part: ParsedPart = {
              rows: rows.slice(at, at + PART_ROWS),
              ...(driverColumns ? { driverColumns: driverColumns.slice(at, at + PART_ROWS) } : {}),
            };
            port.postMessage({ id, part } satisfies WorkerReply);
          }
          const rest = {
            ...parsed.value,
            rows: [],
            ...(driverColumns ? { driverColumns: [] } : {}),
          };
          port.postMessage({ id, parsed: { ok: true, value: rest } } satisfies WorkerReply);
        } else port.postMessage({ id, parsed } satisfies WorkerReply);
      } catch (e) {
        port.postMessage({ id, failure: failureOf(e) } satisfies WorkerReply);
      }
      return;
    }
    if (task.kind === "results-commit") {
      commitTask(task).then(
        (committed) => port.postMessage({ id, committed } satisfies WorkerReply),
        (e: unknown) => port.postMessage({ id, failure: failureOf(e) } satisfies WorkerReply),
      );
      return;
    }
    runTask(task).then(
      (answer) => {
        const reply: WorkerReply = { id, answer };
        // The body's memory moves to the server's thread: no copy there.
        port.postMessage(reply, [answer.body.buffer as ArrayBuffer]);
      },
      (e: unknown) => port.postMessage({ id, failure: failureOf(e) } satisfies WorkerReply),
    );
  });
}
