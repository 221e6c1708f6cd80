// Test support: every file under fixtures/imports (good and broken), with the options each is
// read with. Reads files: tests and scripts only.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { columnMappingSchema } from "../result-layouts.js";
import type { FixtureFile } from "./import-properties.js";

export const IMPORT_FIXTURES = "fixtures/imports";

/** The classification files under `dir` (relative to the package root), mappings applied. */
export function readImportFixtures(dir: string = IMPORT_FIXTURES): FixtureFile[] {
  const files: FixtureFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(csv|json)$/.test(name) && !/mapping\.json$|^expected\.json$/.test(name)) {
        const mappingPath = path.replace(/-[a-z]+\.csv$/, "-mapping.json");
        const mapping =
          mappingPath !== path && existsSync(mappingPath)
            ? columnMappingSchema.parse(JSON.parse(readFileSync(mappingPath, "utf8")))
            : undefined;
        files.push({
          name: relative(dir, path),
          bytes: readFileSync(path),
          ...(mapping ? { options: { mapping } } : {}),
        });
      }
    }
  };
  walk(dir);
  return files;
}
