// What a fan lands on: the home page names each series' latest results, next round and leaders (or
// champions), the season page carries a champions box, dates read as people write them with their
// machine-readable form, and the site has an icon. Drivers' championships, driver and team index
// pages, the search, flags and the title race. Expected values come from reference files only:
// the published 2003 standings and class winners, the hand-worked title scenarios after round 8
// (fixtures/alms-2003), data/alms-2003/drivers.csv, and the hand-worked Sprint Cup 2024
// standings (fixtures/seasons/sprint-cup-2024/expected-standings.csv); dates from the bundle.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

const root = join(import.meta.dirname, "..");
const csv = (...path: string[]) =>
  parse(readFileSync(join(root, ...path), "utf8"), { columns: true }) as Record<string, string>[];
const allPublished = csv("fixtures", "alms-2003", "standings-published.csv");
const published = allPublished.filter((r) => r.pos === "1");
const classWinners = csv("fixtures", "alms-2003", "class-winners.csv");
const almsDrivers = csv("data", "alms-2003", "drivers.csv");
const sprintExpected = csv("fixtures", "seasons", "sprint-cup-2024", "expected-standings.csv");
const afterRound8 = JSON.parse(
  readFileSync(join(root, "fixtures", "alms-2003", "title-scenarios-after-round-8.json"), "utf8"),
) as {
  classes: Record<
    string,
    {
      clinched: boolean;
      leader: string;
      points: Record<string, string>;
      contenders: string[];
      pointsToDrawLevel?: Record<string, string>;
      lastRace?: Record<
        string,
        Record<string, { rival: string; mayFinishAtBest?: number | null; tieOnly?: boolean }>
      >;
    }
  >;
};
const bundle = JSON.parse(readFileSync(join(root, "data", "alms-2003", "season.json"), "utf8")) as {
  rounds: { number: number | null; date: string; status: string }[];
};
let app: ReturnType<typeof httpApp>;

