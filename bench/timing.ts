// Wall-clock timing of repeated runs: a full GC (where the runtime allows it), warm-up runs (not
// recorded), then N timed runs back to back; the median is what gets reported. There is no forced
// GC between timed runs: it shrinks the young generation, and the next run then pays for extra
// scavenges (measured: +30-60% on the engine's median), which is not how a process runs.
import { performance, PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";

export interface Timing {
  readonly warmup: number;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

function findGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return existing;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

const gc = findGc();

/** True when a full GC can be forced between runs. */
export const canForceGc = gc !== null;

export function collectGarbage(): void {
  gc?.();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** When the timed runs of a measure began and ended (performance.now() milliseconds). */
export interface TimedSpan {
  readonly fromMs: number;
  readonly toMs: number;
}

function timing(warmup: number, samples: readonly number[]): Timing {
  return {
    warmup,
    samplesMs: samples,
    medianMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}

/**
 * Times `fn`: `warmup` untimed runs, then `reps` timed ones. `sink` receives every result;
 * `span`, when given, the time the timed runs took place in.
 */
export function measure<T>(
  fn: () => T,
  warmup: number,
  reps: number,
  sink: (result: T) => void = () => {},
  span?: (s: TimedSpan) => void,
): Timing {
  collectGarbage();
  for (let i = 0; i < warmup; i++) sink(fn());
  const samples: number[] = [];
  const fromMs = performance.now();
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    const result = fn();
    samples.push(performance.now() - start);
    sink(result);
  }
  span?.({ fromMs, toMs: performance.now() });
  return timing(warmup, samples);
}

/** measure() for an asynchronous `fn` (a database driver's query); each run is awaited. */
export async function measureAsync<T>(
  fn: () => Promise<T>,
  warmup: number,
  reps: number,
  sink: (result: T) => void = () => {},
): Promise<Timing> {
  collectGarbage();
  for (let i = 0; i < warmup; i++) sink(await fn());
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    const result = await fn();
    samples.push(performance.now() - start);
    sink(result);
  }
  return timing(warmup, samples);
}

/**
 * Garbage collection pauses as Node reports them (perf_hooks "gc" entries). Entries arrive after
 * the synchronous code that caused them has returned, so gcShare() first lets the event loop turn.
 */
export class GcWatch {
  private readonly pauses: { startMs: number; durationMs: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      this.pauses.push({ startMs: e.startTime, durationMs: e.duration });
  });
  constructor() {
    this.observer.observe({ entryTypes: ["gc"] });
  }

  /** The share of a span spent in GC pauses that began within it (0 to 1). */
  async gcShare(span: TimedSpan): Promise<number> {
    // The entries are queued to the event loop twice (native, then JS): let it turn a few times.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
    let pausedMs = 0;
    for (const p of this.pauses)
      if (p.startMs >= span.fromMs && p.startMs < span.toMs) pausedMs += p.durationMs;
    const spanMs = span.toMs - span.fromMs;
    return spanMs > 0 ? Math.min(1, pausedMs / spanMs) : 0;
  }

  /** Forgets the pauses seen so far (between sizes). */
  clear(): void {
    this.pauses.length = 0;
  }

  stop(): void {
    this.observer.disconnect();
  }
}
