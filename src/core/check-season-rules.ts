// Checks that a season and a rules document fit together: every class, round and championship a
// rule names exists, and every decision finds what it is about.
import { problem } from "./problems.js";
import type { Problem } from "./problems.js";
import type { PointsRules } from "./points-rules.js";
import { decisionMatchesRow } from "./compute-standings.js";
import { scoringClassOf } from "./race-positions.js";
import type { Season } from "./season.js";

export function checkSeasonAgainstRules(
  season: Season,
  rules: PointsRules,
  rulesFile?: string,
): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string) => ({ ...(rulesFile ? { file: rulesFile } : {}), field });
  const classIds = new Set(season.classes.map((k) => k.id));
  const roundNumbers = new Set(season.rounds.flatMap((r) => (r.number === null ? [] : [r.number])));
  const raceIds = new Set(season.rounds.flatMap((r) => r.races.map((x) => x.id)));
  for (const [raced, scoring] of rules.classMap) {
    if (!classIds.has(raced))
      problems.push(
        problem(
          "UNKNOWN_CLASS",
          `classMap names class "${raced}", not one of the season's`,
          at(`classMap.${raced}`),
        ),
      );
    if (!classIds.has(scoring))
      problems.push(
        problem(
          "UNKNOWN_CLASS",
          `classMap maps to class "${scoring}", not one of the season's`,
          at(`classMap.${raced}`),
        ),
      );
  }
  rules.championships.forEach((ch, i) => {
    for (const k of ch.classes ?? [])
      if (!classIds.has(k))
        problems.push(
          problem(
            "UNKNOWN_CLASS",
            `championship ${ch.id} names class "${k}"`,
            at(`championships.${i}.classes`),
          ),
        );
  });
  rules.races.forEach((o, i) => {
    if (!roundNumbers.has(o.round))
      problems.push(
        problem("UNKNOWN_ROUND", `round ${o.round} is not on the calendar`, at(`races.${i}.round`)),
      );
    if (o.race !== null && !raceIds.has(o.race))
      problems.push(
        problem("UNKNOWN_RACE", `race "${o.race}" is not on the calendar`, at(`races.${i}.race`)),
      );
  });
  const champIds = new Set(rules.championships.map((c) => c.id));
  for (const d of season.decisions) {
    const where = { ...d.source, field: "championship" };
    if (d.championshipId !== null && !champIds.has(d.championshipId))
      problems.push(
        problem(
          "UNKNOWN_CHAMPIONSHIP",
          `championship "${d.championshipId}" is not in the rules`,
          where,
        ),
      );
    if (d.kind === "disqualify" && !season.results.some((r) => decisionMatchesRow(d, r)))
      problems.push(
        problem("UNKNOWN_CAR", `decision ${d.id} matches no result row`, {
          ...d.source,
          field: "number",
        }),
      );
  }
  // Published class positions are per scoring class: they must not collide once classes are mapped.
  const seen = new Map<string, { line?: number }>();
  const mixed = new Map<
    string,
    { explicit: boolean; derived: boolean; line?: number; file?: string }
  >();
  for (const r of season.results) {
    const k = scoringClassOf(rules, r.classId);
    if (k === null) continue;
    const group = `${r.raceId}|${k}`;
    const m = mixed.get(group) ?? { explicit: false, derived: false };
    if (r.classPosition !== null) m.explicit = true;
    else if (r.position !== null) {
      m.derived = true;
      if (m.line === undefined) Object.assign(m, r.source);
    }
    mixed.set(group, m);
    if (r.classPosition === null) continue;
    const key = `${group}|${r.classPosition}`;
    const prev = seen.get(key);
    if (prev && r.classId !== null && rules.classMap.has(r.classId))
      problems.push(
        problem(
          "DUPLICATE_CLASS_POSITION",
          `class position ${r.classPosition} in ${k} is also given on line ${prev.line}`,
          { ...r.source, field: "class_pos" },
        ),
      );
    seen.set(key, r.source);
  }
  for (const [group, m] of mixed)
    if (m.explicit && m.derived)
      problems.push(
        problem(
          "MIXED_CLASS_POSITIONS",
          `race ${group.split("|")[0]}, class ${group.split("|")[1]}: some rows give class_pos and others only pos; give class_pos for every positioned row of the class, or for none`,
          {
            ...(m.file ? { file: m.file } : {}),
            ...(m.line !== undefined ? { line: m.line } : {}),
            field: "class_pos",
          },
        ),
      );
  return problems;
}
