// Short venue labels for round headers: the distinctive word of the circuit, the round's name
// when the circuit was visited before, the round number when both are taken.
import { describe, expect, it } from "vitest";
import type { Round, Season } from "../../core/season.js";
import { roundLabels, venueLabel } from "./round-labels.js";

describe("venueLabel", () => {
  it.each([
    ["Sebring International Raceway", "SEB"],
    ["Road Atlanta", "ATL"],
    ["Sonoma Raceway", "SON"],
    ["Circuit Trois-Rivières", "TRO"],
    ["Mazda Raceway Laguna Seca", "LAG"],
    ["Miami street circuit", "MIA"],
    ["Autódromo José Carlos Pace", "JOS"],
    ["Circuit de Spa-Francorchamps", "SPA"],
    ["Petit Le Mans", "PET"],
    ["Circuit of the Americas", "AME"],
    ["Raceway", ""],
  ])("%s -> %s", (text, label) => {
    expect(venueLabel(text)).toBe(label);
  });
});

describe("roundLabels", () => {
  const round = (number: number | null, name: string, circuit: string): Round => ({
    key: String(number ?? name),
    number,
    name,
    circuit,
    date: null,
    status: "completed",
    races: [],
    note: "",
  });
  const season = (rounds: Round[]) => ({ rounds }) as unknown as Season;

  it.each([
    [
      "a second visit takes the round's name",
      [
        round(2, "Chevy Grand Prix of Atlanta", "Road Atlanta"),
        round(9, "Petit Le Mans", "Road Atlanta"),
      ],
      [
        [2, "ATL"],
        [9, "PET"],
      ],
    ],
    [
      "a third visit with a taken name gets its number",
      [
        round(1, "Opener", "Hallam Ridge"),
        round(2, "Opener Again", "Hallam Ridge"),
        round(3, "Opener", "Hallam Ridge"),
      ],
      [
        [1, "HAL"],
        [2, "OPE"],
        [3, "HAL3"],
      ],
    ],
    [
      "a round's given short name is kept, and never taken by a derived one",
      [
        { ...round(1, "Opener", "Sebring"), shortName: "OPN" },
        round(2, "Sebring 12", "Sebring International Raceway"),
        round(3, "Open Finale", "Opening Park"),
        { ...round(4, "Twelve", "Sebring"), shortName: "SEB" },
      ],
      [
        [1, "OPN"],
        [2, "SEB2"],
        [3, "OPE"],
        [4, "SEB"],
      ],
    ],
    [
      "rounds without a number get no label, others in round order",
      [
        round(null, "Grand Prix of Mexico", "Autodromo Hermanos Rodriguez"),
        round(1, "Sebring 12", "Sebring"),
      ],
      [[1, "SEB"]],
    ],
  ] as const)("%s", (_, rounds, expected) => {
    expect([...roundLabels(season([...rounds]))]).toEqual(expected);
  });
});
