// Best-N counting: which of a competitor's results count, over the season and within windows of
// rounds ("best 5 of the first 6 rounds plus best 4 of the last 5").
import { cmp } from "./points.js";
import type { Points } from "./points.js";
import type { Championship } from "./points-rules.js";

export interface ScoringUnit {
  /** A round number or a race id: what the drop rule counts. */
  readonly key: string;
  readonly round: number;
  readonly points: Points;
}

/** The keys of the units that count; the rest are dropped. Ties keep the earlier result. */
export function countedUnits(
  units: readonly ScoringUnit[],
  drop: Championship["drop"],
): Set<string> {
  const counted = new Set(units.map((u) => u.key));
  if (!drop) return counted;
  const keepBest = (list: readonly ScoringUnit[], n: number) => {
    const sorted = [...list].sort(
      (a, b) => cmp(b.points, a.points) || a.round - b.round || a.key.localeCompare(b.key),
    );
    sorted.forEach((u, i) => {
      if (i >= n) counted.delete(u.key);
    });
  };
  for (const w of drop.windows)
    keepBest(
      units.filter((u) => counted.has(u.key) && u.round >= w.from && u.round <= w.to),
      w.best,
    );
  if (drop.best !== null)
    keepBest(
      units.filter((u) => counted.has(u.key)),
      drop.best,
    );
  return counted;
}
