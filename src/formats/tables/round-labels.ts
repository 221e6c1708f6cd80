// Short venue labels for round headers ("SEB", "ATL", "PET"), as encyclopedia standings tables
// print them. A round's own short name (season.json `short_name`, Round.shortName) when the
// season gives one; otherwise derived: the first three letters of the circuit's distinctive word
// (generic words such as "International", "Raceway" or "Road" skipped, accents dropped); a
// circuit already labelled earlier in the season takes the first distinctive word of the round's
// name instead (Petit Le Mans at Road Atlanta: "PET"), and if that is taken too, the label gets
// the round number ("ATL9").
import { numberedRounds } from "../../core/season.js";
import type { Season } from "../../core/season.js";

/** Words that name no particular venue ("International", "Raceway", "of the"). */
export const GENERIC_VENUE_WORDS: ReadonlySet<string> = new Set([
  "international",
  "internazionale",
  "raceway",
  "circuit",
  "circuito",
  "street",
  "speedway",
  "autodromo",
  "autódromo",
  "autodrome",
  "park",
  "motorsport",
  "motorsports",
  "motor",
  "sports",
  "car",
  "course",
  "track",
  "of",
  "the",
  "de",
  "del",
]);

/** For a three-letter label, events' words are no venue either ("Road", "Grand Prix", "Le"). */
const GENERIC = new Set([
  ...GENERIC_VENUE_WORDS,
  "road",
  "grand",
  "prix",
  "gp",
  "hours",
  "race",
  "di",
  "du",
  "le",
  "la",
]);

function letters(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase();
}

/**
 * The longest run of words of a text that are not generic (the first, on a tie): a sponsor's word
 * before the venue is a shorter run ("Mazda Raceway Laguna Seca" -> "Laguna Seca").
 */
function distinctiveRun(text: string, generic: ReadonlySet<string>): string[] {
  let best: string[] = [];
  let run: string[] = [];
  for (const w of [...text.trim().split(/\s+/), ""]) {
    if (w !== "" && letters(w) !== "" && !generic.has(w.toLowerCase())) {
      run.push(w);
      continue;
    }
    if (run.length > best.length) best = run;
    run = [];
  }
  return best;
}

/**
 * A short circuit name for a column header: its distinctive run of words ("Sebring International
 * Raceway" -> "Sebring", "Mazda Raceway Laguna Seca" -> "Laguna Seca"); the name itself if none.
 */
export function shortCircuitName(circuit: string): string {
  const run = distinctiveRun(circuit, GENERIC_VENUE_WORDS);
  return run.length > 0 ? run.join(" ") : circuit.trim();
}

/** The three-letter label of a text's distinctive run of words, or "" if it has none. */
export function venueLabel(text: string): string {
  const first = distinctiveRun(text, GENERIC)[0];
  const l = first === undefined ? "" : letters(first);
  return l.length >= 2 ? l.slice(0, 3) : "";
}

/** The label of every numbered round of a season, by round number, unique within the season. */
export function roundLabels(season: Season): Map<number, string> {
  const labels = new Map<number, string>();
  // A derived label never takes one a round is given.
  const used = new Set(season.rounds.flatMap((r) => (r.shortName ? [r.shortName] : [])));
  for (const round of numberedRounds(season)) {
    if (round.number === null) continue;
    if (round.shortName) {
      labels.set(round.number, round.shortName);
      continue;
    }
    const byCircuit = venueLabel(round.circuit);
    const byName = venueLabel(round.name);
    let label = [byCircuit, byName].find((l) => l !== "" && !used.has(l));
    if (label === undefined) label = `${byCircuit || byName || "R"}${round.number}`;
    labels.set(round.number, label);
    used.add(label);
  }
  return labels;
}
