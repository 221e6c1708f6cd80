// Named points-rules presets a new season can start from (data/rules-presets/*.json), each a
// complete paddock-rules/1 document that names no class, so it fits any season.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { rulesFromInput } from "../core/points-rules.js";
import { parseJson } from "./season-bundle/read-season-bundle.js";
import { readTextFile } from "./read-text-file.js";

export interface RulesPreset {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly document: unknown;
}

/** The valid presets in a folder, by name; a broken file is skipped, not fatal. */
export function readRulesPresets(dir: string): RulesPreset[] {
  if (!existsSync(dir)) return [];
  const presets: RulesPreset[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const text = readTextFile(join(dir, file), file);
    if (!text.ok) continue;
    const json = parseJson(text.value, file);
    if (!json.ok) continue;
    const rules = rulesFromInput(json.value, file);
    if (!rules.ok) continue;
    const doc = json.value as { id: string; name?: string; description?: string };
    presets.push({
      id: doc.id,
      name: doc.name ?? doc.id,
      description: doc.description ?? "",
      document: json.value,
    });
  }
  return presets;
}
