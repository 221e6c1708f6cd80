// The audit log a page at a time: a season's recorded changes, newest first, in pages of
// AUDIT_PAGE_SIZE, each change on the page diffed against the version before it. Only the
// snapshots the page needs are read (at most AUDIT_PAGE_SIZE + 1), each laid out once, so a page
// costs the same on a season of 30 versions or of 30,000.
import type { SeasonChangeRecord, SeasonStore } from "../store/season-store.js";
import { diffRows, seasonRows } from "./season-diff.js";
import type { RowChange, SeasonRows } from "./season-diff.js";

/** Changes per page; every one of them is diffed (unless fewer diffs are asked for). */
export const AUDIT_PAGE_SIZE = 50;

export interface AuditPage {
  /** The page's changes, newest first. */
  readonly changes: readonly SeasonChangeRecord[];
  /** Each diffed change's rows, by version; none for the season's first version. */
  readonly diffs: ReadonlyMap<string, readonly RowChange[]>;
  /** How many changes the season has in all. */
  readonly total: number;
  /** The position (1 = newest) of the page's first change; total + 1 on a page past the end. */
  readonly from: number;
  /** The `before` of the next newer page: null for the newest page, undefined if none. */
  readonly newer: string | null | undefined;
  /** The `before` of the next older page, undefined if none. */
  readonly older: string | undefined;
  /** The snapshots read for the page (for tests and logs). */
  readonly versionsRead: number;
}

export interface AuditPageRequest {
  /** Only changes older than this version (the cursor of older/newer links); default: newest. */
  readonly before?: string | undefined;
  /** Diff only the newest n changes of the page; capped at AUDIT_PAGE_SIZE (the default). */
  readonly diffs?: number | undefined;
}

const byVersionDesc = (a: SeasonChangeRecord, b: SeasonChangeRecord) =>
  Number(b.version) - Number(a.version);

/** One page of a season's audit log, or undefined when the season has no recorded change. */
export async function auditPage(
  store: SeasonStore,
  seasonId: string,
  request: AuditPageRequest = {},
): Promise<AuditPage | undefined> {
  // The records alone (no snapshots): one query however long the history.
  const all = [...(await store.listChanges(seasonId))].sort(byVersionDesc);
  if (all.length === 0) return undefined;
  const before =
    request.before !== undefined && /^\d+$/.test(request.before)
      ? Number(request.before)
      : undefined;
  let start = 0;
  if (before !== undefined) {
    start = all.findIndex((c) => Number(c.version) < before);
    if (start < 0) start = all.length;
  }
  const changes = all.slice(start, start + AUDIT_PAGE_SIZE);
  const wanted = request.diffs;
  const diffCount =
    wanted === undefined || !Number.isFinite(wanted)
      ? AUDIT_PAGE_SIZE
      : Math.max(0, Math.min(AUDIT_PAGE_SIZE, Math.floor(wanted)));

  let versionsRead = 0;
  const rows = new Map<string, Promise<SeasonRows>>();
  const rowsAt = (version: string): Promise<SeasonRows> => {
    let found = rows.get(version);
    if (!found) {
      versionsRead++;
      found = store.getSeasonVersion(seasonId, version).then(seasonRows);
      rows.set(version, found);
    }
    return found;
  };
  const diffs = new Map<string, readonly RowChange[]>();
  for (let i = 0; i < Math.min(diffCount, changes.length); i++) {
    const change = changes[i]!;
    const previous = all[start + i + 1];
    if (!previous) continue; // the season's first version: nothing before it
    diffs.set(
      change.version,
      diffRows(await rowsAt(previous.version), await rowsAt(change.version)),
    );
  }

  const newerStart = start - AUDIT_PAGE_SIZE;
  return {
    changes,
    diffs,
    total: all.length,
    from: start + 1,
    newer: start === 0 ? undefined : newerStart <= 0 ? null : all[newerStart - 1]!.version,
    older: start + AUDIT_PAGE_SIZE < all.length ? changes[changes.length - 1]!.version : undefined,
    versionsRead,
  };
}
