// Run by `npm run build` after tsc: writes dist/season-snapshots/<id>.json, the validated input of
// every season shipped in data/, with a hash of its files and of the code that read them. The CLI
// reads a season from its snapshot while both hash the same (load-season.ts), sparing the CSV
// parsing and the checks (about half of `paddock standings alms-2003`); the engine still computes
// every answer.
// A snapshot is written only if it reads back exactly as the season it was made from.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import {
  decodeSeasonSnapshot,
  encodeSeasonSnapshot,
  seasonSnapshotDir,
  shippedDataDir,
  shippedSeasonIds,
  snapshotKey,
} from "./load-season.js";

const out = seasonSnapshotDir();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const id of shippedSeasonIds()) {
  const dir = join(shippedDataDir(), id);
  const read = readSeasonBundle(dir);
  const hash = snapshotKey(dir);
  if (!read.ok || hash === undefined) {
    process.stderr.write(`season snapshot: ${id} skipped (it does not validate)\n`);
    continue;
  }
  const text = encodeSeasonSnapshot(read.value, hash);
  const { season, rules, rulesDocument } = read.value;
  if (!isDeepStrictEqual(decodeSeasonSnapshot(text).bundle, { season, rules, rulesDocument })) {
    process.stderr.write(`season snapshot: ${id} skipped (it does not read back the same)\n`);
    continue;
  }
  writeFileSync(join(out, `${id}.json`), text);
}
