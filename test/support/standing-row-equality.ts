// Standings rows build their cells on first read, in getters on the class (rank-table.ts), which
// vitest's toEqual does not read: rows are compared here as the plain objects they stand for.
import { expect } from "vitest";
import { LazyStandingRow } from "../../src/core/rank-table.js";

expect.addEqualityTesters([
  function standingRowsEqual(a, b, testers) {
    if (!(a instanceof LazyStandingRow) && !(b instanceof LazyStandingRow)) return undefined;
    const plain = (x: unknown) => (x instanceof LazyStandingRow ? x.toJSON() : x);
    return this.equals(plain(a), plain(b), testers);
  },
]);
