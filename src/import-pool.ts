// The server's import workers: uploads are previewed on worker threads (import-worker.tsx), one or
// two of them, so that parsing and validating a 40 MB file never stalls other requests. Tasks
// wait their turn in order. A season goes to a worker once per version, as JSON slices in shared
// memory written a slice at a time between other requests; the answer comes back as bytes moved,
// not copied, ready to send.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { EntryListRequest } from "./service/entry-list-import.js";
import type { Actor, ChangeRequest, RaceControl } from "./service/race-control.js";
import { commitImport } from "./service/result-import.js";
import type { ImportRequest } from "./service/result-import.js";
import { BusyError } from "./service/service-errors.js";
import type { SharedStoreConfig } from "./store/configured-store.js";
import type { VersionedSeason } from "./store/season-store.js";
import { IMPORT_WORKER, SEASONS_KEPT, errorOf } from "./import-worker.js";
import type {
  CommittedImport,
  EntryListView,
  Parsed,
  PreviewAnswer,
  PreviewView,
  SeasonPayload,
  SeasonRef,
  WorkerReply,
  WorkerTask,
} from "./import-worker.js";
import { ok } from "./core/result.js";
import type { RowInput } from "./core/season-input.js";

export type {
  CommittedImport,
  EntryListView,
  Parsed,
  PreviewAnswer,
  PreviewView,
} from "./import-worker.js";

/** Items of a season's long array per JSON slice: a slice takes a millisecond or two to write. */
const SLICE_ITEMS = 1000;
/** The server's thread writes slices for at most this long before letting other requests in. */
const SLICE_BUDGET_MS = 5;

const encoder = new TextEncoder();

function shared(json: string): Uint8Array {
  const bytes = encoder.encode(json);
  const memory = new Uint8Array(new SharedArrayBuffer(bytes.length));
  memory.set(bytes);
  return memory;
}

