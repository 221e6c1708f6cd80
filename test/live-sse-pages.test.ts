// The live pages: the broadcaster's board renders the latest update at page time (never cached,
// names as text), /live.js is served under the site's CSP, round and standings pages carry the
// live hook only while a race of theirs can run live, and in Chromium the board and the round
// page's banner redraw in place on each update, with hostile names shown as text.
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveCar, LiveUpdate } from "../src/core/live/live-types.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { MemoryLiveBus } from "../src/live/live-bus.js";
import { testUpdate } from "../src/live/testing/nats-testing.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";
import {
  SCREENSHOTS,
  SKIP_BROWSER,
  axeViolations,
  launchChromium,
  warnIfSkipped,
} from "./support/chromium.js";

const root = join(import.meta.dirname, "..");

/** The little of the DOM the browser checks use (the project's lib has no DOM types). */
interface Element {
  tagName: string;
  className: string;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
interface Browserish {
  document: {
    documentElement: Element;
    querySelector(selector: string): Element | null;
    querySelectorAll(selector: string): Iterable<Element>;
  };
}
const HOSTILE = `<img src=x onerror="globalThis.pwned=1">`;
let bus: MemoryLiveBus;
let app: ReturnType<typeof httpApp>;
let raceIdOfRound3 = "";

function car(number: string, classId: string, classPosition: number, driver: string): LiveCar {
  return {
    number,
    entryId: null,
    classId,
    team: "Team",
    driver,
    position: classPosition,
    classPosition,
    laps: 10,
    elapsedMs: 600_000 + classPosition,
    gap: null,
    classGap: classPosition === 1 ? null : { ms: 1234 },
    interval: null,
    classInterval: null,
    lastLapMs: 61_234,
    bestLapMs: 60_000,
    pitStops: 1,
    classPositionsGained: 0,
  };
}

const update = (seq: number, leaderDriver: string): LiveUpdate =>
  testUpdate("alms-2003", 3, seq, {
    raceId: raceIdOfRound3,
    leaderLaps: 10 + seq,
    cars: [car("16", "LMP900", 1, leaderDriver), car("38", "LMP900", 2, "Second Driver")],
    standings: [
      {
        championshipId: "lmp900-teams",
        classId: "LMP900",
        competitorId: "x",
        name: leaderDriver,
        position: 1,
        positionBefore: 3,
        points: "100",
        pointsBefore: "80",
        status: "contender",
      },
    ],
  });

beforeAll(async () => {
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  const season = structuredClone(read.value.season);
  // Round 3 not raced yet (its results not in): it can run live; the other rounds cannot.
  const round3 = season.rounds.find((r) => r.number === 3);
  if (!round3) throw new Error("no round 3");
  raceIdOfRound3 = round3.races[0]?.id ?? "";
  const raceIds = new Set(round3.races.map((r) => r.id));
  const store = new MemoryStore();
  await store.putSeason({
    season: { ...season, results: season.results.filter((r) => !raceIds.has(r.raceId)) },
    rulesDocument: read.value.rulesDocument,
  });
  bus = new MemoryLiveBus();
  app = httpApp(new SeasonService(store, { versionTtlMs: 0 }), () => {}, {
    requestLog: false,
    liveBus: bus,
  });
});

describe("the live board (no JavaScript)", () => {
  it("shows the latest update at page time, provisional, with names as text, never cached", async () => {
    const empty = await app.request("/seasons/alms-2003/rounds/3/live");
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("No live timing for this round yet.");
    await bus.publish(update(1, "First Leader"));
    await bus.publish(update(2, HOSTILE));
    const res = await app.request("/seasons/alms-2003/rounds/3/live");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("PROVISIONAL");
    expect(html).toContain("Lap 12");
    expect(html).toContain("&lt;img src=x");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("First Leader");
    expect(html).toContain('data-live-src="/api/seasons/alms-2003/rounds/3/live/stream"');
    expect(html).toContain("▲2"); // third before the race, first now
    await bus.publish(update(3, "Third Leader"));
    expect(await (await app.request("/seasons/alms-2003/rounds/3/live")).text()).toContain(
      "Third Leader",
    );
  });

  it("shows nothing live for a round whose official results are in", async () => {
    await bus.publish(
      testUpdate("alms-2003", 4, 1, { cars: [car("16", "LMP900", 1, "Live Leader")] }),
    );
    const html = await (await app.request("/seasons/alms-2003/rounds/4/live")).text();
    expect(html).toContain("The official results are in");
    expect(html).not.toContain("Live Leader");
    // No stream to follow: old live data must not redraw over the official results.
    expect(html).not.toContain("data-live-src");
    expect(html).not.toContain('<script src="/live.js"');
  });

  it("serves /live.js as a same-origin script the CSP allows", async () => {
    const res = await app.request("/live.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(await res.text()).toContain("EventSource");
    const csp = (await app.request("/seasons/alms-2003/rounds/3/live")).headers.get(
      "Content-Security-Policy",
    );
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/script-src/); // scripts fall back to default-src 'self'
  });

  it.each([
    ["a round that can run live", "/seasons/alms-2003/rounds/3", true],
    ["a round with official results", "/seasons/alms-2003/rounds/4", false],
    ["the standings while a round can run live", "/seasons/alms-2003/standings?class=GT", true],
    ["standings after a round", "/seasons/alms-2003/standings?class=GT&afterRound=2", false],
  ])("%s: live hook %s", async (_, path, hooked) => {
    const html = await (await app.request(path)).text();
    expect(html.includes("data-live-src="), path).toBe(hooked);
    expect(html.includes('<script src="/live.js"'), path).toBe(hooked);
  });
});

warnIfSkipped("Live pages in Chromium");
describe.skipIf(SKIP_BROWSER)("the live pages in Chromium", () => {
  let base = "";
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await bus.close();
      await new Promise((r) => server.close(r));
    };
  });
  afterAll(() => close());

  it("redraws the board and the round page's banner in place, names as text", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`${base}/seasons/alms-2003/rounds/3/live`);
      const seqIs = ([selector, seq]: string[]) =>
        (globalThis as unknown as Browserish).document
          .querySelector(selector ?? "")
          ?.getAttribute("data-live-seq") === seq;
      await bus.publish(update(10, "Tenth Leader"));
      await page.waitForFunction(seqIs, ["[data-live-seq]", "10"]);
      // The round page (a phone), opened while the race runs.
      const round = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await round.goto(`${base}/seasons/alms-2003/rounds/3`);
      await round.waitForFunction(seqIs, ["aside.live-banner", "10"]);
      await bus.publish(update(11, HOSTILE));
      await page.waitForFunction(seqIs, ["[data-live-seq]", "11"]);
      expect(await page.textContent("[data-live=lap]")).toBe("Lap 21");
      expect(await page.textContent("[data-live=order]")).toContain(HOSTILE);
      expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
      await round.waitForFunction(seqIs, ["aside.live-banner", "11"]);
      expect(await round.isVisible("aside.live-banner")).toBe(true);
      expect(await round.textContent("aside.live-banner")).toContain("PROVISIONAL");
      expect(await round.textContent("aside.live-banner")).toContain(HOSTILE);
      expect(await axeViolations(page)).toEqual([]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, "live-board-1280x720.png") });
      // The board fits 1280 wide, and 390 (a phone), without sideways scrolling; so does the banner.
      const width = () =>
        (globalThis as unknown as Browserish).document.documentElement.scrollWidth;
      expect(await page.evaluate(width)).toBeLessThanOrEqual(1280);
      await page.setViewportSize({ width: 390, height: 844 });
      const wide = await page.evaluate(() =>
        [...(globalThis as unknown as Browserish).document.querySelectorAll("*")]
          .filter((e) => e.getBoundingClientRect().right > 390)
          .map((e) => `${e.tagName}.${e.className}`),
      );
      expect(wide).toEqual([]);
      expect(await page.evaluate(width)).toBeLessThanOrEqual(390);
      const banner =
        "(b => b.scrollWidth <= b.clientWidth)(document.querySelector('aside.live-banner'))";
      expect(await round.evaluate(banner)).toBe(true);
      // The race's live data ends: the banner hides, the board says so.
      await bus.end({
        ended: true,
        seasonId: "alms-2003",
        round: 3,
        raceId: raceIdOfRound3,
        seq: 11,
      });
      // Functions, not strings: the pages' CSP forbids eval.
      const hidden = (selector: string) =>
        (
          (globalThis as unknown as Browserish).document.querySelector(selector) as {
            hidden?: boolean;
          } | null
        )?.hidden === true;
      const text = ([selector, want]: string[]) =>
        (
          (globalThis as unknown as Browserish).document.querySelector(selector ?? "") as {
            textContent?: string;
          } | null
        )?.textContent === want;
      await round.waitForFunction(hidden, "aside.live-banner");
      await page.waitForFunction(text, ["[data-live=state]", "ended"]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
