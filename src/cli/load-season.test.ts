// The CLI's snapshot of a shipped season's validated input: it reads back exactly as the bundle
// reads (the full parse and checks are the reference), and it is used only while the bundle's
// files are byte for byte those it was made from, read by the same code, in this format.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { computeStandings } from "../core/compute-standings.js";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import {
  bundleHash,
  encodeSeasonSnapshot,
  isShippedBundle,
  readSeasonSnapshot,
  SNAPSHOT_FORMAT,
  snapshotKey,
} from "./load-season.js";

const root = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "paddock-snapshot-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of a bundle under tmp/<case>/<id>, and its snapshot written to tmp/<case>/snapshots. */
function withSnapshot(name: string, id: string, from: string) {
  const dir = join(tmp, name, id);
  const snapshots = join(tmp, name, "snapshots");
  cpSync(from, dir, { recursive: true });
  mkdirSync(snapshots, { recursive: true });
  const read = readSeasonBundle(dir);
  const hash = snapshotKey(dir);
  if (!read.ok || hash === undefined) throw new Error(`${id} does not validate`);
  const text = encodeSeasonSnapshot(read.value, hash);
  writeFileSync(join(snapshots, `${id}.json`), text);
  return { dir, snapshots, read: read.value, text, file: join(snapshots, `${id}.json`) };
}

describe("season snapshots", () => {
  it("are used for the shipped folders only, never for a copy of one elsewhere", () => {
    expect(isShippedBundle(join(root, "data", "alms-2003"))).toBe(true);
    const s = withSnapshot("copy", "alms-2003", join(root, "data", "alms-2003"));
    expect(isShippedBundle(s.dir)).toBe(false);
    expect(isShippedBundle(join(tmp, "nowhere", "alms-2003"))).toBe(false);
  });

  it.each([
    ["alms-2003", join(root, "data", "alms-2003")],
    ["sprint-cup-2024", join(root, "fixtures", "seasons", "sprint-cup-2024")],
  ])("%s: the snapshot reads back as the bundle reads, Maps included", (id, from) => {
    const { dir, snapshots, read } = withSnapshot(`same-${id}`, id, from);
    const back = readSeasonSnapshot(dir, snapshots);
    expect(back).toBeDefined();
    expect(isDeepStrictEqual(back, read)).toBe(true);
    expect(back?.rules.scales).toBeInstanceOf(Map);
    // The engine computes the same standings from either.
    expect(computeStandings(back!.season, back!.rules)).toEqual(
      computeStandings(read.season, read.rules),
    );
  });

  it("is not used once a file of the bundle changes", () => {
    const s = withSnapshot("changed", "alms-2003", join(root, "data", "alms-2003"));
    expect(readSeasonSnapshot(s.dir, s.snapshots)).toBeDefined();
    appendFileSync(join(s.dir, "results", "round-7-laguna-seca.csv"), "\n");
    expect(readSeasonSnapshot(s.dir, s.snapshots)).toBeUndefined();
  });

  it("is not used when a file is added to the bundle", () => {
    const s = withSnapshot("added", "alms-2003", join(root, "data", "alms-2003"));
    writeFileSync(join(s.dir, "results", "extra.csv"), "");
    expect(readSeasonSnapshot(s.dir, s.snapshots)).toBeUndefined();
  });

  it("is not used when other code made it (a build since, with changes)", () => {
    const s = withSnapshot("other-code", "alms-2003", join(root, "data", "alms-2003"));
    expect(readSeasonSnapshot(s.dir, s.snapshots)).toBeDefined();
    // The same files, keyed without this code's hash: as if another build had written it.
    writeFileSync(s.file, encodeSeasonSnapshot(s.read, `${bundleHash(s.dir)}.other`));
    expect(readSeasonSnapshot(s.dir, s.snapshots)).toBeUndefined();
  });

  it.each([
    [
      "another format",
      (text: string) => text.replace(/^\{"format":\d+/, `{"format":${SNAPSHOT_FORMAT + 1}`),
    ],
    ["unreadable", () => "{ not json"],
  ])("is not used when it is %s", (name, spoil) => {
    const s = withSnapshot(`spoilt-${name}`, "alms-2003", join(root, "data", "alms-2003"));
    writeFileSync(s.file, spoil(s.text));
    expect(readSeasonSnapshot(s.dir, s.snapshots)).toBeUndefined();
  });
});
