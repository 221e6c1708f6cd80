import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rulesFromInput, rulesJsonSchema } from "./points-rules.js";
import { seasonJsonSchema } from "./season-input.js";

const base = {
  format: "paddock-rules/1",
  id: "t",
  name: "test",
  version: 1,
  scales: { s: [3, 2, 1] },
  defaultScale: "s",
  championships: [{ id: "teams", name: "Teams", kind: "teams" }],
};

describe("rulesFromInput", () => {
  it.each([
    ["a minimal document", base, null],
    ["fractions and decimals as points", { ...base, scales: { s: ["1/2", "0.25", 3] } }, null],
    ["an unknown default scale", { ...base, defaultScale: "x" }, "UNKNOWN_SCALE"],
    [
      "a newer language version",
      { ...base, format: "paddock-rules/2" },
      "UNSUPPORTED_RULES_VERSION",
    ],
    ["a scale value that is not points", { ...base, scales: { s: ["lots"] } }, "INVALID_RULES"],
    ["an unknown key", { ...base, extra: true }, "INVALID_RULES"],
    [
      "an override naming an unknown championship",
      { ...base, races: [{ round: 1, championships: ["x"] }] },
      "UNKNOWN_CHAMPIONSHIP",
    ],
    [
      "bands of races cut short",
      {
        ...base,
        shortRaces: [
          { belowLaps: 2, multiplier: 0 },
          { below: "3/4", multiplier: "1/2" },
        ],
      },
      null,
    ],
    [
      "a short-race band with neither bound",
      { ...base, shortRaces: [{ multiplier: "1/2" }] },
      "INVALID_RULES",
    ],
    [
      "a short-race band with both bounds",
      { ...base, shortRaces: [{ below: "1/4", belowLaps: 2, multiplier: 0 }] },
      "INVALID_RULES",
    ],
    [
      "a short-race band naming an unknown scale",
      { ...base, shortRaces: [{ below: "1/4", scale: "x" }] },
      "UNKNOWN_SCALE",
    ],
    [
      "a driver scoring with his best-placed car only (counting on a drivers' championship)",
      {
        ...base,
        championships: [{ id: "d", name: "D", kind: "drivers", counting: { cars: "best" } }],
      },
      null,
    ],
    [
      "a driver's other cars letting the next cars move up (nextCar for drivers)",
      {
        ...base,
        championships: [
          {
            id: "d",
            name: "D",
            kind: "drivers",
            counting: { cars: "best", nonCounting: "nextCar" },
          },
        ],
      },
      "INVALID_RULES",
    ],
    [
      "a bonus paid whatever the finish",
      {
        ...base,
        championships: [
          {
            id: "d",
            name: "D",
            kind: "drivers",
            bonuses: [{ kind: "fastestLap", points: 1, paidIf: "anyFinish" }],
          },
        ],
      },
      null,
    ],
    [
      "an unknown bonus condition",
      {
        ...base,
        championships: [
          {
            id: "d",
            name: "D",
            kind: "drivers",
            bonuses: [{ kind: "fastestLap", points: 1, paidIf: "sometimes" }],
          },
        ],
      },
      "INVALID_RULES",
    ],
    [
      "a teams' championship where shared cars score nothing",
      { ...base, championships: [{ id: "t", name: "T", kind: "teams", sharedDrives: "none" }] },
      null,
    ],
    [
      "a teams' championship splitting a shared car's points",
      { ...base, championships: [{ id: "t", name: "T", kind: "teams", sharedDrives: "split" }] },
      "INVALID_RULES",
    ],
    [
      "minimum participation in a teams' championship",
      {
        ...base,
        championships: [{ id: "t", name: "T", kind: "teams", minParticipation: { races: 2 } }],
      },
      "INVALID_RULES",
    ],
    [
      "tie-breaks: countbacks of every kind, then a stated order",
      {
        ...base,
        championships: [
          {
            id: "t",
            name: "T",
            kind: "teams",
            tieBreaks: [
              { rule: "countback", over: "finishingOrder", withheld: true, position: "classified" },
              { rule: "countback", over: "scoring" },
              "latestResult",
              { rule: "statedOrder", order: ["a", "b"] },
            ],
          },
        ],
      },
      null,
    ],
    [
      "a countback over an unknown kind of result",
      {
        ...base,
        championships: [
          { id: "t", name: "T", kind: "teams", tieBreaks: [{ rule: "countback", over: "laps" }] },
        ],
      },
      "INVALID_RULES",
    ],
    [
      "excluded competitors' points hidden",
      {
        ...base,
        championships: [{ id: "t", name: "T", kind: "teams", excluded: { points: "hidden" } }],
      },
      null,
    ],
    [
      "best-N counted per result",
      {
        ...base,
        championships: [{ id: "d", name: "D", kind: "drivers", drop: { unit: "result", best: 5 } }],
      },
      null,
    ],
    [
      "a drop window ending before it starts",
      {
        ...base,
        championships: [
          { id: "d", name: "D", kind: "drivers", drop: { windows: [{ from: 5, to: 2, best: 1 }] } },
        ],
      },
      "INVALID_RULES",
    ],
  ])("%s", (_name, doc, code) => {
    const r = rulesFromInput(doc, "rules.json");
    if (code === null) expect(r.ok).toBe(true);
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.map((p) => p.code)).toContain(code);
        expect(r.error.every((p) => p.file === "rules.json" && typeof p.field === "string")).toBe(
          true,
        );
      }
    }
  });
});

describe("JSON Schemas in docs/schema are the ones generated from the validators", () => {
  const root = join(import.meta.dirname, "..", "..");
  it.each([
    ["points-rules.schema.json", rulesJsonSchema()],
    ["season.schema.json", seasonJsonSchema()],
  ])("%s (regenerate with npm run schema)", (file, schema) => {
    expect(JSON.parse(readFileSync(join(root, "docs", "schema", file), "utf8"))).toEqual(schema);
  });
});
