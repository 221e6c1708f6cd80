// What a fan lands on: the home page names each series' latest results, next round and leaders (or
// champions), the season page carries a champions box, dates read as people write them with their
// machine-readable form, and the site has an icon. Expected champions and totals come from the
// published 2003 standings (fixtures/alms-2003/standings-published.csv); dates from the bundle.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

const root = join(import.meta.dirname, "..");
const published = (
  parse(readFileSync(join(root, "fixtures", "alms-2003", "standings-published.csv"), "utf8"), {
    columns: true,
  }) as Record<string, string>[]
).filter((r) => r.pos === "1");
const bundle = JSON.parse(readFileSync(join(root, "data", "alms-2003", "season.json"), "utf8")) as {
  rounds: { number: number | null; date: string; status: string }[];
};
let app: ReturnType<typeof httpApp>;

beforeAll(async () => {
  const store = new MemoryStore();
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
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
