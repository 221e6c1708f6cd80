// The whole Lone Star Le Mans 2025 lap analysis (fixtures/timing) replayed through the live feed:
// lines in race-time order, in chunks (the header with the first only), one chunk sent twice. After
// the last lap, the live order per class must equal the running order worked out here from the
// file with csv-parse (laps desc, elapsed asc), and the provisional points per class the scale of
// the fixture season's rules file applied to that order.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { LiveRace } from "../src/core/live/live-race.js";
import { provisionalBase, provisionalPicture } from "../src/core/live/provisional-standings.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { readLapChunk } from "../src/formats/live-feed/al-kamel-laps.js";

const ROOT = join(import.meta.dirname, "..");
const FILE = join(ROOT, "fixtures", "timing", "wec-2025-cota-6h-analysis.csv");
const BUNDLE = join(ROOT, "fixtures", "live", "wec-2025-cota");
const ROUND = 6;

const text = readFileSync(FILE, "utf8").replace(/^\uFEFF/, "");
const [headerLine = "", ...lapLines] = text.split(/\r?\n/).filter((l) => l.trim() !== "");
const rows = parse(text, {
  columns: (h: string[]) => h.map((x) => x.trim()),
  delimiter: ";",
  skip_empty_lines: true,
}) as Record<string, string>[];
/** "3:38.404" or "1:02:03.004" in ms, read here without Paddock's parser. */
const ms = (t: string) =>
  Math.round(t.split(":").reduce((acc, part) => acc * 60 + Number(part), 0) * 1000);

/** The running order per class, from the file alone: each car's last lap and its elapsed time. */
function expectedOrder(): Map<string, string[]> {
  const last = new Map<string, { laps: number; elapsed: number; klass: string }>();
  for (const r of rows) {
    const laps = Number(r.LAP_NUMBER);
    const held = last.get(r.NUMBER ?? "");
    if (!held || laps > held.laps)
      last.set(r.NUMBER ?? "", { laps, elapsed: ms(r.ELAPSED ?? ""), klass: r.CLASS ?? "" });
  }
  const byClass = new Map<string, string[]>();
  for (const [number, c] of [...last.entries()].sort(
    ([, a], [, b]) => b.laps - a.laps || a.elapsed - b.elapsed,
  ))
    byClass.set(c.klass, [...(byClass.get(c.klass) ?? []), number]);
  return byClass;
}

/** The lap lines sorted by elapsed time (as the timing would send them), in chunks of 97. */
function chunks(): string[] {
  const elapsedAt = headerLine
    .split(";")
    .map((h) => h.trim())
    .indexOf("ELAPSED");
  const sorted = [...lapLines].sort(
    (a, b) => ms(a.split(";")[elapsedAt] ?? "") - ms(b.split(";")[elapsedAt] ?? ""),
  );
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i += 97) out.push(sorted.slice(i, i + 97).join("\n"));
  out[0] = `${headerLine}\n${out[0]}`;
  return out;
}

function newBase() {
  const bundle = readSeasonBundle(BUNDLE);
  if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
  const base = provisionalBase(bundle.value.season, bundle.value.rules, ROUND);
  if (!base.ok) throw new Error(JSON.stringify(base.error));
  return base.value;
}

/** The replay; after each chunk, the picture of the base that has seen every update (and may
 * answer from its cache) and the picture of a base that never computed one. */
function replay() {
  const base = newBase();
  const race = new LiveRace(base.entries);
  let header: readonly string[] | null = null;
  const all = chunks();
  const pictures: { kept: unknown; fresh: unknown }[] = [];
  for (const chunk of [...all.slice(0, 10), all[5] as string, ...all.slice(10)]) {
    const read = readLapChunk(chunk, header);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    header = read.value.header;
    race.apply(read.value.laps);
    pictures.push({
      kept: provisionalPicture(base, race.summaries()),
      fresh: provisionalPicture(newBase(), race.summaries()),
    });
  }
  return { race, base, pictures };
}

describe("the COTA 2025 lap analysis replayed through the live feed", () => {
  const { race, base } = replay();

  it("gives after every chunk the picture a fresh computation gives", () => {
    for (const p of replay().pictures) expect(p.kept).toEqual(p.fresh);
  });

  it("holds every lap once, whatever was sent twice", () => {
    expect(race.lapCount).toBe(rows.length);
  });

  it("gives the running order per class computed independently from the file", () => {
    const cars = race.cars();
    for (const [klass, numbers] of expectedOrder()) {
      const live = cars.filter((c) => c.classId === klass);
      expect(live.map((c) => c.number)).toEqual(numbers);
      expect(live.map((c) => c.classPosition)).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it("gives each car the points of the rules' scale for its class position", () => {
    const rules = JSON.parse(readFileSync(join(BUNDLE, "rules.json"), "utf8")) as {
      scales: Record<string, number[]>;
      defaultScale: string;
      championships: { id: string }[];
    };
    const scale = rules.scales[rules.defaultScale] ?? [];
    const entryOf = new Map(
      (
        parse(readFileSync(join(BUNDLE, "entries.csv"), "utf8"), { columns: true }) as {
          id: string;
          number: string;
        }[]
      ).map((e) => [e.number, e.id]),
    );
    const picture = provisionalPicture(base, race.summaries());
    if (!picture.ok) throw new Error(JSON.stringify(picture.error));
    for (const numbers of expectedOrder().values())
      numbers.forEach((number, i) => {
        const expected = String(scale[i] ?? 0);
        const entry = entryOf.get(number) ?? "";
        for (const ch of rules.championships)
          expect(picture.value.racePoints[entry]?.[ch.id], `#${number} ${ch.id}`).toBe(expected);
      });
    // The standings "if it finished like this": each team's total, the sum of its cars' scale
    // points in the class (no result before this round in the fixture).
    const season = JSON.parse(readFileSync(join(BUNDLE, "season.json"), "utf8")) as {
      teams: { id: string; name: string }[];
    };
    const teamOf = new Map(
      (
        parse(readFileSync(join(BUNDLE, "entries.csv"), "utf8"), { columns: true }) as {
          number: string;
          team: string;
        }[]
      ).map((e) => [e.number, season.teams.find((t) => t.name === e.team)?.id ?? ""]),
    );
    for (const [klass, numbers] of expectedOrder()) {
      const totals = new Map<string, number>();
      numbers.forEach((n, i) =>
        totals.set(teamOf.get(n) ?? "", (totals.get(teamOf.get(n) ?? "") ?? 0) + (scale[i] ?? 0)),
      );
      const table = picture.value.standings.filter(
        (s) => s.championshipId === "teams" && s.classId === klass,
      );
      expect(new Map(table.map((s) => [s.competitorId, Number(s.points)]))).toEqual(totals);
      expect(table.every((s) => s.pointsBefore === "0" && s.positionBefore === null)).toBe(true);
    }
  });
});