/** The season as JSON slices in shared memory, written a few milliseconds at a time. */
async function payloadOf(current: VersionedSeason): Promise<SeasonPayload> {
  let since = performance.now();
  const breathe = async () => {
    if (performance.now() - since < SLICE_BUDGET_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
  const rest: Record<string, unknown> = {};
  const arrays: { field: string; slices: Uint8Array[] }[] = [];
  for (const [field, value] of Object.entries(current.season)) {
    if (!Array.isArray(value) || value.length <= SLICE_ITEMS) {
      rest[field] = value;
      continue;
    }
    const slices: Uint8Array[] = [];
    for (let i = 0; i < value.length; i += SLICE_ITEMS) {
      slices.push(shared(JSON.stringify(value.slice(i, i + SLICE_ITEMS))));
      await breathe();
    }
    arrays.push({ field, slices });
    rest[field] = [];
  }
  const head = shared(
    JSON.stringify({
      season: rest,
      rulesDocument: current.rulesDocument,
      version: current.version,
    }),
  );
  return { head, arrays };
}

interface Job {
  readonly task: WorkerTask;
  /** The season the task reads (`id@version`), or null. */
  readonly key: string | null;
  /** Takes one of the task's replies (failures aside); true when it was the last. */
  readonly take: (reply: WorkerReply) => boolean;
  readonly reject: (e: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  /** The seasons the worker holds, the last used last. */
  readonly seasons: string[];
  job: { readonly id: number; readonly run: Job } | null;
  idle: NodeJS.Timeout | null;
}

/**
 * How a worker is started. From dist/ it is the compiled import-worker.js beside this file. Under
 * vitest the sources are TypeScript, which Node 20 cannot load in a worker: the worker then
 * registers test/support/typescript-hooks.mjs (typescript, a devDependency) and loads the .tsx.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts"))
    return new Worker(new URL("./import-worker.js", here), { workerData: IMPORT_WORKER });
  const hooks = new URL("../test/support/typescript-hooks.mjs", here).href;
  const entry = new URL("./import-worker.tsx", here).href;
  return new Worker(
    `require("node:module").register(${JSON.stringify(hooks)}); import(${JSON.stringify(entry)});`,
    { eval: true, workerData: IMPORT_WORKER },
  );
}

export interface ImportWorkersOptions {
  /** Workers at most (default: one per core but one, one or two). */
  readonly size?: number;
  /** A worker idle this long stops, freeing the seasons it holds (default one minute). */
  readonly idleMs?: number;
  /**
   * The server's store, when other threads can open it (SQLite file, PostgreSQL): imports are then
   * committed on a worker through a connection of its own. Without it (the memory store), the
   * file is read on a worker and the season validated and written on the server's thread.
   */
  readonly store?: SharedStoreConfig;
  /** Tasks that may wait for a worker; past that, BusyError (default 16). */
  readonly maxWaiting?: number;
}

export class ImportWorkers {
  private readonly size: number;
  private readonly idleMs: number;
  private readonly store: SharedStoreConfig | undefined;
  private readonly maxWaiting: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Seasons already written for the workers, by key, the newest last. */
  private readonly payloads = new Map<string, Promise<SeasonPayload>>();
  private nextId = 1;
  private closed = false;

  constructor(options: ImportWorkersOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    this.idleMs = options.idleMs ?? 60_000;
    this.store = options.store;
    this.maxWaiting = options.maxWaiting ?? 16;
  }

  /**
   * commitImport of an upload, off the server's thread: with a shared store, read, validated and
   * written on a worker (the control is then told the season changed); otherwise read on a worker
   * and validated and written here.
   */
  async commitResults(
    control: RaceControl,
    actor: Actor,
    seasonId: string,
    request: ImportRequest,
    change: ChangeRequest,
  ): Promise<CommittedImport> {
    const store = this.store;
    if (!store) {
      const parsed = await this.parseResults(request);
      const o = await commitImport(control, actor, seasonId, { ...request, parsed }, change);
      return { summary: o.summary, rows: o.rows, additions: o.additions };
    }
    const committed = await new Promise<CommittedImport>((resolve, reject) => {
      const take = (reply: WorkerReply) => {
        if ("committed" in reply) resolve(reply.committed);
        return "committed" in reply;
      };
      const task: WorkerTask = { kind: "results-commit", store, actor, seasonId, request, change };
      this.enqueue({ task, key: null, take, reject });
    });
    control.changedElsewhere(seasonId);
    return committed;
  }

  /** previewImport's preview of an upload, answered as the view asks (JSON or the page). */
  previewResults(
    current: VersionedSeason,
    request: ImportRequest,
    view: PreviewView,
  ): Promise<PreviewAnswer> {
    return this.run(current, (season) => ({ kind: "results-preview", season, request, view }));
  }

  /** previewEntryList's preview of an entry list, answered as the view asks. */
  previewEntryList(
    current: VersionedSeason,
    request: EntryListRequest,
    view: EntryListView,
  ): Promise<PreviewAnswer> {
    return this.run(current, (season) => ({ kind: "entry-list-preview", season, request, view }));
  }

  /** Tasks running or waiting. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job !== null).length;
  }

  /** Stops the workers; tasks not yet answered fail. */
  async close(): Promise<void> {
    this.closed = true;
    const closed = new Error("the import workers were closed");
    for (const job of this.queue.splice(0)) job.reject(closed);
    for (const slot of this.slots) slot.job?.run.reject(closed);
    await Promise.all(this.slots.splice(0).map((s) => this.stop(s)));
  }

  /**
   * parseRequest of an upload to commit: the file read on a worker, its rows sent back in slices
   * read between other requests; commitImport then takes it as `request.parsed`.
   */
  parseResults(request: ImportRequest): Promise<Parsed> {
    const rows: RowInput[] = [];
    const driverColumns: (readonly string[])[] = [];
    return new Promise<Parsed>((resolve, reject) => {
      const take = (reply: WorkerReply) => {
        if ("part" in reply) {
          for (const row of reply.part.rows) rows.push(row);
          for (const columns of reply.part.driverColumns ?? []) driverColumns.push(columns);
          return false;
        }
        if (!("parsed" in reply)) return false;
        const parsed = reply.parsed;
        resolve(
          parsed.ok
            ? ok({
                ...parsed.value,
                rows,
                ...(parsed.value.driverColumns ? { driverColumns } : {}),
              })
            : parsed,
        );
        return true;
      };
      this.enqueue({ task: { kind: "results-parse", request }, key: null, take, reject });
    });
  }

  /** Queues a task, or refuses it when the workers are closed or too many tasks wait. */
  private enqueue(job: Job): void {
    if (this.closed) return job.reject(new Error("the import workers were closed"));
    this.queue.push(job);
    this.dispatch();
    // Still waiting, behind more than maxWaiting others: refused now rather than late.
    if (this.queue.length > this.maxWaiting && this.queue.at(-1) === job) {
      this.queue.pop();
      job.reject(
        new BusyError(
          `${this.queue.length} uploads are already waiting for the import workers: try again in a minute. Nothing was read or written.`,
        ),
      );
    }
  }

  private async run(
    current: VersionedSeason,
    make: (season: SeasonRef) => WorkerTask,
  ): Promise<PreviewAnswer> {
    if (this.closed) throw new Error("the import workers were closed");
    const key = `${current.season.id}@${current.version}`;
    // Written once per version (a few at a time kept), while nothing waits on this thread.
    let payload = this.payloads.get(key);
    if (!payload) {
      payload = payloadOf(current);
      this.payloads.set(key, payload);
      payload.catch(() => this.payloads.delete(key));
    } else {
      this.payloads.delete(key);
      this.payloads.set(key, payload);
    }
    for (const old of this.payloads.keys()) if (this.payloads.size > 2) this.payloads.delete(old);
    const written = await payload;
    return new Promise<PreviewAnswer>((resolve, reject) => {
      // The season travels only to a worker that does not hold it yet (see dispatch).
      const task = make({ key, payload: written });
      const take = (reply: WorkerReply) => {
        if ("answer" in reply) resolve(reply.answer);
        return "answer" in reply;
      };
      this.enqueue({ task, key, take, reject });
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const free = this.slots.filter((s) => s.job === null);
      const job = this.queue[0] as Job;
      const slot =
        free.find((s) => job.key !== null && s.seasons.includes(job.key)) ??
        free[0] ??
        (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      this.queue.shift();
      this.send(slot, job);
    }
  }

  private send(slot: Slot, job: Job): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    const id = this.nextId++;
    slot.job = { id, run: job };
    let task = job.task;
    if (job.key !== null && "season" in task) {
      // The worker keeps the seasons it used last (SEASONS_KEPT), as this list does.
      const at = slot.seasons.indexOf(job.key);
      if (at >= 0) {
        task = { ...task, season: { key: job.key } };
        slot.seasons.splice(at, 1);
      }
      slot.seasons.push(job.key);
      while (slot.seasons.length > SEASONS_KEPT) slot.seasons.shift();
    }
    slot.worker.ref();
    slot.worker.postMessage({ id, task });
  }

  private spawn(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, seasons: [], job: null, idle: null };
    this.slots.push(slot);
    worker.on("message", (reply: WorkerReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      if ("failure" in reply) {
        // Whether the worker kept the season is not known: it is sent again next time.
        slot.seasons.splice(0);
        job.run.reject(errorOf(reply.failure));
      } else if (!job.run.take(reply)) return;
      slot.job = null;
      this.rest(slot);
      this.dispatch();
    });
    const lost = (e: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.idle) clearTimeout(slot.idle);
      slot.job?.run.reject(e);
      slot.job = null;
      this.dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`an import worker stopped (exit code ${code})`)));
    return slot;
  }

  /** An idle worker does not keep the process alive, and stops after idleMs. */
  private rest(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      const index = this.slots.indexOf(slot);
      if (index >= 0 && slot.job === null) {
        this.slots.splice(index, 1);
        void this.stop(slot);
      }
    }, this.idleMs);
    slot.idle.unref();
  }

  private async stop(slot: Slot): Promise<void> {
    if (slot.idle) clearTimeout(slot.idle);
    slot.worker.removeAllListeners("exit");
    await slot.worker.terminate();
  }
}
