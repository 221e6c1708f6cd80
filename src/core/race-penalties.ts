// Time and position penalties reorder a race's classification before it is positioned for
// points. A position penalty drops the car the given places among the cars with an overall
// position; a time penalty adds seconds to its race time and drops it behind every car on the
// same lap whose time is now better. Penalties apply in the order the season lists them.
import { decisionMatchesRow } from "./result-decisions.js";
import { parseRaceTime } from "./race-time.js";
import type { Decision, ResultRow } from "./season.js";
import type { RaceTable } from "./season-index.js";

const remembered = new WeakMap<RaceTable, { penalties: readonly Decision[]; table: RaceTable }>();

/**
 * The race's table with its positions after the penalties that stand; the table itself when none
 * concerns it. Rows without an overall position keep their place (nothing to move them from).
 * When penalties reorder a race, published class positions are set aside so that class order
 * follows the new overall order: timing exports give class positions to the cars they place
 * overall, and one classification must hold everywhere. Only a partial source, which gives some
 * car a class position but no overall one, keeps its class positions (the overall order cannot
 * place that car).
 */
export function tableAfterPenalties(table: RaceTable, penalties: readonly Decision[]): RaceTable {
  if (penalties.length === 0) return table;
  const known = remembered.get(table);
  if (known && known.penalties === penalties) return known.table;
  const applying = penalties.filter((d) => table.rows.some((r) => decisionMatchesRow(d, r)));
  const result = applying.length === 0 ? table : reordered(table, applying);
  remembered.set(table, { penalties, table: result });
  return result;
}

function reordered(table: RaceTable, penalties: readonly Decision[]): RaceTable {
  const n = table.rows.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if ((table.position[i] as number) > 0) order.push(i);
  order.sort((a, b) => (table.position[a] as number) - (table.position[b] as number));
  const time = new Map<number, number>();
  const timeOf = (i: number): number | undefined => {
    if (!time.has(i)) {
      const t = (table.rows[i] as ResultRow).time;
      const ms = t === null ? undefined : parseRaceTime(t);
      if (ms !== undefined) time.set(i, ms);
    }
    return time.get(i);
  };
  for (const d of penalties)
    for (let i = 0; i < n; i++) {
      if (!decisionMatchesRow(d, table.rows[i] as ResultRow)) continue;
      const k = order.indexOf(i);
      if (k < 0) continue;
      order.splice(k, 1);
      let to = k;
      if (d.kind === "position_penalty") to = Math.min(k + (d.places ?? 0), order.length);
      else if (d.kind === "time_penalty") {
        const before = timeOf(i);
        if (before === undefined) {
          order.splice(k, 0, i);
          continue;
        }
        const after = before + Math.round((d.seconds ?? 0) * 1000);
        time.set(i, after);
        const laps = table.laps[i] as number;
        while (to < order.length) {
          const j = order[to] as number;
          const tj = timeOf(j);
          if ((table.laps[j] as number) !== laps || tj === undefined || tj > after) break;
          to++;
        }
      }
      order.splice(to, 0, i);
    }
  const position = Int32Array.from(table.position);
  order.forEach((i, k) => (position[i] = k + 1));
  let partial = false;
  for (let i = 0; i < n; i++)
    if (table.classPosition[i] !== 0 && table.position[i] === 0) partial = true;
  return {
    ...table,
    position,
    classPosition: partial ? table.classPosition : new Int32Array(n),
  };
}
