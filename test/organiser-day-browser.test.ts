// The organiser's day, end to end in a real browser: log in, create the season on the form, add a
// round, upload the whole entry list in one file (preview, then confirm), import a timing export
// that carries class positions, record a time penalty and a disqualification, publish. Then the
// public round page, the JSON API, the standings and the decisions list must all tell the same
// penalised classification and points. Expected values are worked out here from the fixture
// files (the timing export, the rules' scale) with none of Paddock's code.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SCREENSHOTS,
  SKIP_BROWSER,
  axeViolations,
  launchChromium,
  requireChromium,
  serious,
  warnIfSkipped,
} from "./support/chromium.js";
import type { RaceResultsJson } from "../src/api/round-results-json.js";
import { ROOT, cli, requireBuild, startServer } from "./support/paddock-process.js";
import type { ServerProcess } from "./support/paddock-process.js";

const SEASON_DIR = join(ROOT, "fixtures", "seasons", "endurance-cup-2025");
const TIMING = join(ROOT, "fixtures", "organiser-day", "round-1-class-positions.csv");
const USER = { username: "olga", name: "Olga Organiser", password: "olga's long password" };
const S = "club-endurance-2025";

const seasonFile = JSON.parse(readFileSync(join(SEASON_DIR, "season.json"), "utf8")) as {
  classes: { id: string; name: string }[];
  rounds: { number: number; name: string; circuit: string; date: string }[];
};
const rulesText = readFileSync(join(SEASON_DIR, "rules.json"), "utf8");
const scale = (JSON.parse(rulesText) as { scales: Record<string, number[]> }).scales.wec ?? [];
const csv = (text: string, delimiter = ",") =>
  parse(text, {
    columns: true,
    skip_empty_lines: true,
    delimiter,
    bom: true,
    trim: true,
  }) as Record<string, string>[];
const entries = csv(readFileSync(join(SEASON_DIR, "entries.csv"), "utf8"));
const drivers = csv(readFileSync(join(SEASON_DIR, "drivers.csv"), "utf8"));
const timing = csv(readFileSync(TIMING, "utf8"), ";");

// The stewards' decisions of the day.
const PENALISED = { number: "8", seconds: 30, reason: "speeding in the pit lane" };
const DISQUALIFIED = { number: "22", reason: "fuel flow above the limit" };

/** "6:01'03.582" or "6:01:03.582" in seconds. */
const seconds = (t: string) =>
  t
    .replace("'", ":")
    .split(":")
    .reduce((acc, part) => acc * 60 + Number(part), 0);

/**
 * The classification the stewards' decisions leave, worked out from the timing file: the
 * penalised car's time grows, cars on the same lap count are ordered by time, the disqualified
 * car is out; class positions follow that order. Points: the rules' scale by class position, for
 * classified cars only (the export places the others last in their class, where they take no
 * scoring place from anyone).
 */
function expectedClassification() {
  const classified = timing
    .filter((r) => r.NUMBER !== DISQUALIFIED.number)
    .map((r) => ({
      scores: r.STATUS === "Classified",
      number: r.NUMBER ?? "",
      klass: r.CLASS ?? "",
      team: r.TEAM ?? "",
      laps: Number(r.LAPS),
      time: seconds(r.TOTAL_TIME ?? "") + (r.NUMBER === PENALISED.number ? PENALISED.seconds : 0),
    }))
    .sort((a, b) => b.laps - a.laps || a.time - b.time);
  const inClass = new Map<string, number>();
  return classified.map((r) => {
    const pos = (inClass.get(r.klass) ?? 0) + 1;
    inClass.set(r.klass, pos);
    return { ...r, classPos: pos, points: r.scores ? (scale[pos - 1] ?? 0) : 0 };
  });
}
const expectedRows = expectedClassification();

let dataDir = "";
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const notice = (p: Page) => p.locator(".notice").first().innerText();
const formWith = (p: Page, button: string): Locator =>
  p.locator("form", { has: p.getByRole("button", { name: button, exact: true }) });

async function publicText(path: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await reader.newPage();
  const res = await p.goto(`${server.base}${path}`);
  expect(res?.status(), path).toBe(200);
  return { page: p, close: () => reader.close() };
}

warnIfSkipped("organiser's day browser test");