beforeAll(async () => {
  const store = new MemoryStore();
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
  // The 2003 season as it stood before Petit Le Mans: round 9 still to run (a series of its own,
  // so the home page still shows the real 2003 season).
  const s = read.value.season;
  const r9 = new Set(
    s.rounds.filter((r) => r.number === 9).flatMap((r) => r.races.map((x) => x.id)),
  );
  await store.putSeason({
    season: {
      ...s,
      id: "alms-2003-before-r9",
      series: { id: "alms-before-r9", name: "ALMS before round 9" },
      rounds: s.rounds.map((r) => (r.number === 9 ? { ...r, status: "scheduled" as const } : r)),
      results: s.results.filter((x) => !r9.has(x.raceId)),
      decisions: s.decisions.filter((d) => d.target.roundNumber !== 9),
    },
    rulesDocument: read.value.rulesDocument,
  });
  const sprint = readSeasonBundle(join(root, "fixtures", "seasons", "sprint-cup-2024"));
  if (!sprint.ok) throw new Error("sprint-cup-2024 does not validate");
  await store.putSeason({ season: sprint.value.season, rulesDocument: sprint.value.rulesDocument });
  app = httpApp(new SeasonService(store), () => {});
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("pages for fans", () => {
  it("the home page names the 2003 champions of every class with their published totals", async () => {
    const page = text(await (await app.request("/")).text());
    expect(page).toContain("Champions");
    for (const r of published)
      expect(page).toContain(`Teams' Championship ${r.class}: ${r.team} ${r.total} pts (champion)`);
    expect(page).toContain("Latest: Round 9");
  });

  it("the season page has a champions box", async () => {
    const html = await (await app.request("/seasons/alms-2003")).text();
    const box = text(/<aside class="summary"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? "");
    expect(box).toContain("Champions");
    for (const r of published) expect(box).toContain(`${r.class}: ${r.team} ${r.total} pts`);
  });

  it("writes dates for people, each in a <time> with its ISO date", async () => {
    const html = await (await app.request("/seasons/alms-2003")).text();
    const months = [
      "January",
      "February",
      "March",
      "April",
      "May",
      "June",
      "July",
      "August",
      "September",
      "October",
      "November",
      "December",
    ];
    for (const r of bundle.rounds) {
      const [y, m, d] = r.date.split("-").map(Number);
      expect(html).toContain(`<time datetime="${r.date}">${d} ${months[(m ?? 1) - 1]} ${y}</time>`);
    }
  });

  it("has an icon, linked from every page", async () => {
    const res = await app.request("/favicon.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg /);
    expect(await (await app.request("/")).text()).toContain('<link rel="icon" href="/favicon.svg"');
  });
});

/** Exact points as a person reads them: "283/3" -> "94 1/3", "79.75" as it is. */
const forPeople = (exact: string) => {
  const m = /^(\d+)\/(\d+)$/.exec(exact);
  if (!m) return exact;
  const [n, d] = [Number(m[1]), Number(m[2])];
  return `${Math.floor(n / d)} ${n % d}/${d}`;
};
const get = async (path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
/** The cells' text of each body row of the first table after `heading` (a tiny reader). */
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      text(c[1]!)
        .replace(/ ([:,])/g, "$1")
        .trim(),
    ),
  );

describe("drivers' championships, driver pages and index pages", () => {
  const drivers = sprintExpected.filter(
    (r) => r.championship === "drivers" || r.championship === "overall",
  );
  it.each(drivers.map((r) => [r.championship, r.class, r.competitor, r]))(
    "Sprint Cup 2024 %s %s: %s's page gives the hand-worked position and total",
    async (championship, klass, name, r) => {
      const names = { drivers: "Drivers' Championship", overall: "Overall Drivers' Trophy" };
      const label = `${names[championship as keyof typeof names]}${klass ? ` ${klass}` : ""}`;
      const id = name!.toLowerCase().replace(/ /g, "-");
      const rows = rowsOf(await get(`/seasons/sprint-cup-2024/drivers/${id}`));
      const row = rows.find((cells) => cells[0] === label);
      expect(row, label).toBeDefined();
      const tied = sprintExpected.some(
        (x) => x !== r && x.championship === championship && x.class === klass && x.pos === r!.pos,
      );
      expect(row![1]).toBe(r!.pos === "" ? "EX" : `${r!.pos}${tied ? "=" : ""}`);
      expect(row!.at(-1)).toBe(forPeople(r!.total!));
    },
  );

  it("the Sprint Cup drivers' index lists each driver's places in both drivers' championships", async () => {
    const rows = rowsOf(await get("/seasons/sprint-cup-2024/drivers"));
    for (const r of drivers.filter((x) => x.championship === "drivers" && x.pos !== "")) {
      const row = rows.find((cells) => cells[0] === r.competitor);
      expect(row?.at(-1)).toContain(`Drivers' Championship ${r.class}: ${r.pos}`);
      expect(row?.at(-1)).toContain(`, ${forPeople(r.total!)} pts`);
    }
  });

  it("the 2003 drivers' index lists every driver of drivers.csv with a link to the page", async () => {
    const html = await get("/seasons/alms-2003/drivers");
    const names = new Set(almsDrivers.map((d) => d.driver!));
    const linked = new Set(
      [...html.matchAll(/<a href="\/seasons\/alms-2003\/drivers\/[^"]+">([^<]+)<\/a>/g)].map((m) =>
        text(m[1]!),
      ),
    );
    expect([...linked].sort()).toEqual([...names].sort());
    expect(text(html)).toContain("This season has no drivers' championship");
  });

  it("the 2003 teams' index gives each published team its position and total", async () => {
    const rows = rowsOf(await get("/seasons/alms-2003/teams"));
    for (const r of allPublished) {
      const row = rows.find((cells) => cells[0] === r.team);
      expect(row?.at(-1), r.team).toContain(
        `Teams' Championship ${r.class}: ${r.pos}, ${r.total} pts`,
      );
    }
  });

  it("the season grid links each class winner's drivers to their pages", async () => {
    const html = await get("/seasons/alms-2003");
    const linked = new Set(
      [...html.matchAll(/<a href="\/seasons\/alms-2003\/drivers\/[^"]+">([^<]+)<\/a>/g)].map((m) =>
        text(m[1]!),
      ),
    );
    // The seed writes some names without their accents ("Lucas Luhr" for Lucas Lühr).
    const plain = (name: string) => name.normalize("NFD").replace(/\p{M}/gu, "");
    const plainLinked = new Set([...linked].map(plain));
    for (const w of classWinners)
      for (const d of w.drivers!.split(";")) expect(plainLinked, d).toContain(plain(d));
  });
});

describe("flags for nationalities, never alone", () => {
  // IOC codes as drivers.csv writes them, with the country and its ISO alpha-2 code (flag).
  const NATIONS: [string, string, string][] = [
    ["GER", "Germany", "DE"],
    ["SUI", "Switzerland", "CH"],
    ["DEN", "Denmark", "DK"],
    ["NED", "Netherlands", "NL"],
    ["GBR", "United Kingdom", "GB"],
    ["USA", "United States", "US"],
    ["DEU", "Germany", "DE"],
    ["MCO", "Monaco", "MC"],
  ];
  const flag = (alpha2: string) =>
    String.fromCodePoint(...[...alpha2].map((ch) => 0x1f1e6 + ch.charCodeAt(0) - 65));

  it.each(NATIONS)(
    "%s: flag of %s with the name for screen readers",
    async (code, name, alpha2) => {
      const driver = almsDrivers.find((d) => d.nationality === code)!;
      const rows = [...(await get("/seasons/alms-2003/drivers")).matchAll(/<tr>([\s\S]*?)<\/tr>/g)];
      const row = rows.find((m) => m[1]!.includes(`>${driver.driver!.replace(/'/g, "&#39;")}</a>`));
      expect(row?.[1]).toContain(
        `<span class="flag" aria-hidden="true">${flag(alpha2)}</span> <abbr title="${name}">${code}</abbr>`,
      );
    },
  );
});

describe("search", () => {
  it("finds every driver whose name holds the words, teams and rounds by circuit", async () => {
    const html = await get("/search?q=werner");
    const wanted = almsDrivers.filter((d) => /werner/i.test(d.driver!)).map((d) => d.driver!);
    expect(wanted.length).toBeGreaterThan(0);
    for (const d of wanted) expect(text(html)).toContain(d);
    const sebring = text(await get("/search?q=Sebring"));
    expect(sebring).toContain("Mobil 1 12 Hours of Sebring");
    const joest = text(await get("/search?q=JOEST"));
    expect(joest).toContain("Infineon Team Joest");
  });

  it("shows what was searched for as text, never as markup", async () => {
    const html = await get(`/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("is a GET form on the home and season pages, and asks for two letters", async () => {
    for (const path of ["/", "/seasons/alms-2003", "/seasons/alms-2003/drivers"])
      expect(await get(path)).toContain('<form method="get" action="/search" role="search"');
    expect(text(await get("/search?q=x"))).toContain("Type at least 2 letters");
  });
});

describe("the title race on the standings page", () => {
  it.each(Object.entries(afterRound8.classes))(
    "after round 8, %s: as worked out by hand",
    async (klass, x) => {
      const page = text(await get(`/seasons/alms-2003/standings?class=${klass}&afterRound=8`));
      if (x.clinched) {
        expect(page).toContain(`Title clinched: ${x.leader} can no longer be caught`);
        return;
      }
      expect(page).toContain(`Title race after round 8: ${x.contenders.length} can still win`);
      for (const [who, needs] of Object.entries(x.pointsToDrawLevel ?? {}))
        expect(page).toContain(
          `${who} needs ${needs} more points than the leader to draw level. In the last race, if ${who} finishes:`,
        );
      for (const [who, points] of Object.entries(x.points))
        if (x.contenders.includes(who))
          expect(page).toContain(`${who} ${points} ${Number(points) + 26}`);
      for (const [who, finishes] of Object.entries(x.lastRace ?? {})) {
        const line = page.slice(page.indexOf(`${who} needs`));
        const ranges = [
          ...line.matchAll(/P(\d+)(?: to P(\d+))?: (.+?)(?= P\d+(?: to P\d+)?:| Winner )/g),
        ];
        for (const [pos, f] of Object.entries(finishes)) {
          if (pos === "working") continue;
          const n = Number(pos.slice(1));
          const said = f.tieOnly
            ? "must score 0 (a tie"
            : f.mayFinishAtBest === null
              ? "must finish out of the points"
              : `must finish P${f.mayFinishAtBest} or lower`;
          const range = ranges.find((m) => Number(m[1]) <= n && n <= Number(m[2] ?? m[1]));
          expect(range?.[3], `${who} ${pos}`).toContain(`${f.rival} ${said}`);
        }
      }
    },
  );

  it("before round 9, the season page and standings say who can still win, by default", async () => {
    const box = text(
      /<aside class="summary"[\s\S]*?<\/aside>/.exec(
        await get("/seasons/alms-2003-before-r9"),
      )?.[0] ?? "",
    ).replace(/ :/g, ":");
    expect(box).toContain("Title race after round 8");
    for (const [klass, x] of Object.entries(afterRound8.classes)) {
      expect(box).toContain(
        x.clinched
          ? `${klass}: clinched by ${x.leader}`
          : `${klass}: ${x.contenders.length} can still win (${x.contenders.join(", ")})`,
      );
      const page = text(await get(`/seasons/alms-2003-before-r9/standings?class=${klass}`));
      expect(page).toContain(
        x.clinched
          ? `Title clinched: ${x.leader} can no longer be caught`
          : `Title race after round 8: ${x.contenders.length} can still win`,
      );
    }
  });

  it("after the last round, each class names its published champion", async () => {
    for (const r of published) {
      const page = text(await get(`/seasons/alms-2003/standings?class=${r.class}`));
      expect(page).toContain(`Champion: ${r.team} (${r.total} pts)`);
    }
  });
});

describe("round headers carry the venue's short name", () => {
  it("2003: SEB … PET, each linked to its round", async () => {
    const html = await get("/seasons/alms-2003/standings?class=GT");
    // As encyclopedia tables head them (Petit Le Mans, the second visit to Road Atlanta: PET).
    const expected = ["SEB", "ATL", "SON", "TRO", "MOS", "AME", "LAG", "MIA", "PET"];
    const heads = [
      ...html.matchAll(
        /<a href="\/seasons\/alms-2003\/rounds\/(\d+)"[^>]*>[\s\S]*?<abbr[^>]*>([A-Z0-9]+)<\/abbr>/g,
      ),
    ];
    expect(heads.map((m) => [Number(m[1]), m[2]])).toEqual(expected.map((l, i) => [i + 1, l]));
    // Screen readers hear the round's number with its label.
    expect(html).toContain('aria-label="Round 9, PET"');
  });
});
