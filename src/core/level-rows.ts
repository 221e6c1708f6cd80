// How the rows of competitors sharing a place are listed (levelRows): the facts beyond a row's
// own tally that the listing reads, gathered once per computation and only when asked for.
import type { Season } from "./season.js";

/**
 * Co-drivers of one car in the car's order: for two drivers, the order their first shared result
 * lists them in (negative when `a` is listed first), 0 when they never shared a car.
 */
export type CoDriverOrder = (a: string, b: string) => number;

export function coDriverOrder(season: Season): CoDriverOrder {
  // Per driver, the results he shared with others (their rows' indices), built on first use.
  let shared: Map<string, number[]> | undefined;
  const rowsOf = (id: string): readonly number[] => {
    if (shared === undefined) {
      const byDriver = new Map<string, number[]>();
      season.results.forEach((row, i) => {
        if (row.driverIds.length < 2) return;
        for (const d of row.driverIds) {
          const list = byDriver.get(d);
          if (list) list.push(i);
          else byDriver.set(d, [i]);
        }
      });
      shared = byDriver;
    }
    return shared.get(id) ?? [];
  };
  return (a, b) => {
    if (a === b) return 0;
    for (const i of rowsOf(a)) {
      const ids = (season.results[i] as Season["results"][number]).driverIds;
      const j = ids.indexOf(b);
      if (j >= 0) return ids.indexOf(a) - j;
    }
    return 0;
  };
}
