// Wall-clock timing of repeated runs: a full GC (where the runtime allows it), warm-up runs (not
// recorded), then N timed runs back to back; the median is what gets reported. There is no forced
// GC between timed runs: it shrinks the young generation, and the next run then pays for extra
// scavenges (measured: +30-60% on the engine's median), which is not how a process runs.
import { performance } from "node:perf_hooks";
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

/** Times `fn`: `warmup` untimed runs, then `reps` timed ones. `sink` receives every result. */
export function measure<T>(
  fn: () => T,
  warmup: number,
  reps: number,
  sink: (result: T) => void = () => {},
): Timing {
  collectGarbage();
  for (let i = 0; i < warmup; i++) sink(fn());
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    const result = fn();
    samples.push(performance.now() - start);
    sink(result);
  }
  return {
    warmup,
    samplesMs: samples,
    medianMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}