describe.skipIf(SKIP_BROWSER)("the organiser's day in a browser", () => {
  beforeAll(async () => {
    requireChromium();
    requireBuild();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "paddock-organiser-day-"));
    const added = cli(
      dataDir,
      ["user", "add", USER.username, "--role", "admin", "--name", USER.name, "--password-stdin"],
      `${USER.password}\n`,
    );
    expect(added).toContain(`Added admin ${USER.username}`);
    server = await startServer(dataDir);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  }, 120_000);

  let failedStep: string | null = null;
  beforeEach((ctx) => {
    if (failedStep !== null) ctx.skip(`skipped: the step "${failedStep}" failed`);
    ctx.onTestFailed(() => {
      failedStep = ctx.task.name;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs in, creates the season and adds its first round", async () => {
    await page.goto(`${server.base}/login`);
    await page.locator("#username").fill(USER.username);
    await page.locator("#password").fill(USER.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/admin");

    await page.goto(`${server.base}/admin/seasons/new`);
    const form = formWith(page, "Create the season");
    await form.locator('input[name="id"]').fill(S);
    await form.locator('input[name="name"]').fill("Club Endurance 2025");
    await form.locator('input[name="year"]').fill("2025");
    await form.locator('input[name="seriesId"]').fill("club-endurance");
    await form.locator('input[name="seriesName"]').fill("Club Endurance");
    await form
      .locator('textarea[name="classes"]')
      .fill(seasonFile.classes.map((k) => `${k.id} ${k.name}`).join("\n"));
    await form
      .locator('select[name="preset"]')
      .selectOption({ label: "My own rules document (below)" });
    await form.locator('textarea[name="rules"]').fill(rulesText);
    await form.getByRole("button", { name: "Create the season" }).click();
    expect(await notice(page)).toContain("created");

    const round = seasonFile.rounds[0]!;
    await page.getByText("Add a round", { exact: true }).click();
    const roundForm = formWith(page, "Add the round");
    await roundForm.locator('input[name="number"]').fill("1");
    await roundForm.locator('input[name="name"]').fill(round.name);
    await roundForm.locator('input[name="circuit"]').fill(round.circuit);
    await roundForm.locator('input[name="date"]').fill(round.date);
    await roundForm.getByRole("button", { name: "Add the round" }).click();
    await expect.poll(() => notice(page)).toContain("Round 1 added");
  });

  it("uploads the whole entry list in one file: preview, then one confirmed write", async () => {
    // The entry list as an organiser keeps it: one row a car, its drivers beside it.
    const most = Math.max(...entries.map((e) => drivers.filter((d) => d.entry === e.id).length));
    const head = ["No.", "Class", "Team", "Chassis", "Engine", "Tyre", "Manufacturer"];
    for (let i = 1; i <= most; i++) head.push(`Driver ${i}`, `Nat ${i}`);
    const lines = entries.map((e) => {
      const crew = drivers.filter((d) => d.entry === e.id);
      const cells = [e.number, e.class, e.team, e.chassis, e.engine, e.tyre, e.manufacturer];
      for (let i = 0; i < most; i++) cells.push(crew[i]?.driver ?? "", crew[i]?.nationality ?? "");
      return cells.map((c) => `"${c ?? ""}"`).join(",");
    });
    const file = join(dataDir, "entry-list.csv");
    writeFileSync(file, [head.join(","), ...lines].join("\n"));

    await page.goto(`${server.base}/admin/seasons/${S}/entries`);
    const form = formWith(page, "Preview the entry list");
    await form.locator('input[name="file"]').setInputFiles(file);
    await form.getByRole("button", { name: "Preview the entry list" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toContain("Entry list preview");
    expect(await page.locator("table tbody tr").count()).toBe(entries.length);
    const teams = new Set(entries.map((e) => e.team));
    expect(await page.locator("body").innerText()).toContain(
      `${entries.length} cars, ${teams.size} new teams`,
    );
    expect(await axeViolations(page).then(serious)).toEqual([]);
    await page.getByRole("button", { name: `Add these ${entries.length} cars` }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/seasons/${S}/entries`);
    expect(await page.locator("table tbody tr").count()).toBe(entries.length);
    // The driver form's entry list names each car by number, class and team.
    const options = await page.locator('select[name="entry"] option').allInnerTexts();
    const first = entries[0]!;
    expect(options[0]).toContain(`#${first.number} · ${first.class} · ${first.team}`);
  });

  it("imports the timing export with class positions", async () => {
    await page.goto(`${server.base}/admin/seasons/${S}/races/r1/import`);
    const form = formWith(page, "Preview");
    await form.locator('input[name="file"]').setInputFiles(TIMING);
    await form.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toContain("Preview:");
    expect(await page.locator("tr.problem").allInnerTexts()).toEqual([]);
    await page.getByRole("button", { name: `Import ${timing.length} rows` }).click();
    await expect.poll(() => notice(page)).toContain(`${timing.length} rows imported`);
  });

  it("records a time penalty and a disqualification, and publishes the results", async () => {
    await page.goto(`${server.base}/admin/seasons/${S}`);
    let form = formWith(page, "Record the decision");
    await form.locator('select[name="kind"]').selectOption("time_penalty");
    await form.locator('select[name="race"]').selectOption("r1");
    await form.locator('input[name="number"]').fill(PENALISED.number);
    await form.locator('input[name="seconds"]').fill(String(PENALISED.seconds));
    await form.locator('input[name="reason"]').fill(PENALISED.reason);
    await form.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(() => notice(page)).toContain("Decision recorded");
    form = formWith(page, "Record the decision");
    await form.locator('select[name="kind"]').selectOption("disqualify");
    await form.locator('select[name="race"]').selectOption("r1");
    await form.locator('input[name="number"]').fill(DISQUALIFIED.number);
    await form.locator('input[name="reason"]').fill(DISQUALIFIED.reason);
    await form.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(() => notice(page)).toContain("Decision recorded");
    await page
      .locator('form[action$="/races/r1/publication"]')
      .getByRole("button", { name: "Publish official" })
      .click();
    await expect.poll(() => notice(page)).toContain("now official");
  });

  it("the public round page shows the penalised classification in every class", async () => {
    const { page: reader, close } = await publicText(`/seasons/${S}/rounds/1`);
    for (const klass of new Set(expectedRows.map((r) => r.klass))) {
      const table = reader.locator("table", {
        has: reader.locator("caption", { hasText: `${klass} classification` }),
      });
      const rows = await table
        .locator("tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) =>
            [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim()),
          ),
        );
      // Columns of a class table: Pos (in the class), Overall, No., …. The cars in class order;
      // a car not classified or retired says so (NC, Ret) where a classified car has its position.
      const placed = rows.filter((r) => /^\d+$/.test(r[1] ?? ""));
      expect(
        placed.map((r) => [/^\d+$/.test(r[0] ?? "") ? r[0] : "", r[2]?.split(" ")[0]]),
      ).toEqual(
        expectedRows
          .filter((r) => r.klass === klass)
          .map((r, i) => [
            /^(NC|Ret)$/.test(placed[i]?.[0] ?? "") ? "" : String(r.classPos),
            r.number,
          ]),
      );
      for (const r of placed.filter((x) => !/^\d+$/.test(x[0] ?? "")))
        expect(r.at(-1)).toMatch(/^(NC|DNF)/);
    }
    // The disqualified car: listed last overall, without a position, with the reason.
    const overall = reader.locator("table", {
      has: reader.locator("caption", { hasText: "Overall classification" }),
    });
    const last = overall.locator("tbody tr").last();
    expect(await last.locator("td").nth(0).innerText()).toBe("DSQ");
    expect((await last.locator("td").nth(3).innerText()).split(/\s/)[0]).toBe(DISQUALIFIED.number);
    expect(await last.innerText()).toContain(DISQUALIFIED.reason);
    expect(await overall.innerText()).toContain(PENALISED.reason);
    const decisions = await reader
      .locator("section", { has: reader.locator("h2", { hasText: "Stewards' decisions" }) })
      .innerText();
    expect(decisions).toContain(PENALISED.reason);
    expect(decisions).toContain(DISQUALIFIED.reason);
    await reader.screenshot({ path: join(SCREENSHOTS, "organiser-day-round.png"), fullPage: true });
    expect(serious(await axeViolations(reader))).toEqual([]);
    await close();
  });

  it("the API, the standings and the decisions list agree, without a token", async () => {
    const results = (await (
      await fetch(`${server.base}/api/seasons/${S}/rounds/1/results`)
    ).json()) as RaceResultsJson[];
    const rows = results[0]?.results ?? [];
    for (const r of expectedRows) {
      const got = rows.find((x) => x.number === r.number);
      expect([got?.classPosition, got?.points], `#${r.number}`).toEqual([
        r.classPos,
        r.points > 0 ? { teams: String(r.points), drivers: String(r.points) } : {},
      ]);
    }
    const dsq = rows.find((x) => x.number === DISQUALIFIED.number);
    expect([dsq?.position, dsq?.classPosition, dsq?.status]).toEqual([null, null, "dsq"]);
    expect(dsq?.decisions.map((d) => d.reason)).toContain(DISQUALIFIED.reason);

    // Teams' standings per class: each team's total is its cars' points.
    const byTeam = new Map<string, number>();
    for (const r of expectedRows)
      byTeam.set(
        `${r.klass}/${r.team.toLowerCase()}`,
        (byTeam.get(`${r.klass}/${r.team.toLowerCase()}`) ?? 0) + r.points,
      );
    for (const klass of new Set(expectedRows.map((r) => r.klass))) {
      const text = await (
        await fetch(
          `${server.base}/api/seasons/${S}/standings?class=${klass}&championship=teams&format=csv`,
        )
      ).text();
      const table = csv(text);
      for (const [key, total] of byTeam) {
        if (!key.startsWith(`${klass}/`)) continue;
        const row = table.find((t) => `${klass}/${(t.team ?? "").toLowerCase()}` === key);
        expect(row?.total, key).toBe(String(total));
      }
    }

    const decisions = (await (await fetch(`${server.base}/api/seasons/${S}/decisions`)).json()) as {
      rows: Record<string, string>[];
    }[];
    expect(decisions[0]?.rows.map((d) => [d.car, d.reason, d.stands])).toEqual([
      [PENALISED.number, PENALISED.reason, "yes"],
      [DISQUALIFIED.number, DISQUALIFIED.reason, "yes"],
    ]);
    const { page: list, close } = await publicText(`/seasons/${S}/decisions`);
    const text = await list.locator("table").innerText();
    expect(text).toContain(`Time penalty +${PENALISED.seconds} s`);
    expect(text).toContain("Disqualified");
    await close();
  });
});
