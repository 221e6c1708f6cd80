// The benchmark's points rules: a per-class teams' championship like the 2003 ALMS one, written as
// a rules document and validated by rulesFromInput, exactly as a user's rules file would be.
import { rulesFromInput } from "../src/core/points-rules.js";
import type { PointsRules, RulesDocumentInput } from "../src/core/points-rules.js";

export const ALMS_2003_TEAMS_RULES = {
  format: "paddock-rules/1",
  id: "bench-alms-2003-teams",
  name: "ALMS 2003-style teams' championship (benchmark)",
  version: 1,
  description:
    "Per class; only a team's best car scores and the positions of its other cars go to nobody; a disqualified car is removed and the cars behind move up; a car under 70% of its class winner's distance keeps its position but scores nothing.",
  scales: { alms: [20, 16, 13, 10, 8, 6, 4, 3, 2, 1] },
  defaultScale: "alms",
  eligibility: [
    { rule: "status", statuses: ["dsq"], effect: "moveUp" },
    { rule: "minDistance", fraction: "7/10", of: "classWinner", effect: "unawarded" },
  ],
  championships: [
    {
      id: "teams",
      name: "Teams",
      kind: "teams",
      perClass: true,
      counting: { cars: "best", nonCounting: "unawarded" },
    },
  ],
} satisfies RulesDocumentInput;

export function benchRules(): PointsRules {
  const result = rulesFromInput(ALMS_2003_TEAMS_RULES, "bench/rules.ts");
  if (!result.ok) {
    const lines = result.error.map((p) => `  ${JSON.stringify(p)}`).join("\n");
    throw new Error(`the benchmark's rules document does not validate:\n${lines}`);
  }
  return result.value;
}
