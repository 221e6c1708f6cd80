// The audit log a page at a time: on a season of 300 versions a page reads at most a page's
// snapshots plus one and diffs at most a page of changes, whatever ?diffs asks; the before
// cursor walks the whole history, newest to oldest, each change once.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import { openStore } from "../store/open-store.js";
import type { StoreConfig } from "../store/open-store.js";
import type { SeasonStore } from "../store/season-store.js";
import { AUDIT_PAGE_SIZE, auditPage } from "./audit-log.js";

const WRITES = 300;
const SEASON = "endurance-cup-2025";

/** The store, counting the reads that cost: whole seasons and snapshots. */
function counting(store: SeasonStore) {
  const reads = { getSeason: 0, getSeasonVersion: 0, listChanges: 0 };
  const wrapped = new Proxy(store, {
    get: (target, key, receiver) => {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key === "string" && key in reads && typeof value === "function")
        return (...args: unknown[]) => {
          reads[key as keyof typeof reads]++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return value;
    },
  });
  return { store: wrapped, reads };
}

describe.each<{ name: string; config: StoreConfig }>([
  { name: "memory", config: { kind: "memory" } },
  { name: "SQLite", config: { kind: "sqlite", path: ":memory:" } },
])("the audit log of a season of $name with 300 versions", ({ config }) => {
  let store: SeasonStore;
  beforeAll(async () => {
    store = await openStore(config);
    const bundle = readSeasonBundle(
      join(import.meta.dirname, "..", "..", "fixtures", "seasons", SEASON),
    );
    if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
    const { season, rulesDocument } = bundle.value;
    // 300 small writes: the season's name, changed each time.
    for (let i = 1; i <= WRITES; i++)
      await store.putSeason(
        { season: { ...season, name: `${season.name} (${i})` }, rulesDocument },
        { actor: "test", action: "rename", reason: "", summary: `write ${i}` },
      );
  }, 120_000);
  afterAll(() => store.close());

  it("a page reads at most a page of snapshots (plus one) and no whole season", async () => {
    const { store: counted, reads } = counting(store);
    const page = await auditPage(counted, SEASON);
    expect(page).toBeDefined();
    expect(page!.total).toBe(WRITES);
    expect(page!.changes.map((c) => c.version)).toEqual(
      Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => String(WRITES - i)),
    );
    expect(page!.diffs.size).toBe(AUDIT_PAGE_SIZE);
    expect(reads).toEqual({ getSeason: 0, getSeasonVersion: AUDIT_PAGE_SIZE + 1, listChanges: 1 });
    expect(page!.versionsRead).toBe(AUDIT_PAGE_SIZE + 1);
    // Each diff is the one row that changed.
    const newest = page!.diffs.get(String(WRITES));
    expect(newest).toEqual([expect.objectContaining({ part: "season", key: "season" }) as unknown]);
    expect(newest![0]!.after?.name).toContain(`(${WRITES})`);
    expect(newest![0]!.before?.name).toContain(`(${WRITES - 1})`);
    expect(page).toMatchObject({
      from: 1,
      newer: undefined,
      older: String(WRITES - AUDIT_PAGE_SIZE + 1),
    });
  });

  it("?diffs is capped at a page, and may ask for fewer", async () => {
    const many = counting(store);
    const capped = await auditPage(many.store, SEASON, { diffs: 600 });
    expect(capped!.diffs.size).toBe(AUDIT_PAGE_SIZE);
    expect(many.reads.getSeasonVersion).toBe(AUDIT_PAGE_SIZE + 1);

    const few = counting(store);
    const three = await auditPage(few.store, SEASON, { diffs: 3 });
    expect([...three!.diffs.keys()]).toEqual(["300", "299", "298"]);
    expect(few.reads.getSeasonVersion).toBe(4);

    const none = counting(store);
    expect((await auditPage(none.store, SEASON, { diffs: 0 }))!.diffs.size).toBe(0);
    expect(none.reads.getSeasonVersion).toBe(0);
    expect((await auditPage(store, SEASON, { diffs: Number("x") }))!.diffs.size).toBe(
      AUDIT_PAGE_SIZE,
    );
  });

  it("the before cursor walks the history, each change once, each page bounded", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    for (;;) {
      const { store: counted, reads } = counting(store);
      const page = await auditPage(counted, SEASON, { before });
      pages++;
      expect(reads.getSeasonVersion).toBeLessThanOrEqual(AUDIT_PAGE_SIZE + 1);
      expect(reads.getSeason).toBe(0);
      expect(page!.from).toBe(seen.length + 1);
      seen.push(...page!.changes.map((c) => c.version));
      if (page!.older === undefined) {
        // The oldest page: its last change is the season's first version, with no diff.
        expect(page!.changes.at(-1)!.version).toBe("1");
        expect(page!.diffs.has("1")).toBe(false);
        break;
      }
      before = page!.older;
    }
    expect(pages).toBe(Math.ceil(WRITES / AUDIT_PAGE_SIZE));
    expect(seen).toEqual(Array.from({ length: WRITES }, (_, i) => String(WRITES - i)));
  });

  it("newer links lead back: the second page's newer is the newest page", async () => {
    const second = await auditPage(store, SEASON, { before: String(WRITES - AUDIT_PAGE_SIZE + 1) });
    expect(second).toMatchObject({ from: AUDIT_PAGE_SIZE + 1, newer: null });
    const third = await auditPage(store, SEASON, { before: second!.older });
    expect(third).toMatchObject({
      from: 2 * AUDIT_PAGE_SIZE + 1,
      newer: String(WRITES - AUDIT_PAGE_SIZE + 1),
    });
    const back = await auditPage(store, SEASON, { before: third!.newer ?? undefined });
    expect(back!.changes.map((c) => c.version)).toEqual(second!.changes.map((c) => c.version));
    const past = await auditPage(store, SEASON, { before: "1" });
    expect(past).toMatchObject({ changes: [], from: WRITES + 1, older: undefined });
    expect(await auditPage(store, "no-such-season")).toBeUndefined();
  });
});
