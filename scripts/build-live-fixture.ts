// Builds fixtures/live/wec-2025-cota/ (a season bundle) from the Al Kamel lap analysis of the 2025
// Lone Star Le Mans (fixtures/timing): its classes, teams, cars and drivers as they raced, the
// 2025 FIA WEC calendar with COTA as round 6 and no results anywhere (the live feed is the only
// source of COTA's running order), and the WEC points scale. Run it again after changing it:
//   npx tsc -p tsconfig.build.json && node dist/scripts/build-live-fixture.js
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { slug } from "../src/core/names.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SOURCE = join(ROOT, "fixtures", "timing", "wec-2025-cota-6h-analysis.csv");
const OUT = join(ROOT, "fixtures", "live", "wec-2025-cota");

const REGULATIONS =
  "FIA World Endurance Championship 2025 Sporting Regulations (points for a race of up to 6 hours): 25-18-15-12-10-8-6-4-2-1 to the first ten of each class, 1 point for pole position in each class";

const CALENDAR = [
  ["Qatar 1812 km", "Lusail International Circuit", "2025-02-28"],
  ["6 Hours of Imola", "Autodromo Internazionale Enzo e Dino Ferrari", "2025-04-20"],
  ["TotalEnergies 6 Hours of Spa-Francorchamps", "Circuit de Spa-Francorchamps", "2025-05-10"],
  ["24 Hours of Le Mans", "Circuit de la Sarthe", "2025-06-14"],
  ["Rolex 6 Hours of São Paulo", "Autódromo José Carlos Pace", "2025-07-13"],
  ["Lone Star Le Mans", "Circuit of the Americas", "2025-09-07"],
  ["6 Hours of Fuji", "Fuji Speedway", "2025-09-28"],
  ["Bapco Energies 8 Hours of Bahrain", "Bahrain International Circuit", "2025-11-08"],
] as const;

const CLASS_NAMES: Record<string, string> = { HYPERCAR: "Hypercar", LMGT3: "LMGT3" };

interface Car {
  number: string;
  classId: string;
  team: string;
  manufacturer: string;
  drivers: string[];
}

const rows = parse(readFileSync(SOURCE, "utf8").replace(/^\uFEFF/, ""), {
  columns: (h: string[]) => h.map((x) => x.trim()),
  delimiter: ";",
  skip_empty_lines: true,
}) as Record<string, string>[];
const cars = new Map<string, Car>();
for (const r of rows) {
  const number = r.NUMBER ?? "";
  let car = cars.get(number);
  if (!car)
    cars.set(
      number,
      (car = {
        number,
        classId: r.CLASS ?? "",
        team: r.TEAM ?? "",
        manufacturer: r.MANUFACTURER ?? "",
        drivers: [],
      }),
    );
  const driver = r.DRIVER_NAME ?? "";
  if (driver && !car.drivers.includes(driver)) car.drivers.push(driver);
}
const byNumber = [...cars.values()].sort(
  (a, b) => a.classId.localeCompare(b.classId) || Number(a.number) - Number(b.number),
);
const teams = [...new Set(byNumber.map((c) => c.team))].sort();
const entryId = (c: Car) => `${slug(c.team)}-${c.number}`;

const season = {
  format: "paddock-season/1",
  id: "wec-2025",
  series: { id: "wec", name: "FIA World Endurance Championship" },
  year: 2025,
  name: "2025 FIA World Endurance Championship",
  classes: [...new Set(byNumber.map((c) => c.classId))].map((id) => ({
    id,
    name: CLASS_NAMES[id] ?? id,
  })),
  rounds: CALENDAR.map(([name, circuit, date], i) => ({
    number: i + 1,
    name,
    circuit,
    date,
    status: "scheduled",
    races: [{ id: `r${i + 1}`, name: "Race" }],
  })),
  teams: teams.map((name) => ({ id: slug(name), name })),
  rules: "rules.json",
  entries: "entries.csv",
  drivers: "drivers.csv",
  provenance: [
    "Classes, teams, cars, manufacturers and drivers: the cars of the Al Kamel lap-by-lap analysis of the 2025 Lone Star Le Mans (fixtures/timing/wec-2025-cota-6h-analysis.csv), as they raced there; derived by scripts/build-live-fixture.ts.",
    "Calendar: the 2025 FIA WEC calendar (fiawec.com). Results of rounds 1-5 (and 7-8) are NOT included: every round is scheduled without results, so the standings start at zero and the live feed of round 6 (COTA) is the only source of points.",
    `Points: ${REGULATIONS}. The longer races' scales (Qatar and Bahrain x1.5, Le Mans x2) are not modelled: no result of theirs is in this bundle.`,
    "A test fixture for the live timing feed (docs/live.md), not a record of the 2025 season.",
  ],
};

const rules = {
  format: "paddock-rules/1",
  id: "wec-2025",
  name: "FIA WEC 2025 (per class)",
  version: 1,
  description: `${REGULATIONS}. Cars not classified, retired, disqualified or not starting score nothing; those behind move up.`,
  scales: { wec: [25, 18, 15, 12, 10, 8, 6, 4, 2, 1] },
  defaultScale: "wec",
  eligibility: [
    { rule: "status", statuses: ["not_classified", "dnf", "dsq", "dns"], effect: "moveUp" },
  ],
  championships: [
    {
      id: "teams",
      name: "Teams",
      kind: "teams",
      perClass: true,
      counting: { cars: "all", nonCounting: "unawarded" },
      bonuses: [{ kind: "pole", points: 1 }],
      tieBreaks: ["countback"],
    },
    {
      id: "drivers",
      name: "Drivers",
      kind: "drivers",
      perClass: true,
      sharedDrives: "full",
      bonuses: [{ kind: "pole", points: 1 }],
      tieBreaks: ["countback"],
    },
  ],
};

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, "season.json"), `${JSON.stringify(season, null, 2)}\n`);
writeFileSync(join(OUT, "rules.json"), `${JSON.stringify(rules, null, 2)}\n`);
writeFileSync(
  join(OUT, "entries.csv"),
  stringify(
    byNumber.map((c) => [entryId(c), c.number, c.classId, c.team, c.manufacturer]),
    { header: true, columns: ["id", "number", "class", "team", "manufacturer"] },
  ),
);
writeFileSync(
  join(OUT, "drivers.csv"),
  stringify(
    byNumber.flatMap((c) => c.drivers.map((d) => [entryId(c), d])),
    { header: true, columns: ["entry", "driver"] },
  ),
);
console.log(`${OUT}: ${byNumber.length} cars, ${teams.length} teams`);
