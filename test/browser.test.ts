// A person's view: headless Chromium (Debian's, driven by playwright-core) reads the rendered
// pages of a running server, follows links, and saves screenshots to artifacts/screenshots.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, serious } from "./support/chromium.js";

const root = join(import.meta.dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const required = Boolean(process.env.CI) || process.env.PADDOCK_REQUIRE_BROWSER === "1";
const available = existsSync(CHROMIUM);
const shots = join(root, "artifacts", "screenshots");
if (!available && !required)
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );

const published = (
  parse(readFileSync(join(root, "fixtures/alms-2003/standings-published.csv"), "utf8"), {
    columns: true,
  }) as Record<string, string>[]
).find((r) => r["class"] === "GT" && r["team"] === "Alex Job Racing")!;

let server: ChildProcess;
let base = "";
let browser: Browser;
let page: Page;

describe.skipIf(!available && !required)("in a browser", () => {
  beforeAll(async () => {
    if (!available)
      throw new Error(
        `Chromium is required here (CI) but missing at ${CHROMIUM}: .ci/run installs it with apt-get`,
      );
    mkdirSync(shots, { recursive: true });
    server = spawn(process.execPath, [join(root, "dist/src/server.js")], {
      // A fresh data folder: the server loads the shipped seasons into an empty store.
      env: {
        ...process.env,
        PORT: "0",
        LOG_LEVEL: "info",
        PADDOCK_DATA_DIR: mkdtempSync(join(tmpdir(), "paddock-browser-")),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("the server did not start within 30 s")),
        30_000,
      );
      let buffered = "";
      server.stdout?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const m = /"port":(\d+)/.exec(buffered);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      });
      server.on("exit", (code) => reject(new Error(`the server exited with ${code}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
  });

  it("the GT standings page shows Alex Job Racing's total and round-by-round points as published", async () => {
    await page.goto(`${base}/seasons/alms-2003/standings?class=GT`);
    const row = page.locator("table tbody tr", {
      has: page.locator("th", { hasText: /^Alex Job Racing$/ }),
    });
    const cells = await row.locator("td").allInnerTexts();
    // cells: position, Rd 1..9, total
    expect(cells[0]).toBe(published["pos"]);
    expect(cells.slice(1, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => published[`r${n}`]));
    expect(cells[10]).toBe(published["total"]);
    // The progression chart is an SVG image of its own: it must have loaded.
    const chart = page.locator("figure.chart img").first();
    await expect
      .poll(() =>
        chart.evaluate((img) => {
          const image = img as unknown as { complete: boolean; naturalWidth: number };
          return image.complete && image.naturalWidth > 0;
        }),
      )
      .toBe(true);
    await page.screenshot({ path: join(shots, "standings-gt.png"), fullPage: true });
  });

  it("follows links from the season page to a round and to a team", async () => {
    await page.goto(`${base}/seasons/alms-2003`);
    await page.screenshot({ path: join(shots, "season.png"), fullPage: true });
    await page.getByRole("link", { name: "Fry's Electronics Sports Car Championships" }).click();
    await expect.poll(() => page.url()).toContain("/rounds/7");
    expect(await page.locator("h1").innerText()).toContain("Round 7");
    await expect
      .poll(async () => (await page.locator("body").innerText()).includes("DSQ"))
      .toBe(true);
    await page.screenshot({ path: join(shots, "round-7.png"), fullPage: true });
    await page.getByRole("link", { name: "Prodrive" }).first().click();
    await expect.poll(() => page.url()).toContain("/teams/prodrive");
    expect(await page.locator("h1").innerText()).toBe("Prodrive");
    await page.screenshot({ path: join(shots, "team-prodrive.png"), fullPage: true });
  });

  it.each([
    "/",
    "/seasons/alms-2003",
    "/seasons/alms-2003/standings?class=GT",
    "/seasons/alms-2003/rounds/7",
    "/seasons/alms-2003/teams/prodrive",
    "/seasons/alms-2003/entries",
    "/seasons/alms-2003/explain?round=1&team=team-bentley",
    "/api/docs",
    "/seasons/alms-2003/drivers",
    "/seasons/alms-2003/drivers/marco-werner",
    "/seasons/alms-2003/teams",
    "/search?q=joest",
    "/seasons/alms-2003/standings?class=GTS&afterRound=8",
  ])(
    "%s has no serious or critical accessibility violations (axe-core, WCAG 2 A/AA)",
    async (path) => {
      await page.goto(`${base}${path}`);
      expect(serious(await axeViolations(page))).toEqual([]);
    },
  );

  it.each([
    "/",
    "/seasons/alms-2003",
    "/seasons/alms-2003/entries",
    "/seasons/alms-2003/standings",
    "/seasons/alms-2003/standings?class=GT",
    "/seasons/alms-2003/rounds/1",
    "/seasons/alms-2003/rounds/7",
    "/seasons/alms-2003/decisions",
    "/seasons/alms-2003/teams/prodrive",
    "/seasons/alms-2003/explain?round=1&team=team-bentley",
    "/login",
    "/api/docs",
    "/seasons/alms-2003/drivers",
    "/seasons/alms-2003/drivers/marco-werner",
    "/seasons/alms-2003/teams",
    "/search?q=joest",
    "/seasons/alms-2003/standings?class=GTS&afterRound=8",
  ])(
    "%s fits a 390 px phone screen: nothing wider than the screen but scrolling tables",
    async (path) => {
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
      try {
        await phone.goto(`${base}${path}`);
        const width = await phone.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
              .document.documentElement.scrollWidth,
        );
        expect(width).toBeLessThanOrEqual(390);
      } finally {
        await phone.close();
      }
    },
  );

  // The fans' pages of issue 11, drawn at both widths for people to look at.
  it.each([
    ["home", "/"],
    ["season", "/seasons/alms-2003"],
    ["standings-gt", "/seasons/alms-2003/standings?class=GT"],
    ["round-7", "/seasons/alms-2003/rounds/7"],
    ["drivers", "/seasons/alms-2003/drivers"],
    ["driver-marco-werner", "/seasons/alms-2003/drivers/marco-werner"],
    ["teams", "/seasons/alms-2003/teams"],
    ["search-joest", "/search?q=joest"],
    ["title-race-gts-after-8", "/seasons/alms-2003/standings?class=GTS&afterRound=8"],
  ])("%s: no serious axe violation, and screenshots, at 1280 and 390 px", async (name, path) => {
    for (const width of [1280, 390]) {
      const p = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await p.goto(`${base}${path}`);
        expect(await p.locator("h1").count()).toBe(1);
        expect(serious(await axeViolations(p)), `${path} at ${width} px`).toEqual([]);
        await p.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
      } finally {
        await p.close();
      }
    }
  });

  it("searches from the season page's search box and follows a driver's link to the flag", async () => {
    await page.goto(`${base}/seasons/alms-2003`);
    await page.getByRole("searchbox", { name: "Search drivers, teams and rounds" }).fill("Werner");
    await page.getByRole("search").getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.url()).toContain("/search?q=Werner");
    await page.getByRole("link", { name: "Marco Werner" }).first().click();
    await expect.poll(() => page.url()).toContain("/drivers/marco-werner");
    // The flag is decoration; the country is said in words.
    expect(await page.locator("main").innerText()).toContain("Germany");
  });

  it("keeps position and name in view while a standings table scrolls sideways on a phone", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(`${base}/seasons/alms-2003/standings?class=GT`);
      const box = phone.locator(".scroll", { has: phone.locator("table.standings") }).first();
      const name = box.locator("tbody tr").first().locator("th");
      const position = box.locator("tbody tr").first().locator("td").first();
      const before = [(await position.boundingBox())?.x, (await name.boundingBox())?.x];
      const scrolled = await box.evaluate((e) => {
        e.scrollLeft = e.scrollWidth;
        return e.scrollLeft;
      });
      expect(scrolled).toBeGreaterThan(100);
      expect([(await position.boundingBox())?.x, (await name.boundingBox())?.x]).toEqual(before);
      expect(await name.innerText()).toBe(published["team"]);
      await phone.screenshot({ path: join(shots, "standings-gt-phone-scrolled.png") });
    } finally {
      await phone.close();
    }
  });

  it("reads on a phone screen and explains a team's points", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${base}/seasons/alms-2003/standings?class=LMP900`);
    await phone.screenshot({ path: join(shots, "standings-lmp900-phone.png"), fullPage: true });
    await phone.goto(`${base}/seasons/alms-2003/explain?round=1&team=team-bentley`);
    expect(await phone.locator("body").innerText()).toContain("NOT_COUNTING_CAR");
    await phone.screenshot({ path: join(shots, "explain-bentley-r1.png"), fullPage: true });
    await phone.goto(`${base}/`);
    await phone.screenshot({ path: join(shots, "home.png"), fullPage: true });
    await phone.close();
  });
});
