// Race control in a browser, end to end (the browser twin of race-control-api.test.ts): the built
// server on a fresh data folder, an organiser made with `paddock user add`, and Chromium doing
// what a person does. Log in; create the 2025 Endurance Cup on the new-season form (its own
// rules pasted in); add its four rounds, a team, an entry and a driver through the forms (the
// rest of the entry list through the JSON API with a token from `paddock user token`); import the
// four rounds from timing files in every supported layout (Al Kamel with a BOM, IMSA, a custom
// Windows-1252 CSV with a column mapping saved by name, Paddock JSON) through upload, preview
// and commit; record a disqualification and a points deduction; publish. The public standings
// must then equal the independently computed ones (fixtures/seasons/endurance-cup-2025/expected),
// the round pages must say Provisional, then Official, and the audit log must tell each change
// with its user and rows. After logging out, no form and no API write gets through.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
import { ROOT, cli, requireBuild, startServer } from "./support/paddock-process.js";
import type { ServerProcess } from "./support/paddock-process.js";

const SEASON_DIR = join(ROOT, "fixtures", "seasons", "endurance-cup-2025");
const IMPORTS = join(ROOT, "fixtures", "imports");
const USER = { username: "rita", name: "Rita Organiser", password: "the organiser's password" };

interface SeasonFile {
  id: string;
  name: string;
  year: number;
  series: { id: string; name: string };
  classes: { id: string; name: string }[];
  rounds: { number: number; name: string; circuit: string; date: string }[];
  teams: { id: string; name: string; nationality: string; aliases: string[] }[];
}
const seasonFile = JSON.parse(readFileSync(join(SEASON_DIR, "season.json"), "utf8")) as SeasonFile;
const S = seasonFile.id;
const rulesText = readFileSync(join(SEASON_DIR, "rules.json"), "utf8");
const csvRows = (file: string) =>
  parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
const entries = csvRows(join(SEASON_DIR, "entries.csv"));
const drivers = csvRows(join(SEASON_DIR, "drivers.csv"));
const expected = csvRows(join(SEASON_DIR, "expected", "teams-after-race-control.csv"));

/** The rows of a timing file, counted here without Paddock's parser. */
function rowsInFile(file: string): number {
  const bytes = readFileSync(join(IMPORTS, file));
  if (file.endsWith(".json"))
    return (JSON.parse(bytes.toString("utf8")) as { results: unknown[] }).results.length;
  // Header line, then one line per car; blank lines are not rows (any single-byte text will do).
  return (
    bytes
      .toString("latin1")
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "").length - 1
  );
}

const IMPORTS_BY_ROUND = [
  { race: "r1", file: "round-1-alkamel.csv", layout: "alkamel", encoding: "utf-8-bom" },
  { race: "r2", file: "round-2-imsa.csv", layout: "imsa", encoding: "utf-8" },
  { race: "r3", file: "round-3-custom.csv", layout: "custom", encoding: "windows-1252" },
  { race: "r4", file: "round-4.json", layout: "paddock-json", encoding: "utf-8" },
] as const;
const MAPPING_NAME = "endurance-custom-csv";

let dataDir = "";
let server: ServerProcess;
let token = "";
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A JSON API call with the organiser's API token (or as given). */
async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { Authorization: `Bearer ${token}` },
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.base}/api${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed };
}

async function seasonVersion(): Promise<string> {
  const { body } = await api("GET", "/seasons", undefined, {});
  return (body as { id: string; version: string }[]).find((s) => s.id === S)?.version ?? "";
}

/** A public page as a reader sees it: a fresh browser context, nothing cached, not logged in. */
async function readPublic(
  path: string,
): Promise<{ text: string; page: Page; close: () => Promise<void> }> {
  const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await reader.newPage();
  const res = await p.goto(`${server.base}${path}`);
  expect(res?.status(), path).toBe(200);
  return { text: await p.locator("body").innerText(), page: p, close: () => reader.close() };
}

/** The notice at the top of an admin page. */
const notice = (p: Page) => p.locator(".notice").first().innerText();

/** The form holding the button with this name. */
const formWith = (p: Page, button: string): Locator =>
  p.locator("form", { has: p.getByRole("button", { name: button, exact: true }) });

async function expectAccessible(p: Page, what: string) {
  const violations = await axeViolations(p);
  expect(serious(violations), `${what}: ${JSON.stringify(violations)}`).toEqual([]);
}

warnIfSkipped("race control browser tests");

describe.skipIf(SKIP_BROWSER)("race control in a browser", () => {
  beforeAll(async () => {
    requireChromium();
    requireBuild();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "paddock-race-control-"));
    // The first admin, as the README says: on the command line, the password on stdin.
    const added = cli(
      dataDir,
      ["user", "add", USER.username, "--role", "admin", "--name", USER.name, "--password-stdin"],
      `${USER.password}\n`,
    );
    expect(added).toContain(`Added admin ${USER.username}`);
    token = cli(dataDir, ["user", "token", USER.username, "--name", "browser test"]).trim();
    expect(token).toMatch(/^pdk_/);
    server = await startServer(dataDir);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  }, 120_000);

  // One story told in steps: once a step fails, the ones after it would fail for its reason.
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

  it("logs in through /login", async () => {
    await page.goto(`${server.base}/login`);
    await page.locator("#username").fill(USER.username);
    await page.locator("#password").fill(USER.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/admin");
    expect(await page.locator("body").innerText()).toContain(`Logged in as ${USER.name}`);
  });

  it("creates the season on the new-season form with its own rules document", async () => {
    await page.goto(`${server.base}/admin/seasons/new`);
    const form = formWith(page, "Create the season");
    await form.locator('input[name="id"]').fill(S);
    await form.locator('input[name="name"]').fill(seasonFile.name);
    await form.locator('input[name="year"]').fill(String(seasonFile.year));
    await form.locator('input[name="seriesId"]').fill(seasonFile.series.id);
    await form.locator('input[name="seriesName"]').fill(seasonFile.series.name);
    await form
      .locator('textarea[name="classes"]')
      .fill(seasonFile.classes.map((k) => `${k.id} ${k.name}`).join("\n"));
    await form
      .locator('select[name="preset"]')
      .selectOption({ label: "My own rules document (below)" });
    await form.locator('textarea[name="rules"]').fill(rulesText);
    await form.locator('input[name="reason"]').fill("new season");
    await form.getByRole("button", { name: "Create the season" }).click();
    // A refusal shows the form again with its problems: the notice says which.
    expect(await notice(page)).toContain(`Season ${seasonFile.name} created`);
    expect(new URL(page.url()).pathname).toBe(`/admin/seasons/${S}`);
  });

  it("adds the four rounds with the Add a round form", async () => {
    for (const round of seasonFile.rounds) {
      await page.goto(`${server.base}/admin/seasons/${S}`);
      await page.getByText("Add a round", { exact: true }).click();
      const form = formWith(page, "Add the round");
      await form.locator('input[name="number"]').fill(String(round.number));
      await form.locator('input[name="name"]').fill(round.name);
      await form.locator('input[name="circuit"]').fill(round.circuit);
      await form.locator('input[name="date"]').fill(round.date);
      await form.getByRole("button", { name: "Add the round" }).click();
      await expect.poll(() => notice(page)).toContain(`Round ${round.number} added`);
    }
    const calendar = await page.locator("table").first().innerText();
    for (const round of seasonFile.rounds) expect(calendar).toContain(round.name);
  });

  it("adds the teams (one on the form, with aliases), the entries and the drivers", async () => {
    const [first, ...others] = seasonFile.teams;
    await page.goto(`${server.base}/admin/seasons/${S}/teams`);
    const form = formWith(page, "Add the team");
    await form.locator('input[name="id"]').fill(first!.id);
    await form.locator('input[name="name"]').fill(first!.name);
    await form.locator('input[name="nationality"]').fill(first!.nationality);
    await form.locator('textarea[name="aliases"]').fill(first!.aliases.join("\n"));
    await form.getByRole("button", { name: "Add the team" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/seasons/${S}/teams`);
    expect(await page.getByLabel(`Aliases of ${first!.id}`).inputValue()).toBe(
      first!.aliases.join("\n"),
    );
    for (const t of others) {
      const { id, ...team } = t;
      const res = await api("PUT", `/seasons/${S}/teams/${id}`, { ...team, reason: "entry list" });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }

    // The first entry and the first driver on the forms, the rest through the API.
    const [firstEntry, ...otherEntries] = entries;
    await page.goto(`${server.base}/admin/seasons/${S}/entries`);
    const entryForm = formWith(page, "Add the entry");
    const teamOf = seasonFile.teams.find((t) => t.name === firstEntry!.team)!;
    await entryForm.locator('input[name="number"]').fill(firstEntry!.number!);
    await entryForm.locator('select[name="class"]').selectOption(firstEntry!.class!);
    await entryForm.locator('select[name="team"]').selectOption(teamOf.id);
    for (const field of ["chassis", "engine", "tyre", "manufacturer"])
      await entryForm.locator(`input[name="${field}"]`).fill(firstEntry![field]!);
    await entryForm.getByRole("button", { name: "Add the entry" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/seasons/${S}/entries`);
    expect(await page.locator("table").innerText()).toContain(firstEntry!.id!);
    for (const row of otherEntries) {
      const res = await api("POST", `/seasons/${S}/entries`, { row });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }

    const [firstDriver, ...otherDrivers] = drivers;
    await page.goto(`${server.base}/admin/seasons/${S}/entries`);
    const driverForm = formWith(page, "Add the driver");
    await driverForm.locator('select[name="entry"]').selectOption(firstDriver!.entry!);
    await driverForm.locator('input[name="driver"]').fill(firstDriver!.driver!);
    await driverForm.locator('input[name="nationality"]').fill(firstDriver!.nationality!);
    await driverForm.getByRole("button", { name: "Add the driver" }).click();
    await expect.poll(() => page.locator("table").innerText()).toContain(firstDriver!.driver!);
    for (const row of otherDrivers) {
      const res = await api("POST", `/seasons/${S}/lineups`, {
        row: Object.fromEntries(Object.entries(row).filter(([, v]) => v !== "")),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const table = await page.goto(`${server.base}/admin/seasons/${S}/entries`);
    expect(table?.status()).toBe(200);
    expect(await page.locator("table tbody tr").count()).toBe(entries.length);
  });

  it("imports rounds 1–4 from timing files: upload, preview, commit", async () => {
    for (const imp of IMPORTS_BY_ROUND) {
      const rows = rowsInFile(imp.file);
      await page.goto(`${server.base}/admin/seasons/${S}`);
      await page
        .locator("tr", { has: page.locator(`a[href$="/races/${imp.race}/import"]`) })
        .getByRole("link", { name: "Import results" })
        .click();
      await expect
        .poll(() => new URL(page.url()).pathname)
        .toBe(`/admin/seasons/${S}/races/${imp.race}/import`);
      const form = formWith(page, "Preview");
      if (imp.race === "r4")
        // The mapping saved with round 3 is offered for the next custom file.
        expect(await form.locator('select[name="savedMapping"] option').allInnerTexts()).toContain(
          MAPPING_NAME,
        );
      await form.locator('input[name="file"]').setInputFiles(join(IMPORTS, imp.file));
      await form.locator('select[name="layout"]').selectOption(imp.layout);
      if (imp.layout === "custom") {
        await form
          .locator('textarea[name="mapping"]')
          .fill(readFileSync(join(IMPORTS, "round-3-mapping.json"), "utf8"));
        await form.locator('input[name="saveMappingAs"]').fill(MAPPING_NAME);
      }
      await form.getByRole("button", { name: "Preview" }).click();

      // The preview: every row of the file, names resolved, nothing written yet.
      await expect.poll(() => page.locator("h1").innerText()).toContain(`Preview: ${imp.file}`);
      expect(await notice(page)).toContain(`${rows} rows ready to import`);
      const note = await page.locator("p.note", { hasText: "encoding:" }).innerText();
      expect(note).toContain(`encoding: ${imp.encoding}`);
      const body = page.locator("table tbody tr");
      expect(await body.count()).toBe(rows);
      const text = await page.locator("table").innerText();
      if (imp.race === "r1") {
        // Al Kamel prints team names in capitals: matched through the teams' aliases.
        expect(text).toContain("TOYOTA GAZOO RACING → Toyota Gazoo Racing (alias)");
        await page.screenshot({
          path: join(SCREENSHOTS, "race-control-preview.png"),
          fullPage: true,
        });
        await expectAccessible(page, "import preview");
      }
      if (imp.race === "r3") {
        // Windows-1252 read as such: accents intact; short team names are aliases.
        expect(text).toContain("Kévin Estre");
        expect(text).toContain("AF Corse → Ferrari AF Corse (alias)");
      }
      expect(await page.locator("tr.problem").count()).toBe(0);
      const before = await seasonVersion();
      expect(await page.locator("body").innerText()).toContain(`based on version ${before}`);

      await page.getByRole("button", { name: `Import ${rows} rows` }).click();
      await expect.poll(() => notice(page)).toContain(`${rows} rows imported from ${imp.file}`);
      expect(Number(await seasonVersion())).toBe(Number(before) + 1);
    }
    const dashboard = await page.locator("table").first().innerText();
    expect(dashboard.match(/provisional/g)?.length).toBe(IMPORTS_BY_ROUND.length);
  });

  it("the public round pages say Provisional before publication", async () => {
    for (const round of seasonFile.rounds) {
      const { text, close } = await readPublic(`/seasons/${S}/rounds/${round.number}`);
      expect(text).toContain("Provisional");
      expect(text).not.toContain("Official");
      await close();
    }
  });

  it("records a disqualification and a points deduction on the decision form", async () => {
    await page.goto(`${server.base}/admin/seasons/${S}`);
    let form = formWith(page, "Record the decision");
    await form.locator('select[name="kind"]').selectOption("disqualify");
    await form.locator('select[name="race"]').selectOption("r2");
    await form.locator('input[name="number"]').fill("6");
    await form.locator('input[name="reason"]').fill("skid block below the minimum thickness");
    await form.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(() => notice(page)).toContain("Decision recorded");

    form = formWith(page, "Record the decision");
    await form.locator('select[name="kind"]').selectOption("deduct_points");
    await form.locator('input[name="team"]').fill("cool-racing");
    await form.locator('input[name="class"]').fill("LMP2");
    await form.locator('input[name="championship"]').fill("teams");
    await form.locator('input[name="points"]').fill("10");
    await form.locator('input[name="reason"]').fill("unsafe release in the pit lane, repeated");
    await form.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(() => notice(page)).toContain("Decision recorded");

    const decisions = await page
      .locator("table", { has: page.locator("th", { hasText: "Reason" }) })
      .innerText();
    expect(decisions).toContain("skid block below the minimum thickness");
    expect(decisions).toContain("unsafe release in the pit lane, repeated");
    expect(decisions).toContain("10 pts");
  });

  it("publishes the four races official", async () => {
    for (const imp of IMPORTS_BY_ROUND) {
      await page.goto(`${server.base}/admin/seasons/${S}`);
      await page
        .locator(`form[action$="/races/${imp.race}/publication"]`)
        .getByRole("button", { name: "Publish official" })
        .click();
      await expect.poll(() => notice(page)).toContain(`Results of ${imp.race} are now official`);
    }
    await page.screenshot({
      path: join(SCREENSHOTS, "race-control-dashboard.png"),
      fullPage: true,
    });
    await expectAccessible(page, "season dashboard");
    for (const round of seasonFile.rounds) {
      const { text, close } = await readPublic(`/seasons/${S}/rounds/${round.number}`);
      expect(text).toContain("Official");
      expect(text).not.toContain("Provisional");
      await close();
    }
  });

  it("shows the standings computed independently from the same files", async () => {
    const classes = [...new Set(expected.map((r) => r["class"]!))];
    for (const klass of classes) {
      const { page: reader, close } = await readPublic(`/seasons/${S}/standings?class=${klass}`);
      const table = reader.locator("table", {
        has: reader.locator("caption", { hasText: `Teams' Championship — ${klass}` }),
      });
      // A round's column is headed by its venue's short name, linked to the round's page.
      const links = await table
        .locator("thead th a")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      const roundColumns = links.flatMap((href) => {
        const m = /\/rounds\/(\d+)$/.exec(href);
        return m ? [`Rd ${m[1]}`] : [];
      });
      const got: Record<string, string>[] = [];
      for (const row of await table.locator("tbody tr").all()) {
        const cells = await row.locator("td").allInnerTexts();
        const rounds = Object.fromEntries(
          roundColumns.map((h, i) => {
            // Superscript P and F (pole, fastest lap) follow the points.
            const cell = (cells[1 + i] ?? "").trim().replace(/[PF]+$/, "");
            // A round without points shows how it ended (Ret, DSQ …) or nothing.
            return [`r${h.trim().slice(3)}`, /^\d/.test(cell) ? cell : "0"];
          }),
        );
        got.push({
          position: (cells[0] ?? "").replace("=", "").trim(),
          team_name: (await row.locator("th").innerText()).trim(),
          ...rounds,
          total: (cells.at(-1) ?? "").trim(),
        });
      }
      const want = expected
        .filter((r) => r["class"] === klass)
        .map((r) => ({
          position: r["position"]!,
          team_name: r["team_name"]!,
          ...Object.fromEntries(
            roundColumns.map((h) => [`r${h.trim().slice(3)}`, r[`r${h.trim().slice(3)}`]!]),
          ),
          total: r["total"]!,
        }));
      expect(roundColumns).toHaveLength(4);
      expect(got).toEqual(want);
      // Deductions are said under the table.
      const text = await reader.locator("body").innerText();
      for (const r of expected.filter((x) => x["class"] === klass && x["deduction"] !== "0"))
        expect(text).toContain(`${r["team_name"]}: ${r["deduction"]} points deducted.`);
      if (klass === "LMP2")
        await reader.screenshot({
          path: join(SCREENSHOTS, "race-control-standings-lmp2.png"),
          fullPage: true,
        });
      await close();
    }
  });

  it("the audit log tells every import, decision and publication with its user and rows", async () => {
    // The log pages its changes (newest first): every page, following "older →".
    const headings: string[] = [];
    let next: string | null = `${server.base}/admin/seasons/${S}/audit`;
    while (next) {
      await page.goto(next);
      headings.push(
        ...(await page.locator("section.change h2").allInnerTexts()).map((h) =>
          h.replace(/^Version \d+: /, ""),
        ),
      );
      const older = page.locator('a[rel="next"]');
      next =
        (await older.count()) > 0
          ? new URL((await older.first().getAttribute("href"))!, server.base).href
          : null;
    }
    await page.goto(`${server.base}/admin/seasons/${S}/audit`);
    const sections = page.locator("section.change");
    // Newest first: the publications, the decisions, the imports … the creation last.
    expect(headings.slice(0, 10)).toEqual([
      ...Array<string>(4).fill("publish"),
      ...Array<string>(2).fill("decision"),
      ...Array<string>(4).fill("import-results"),
    ]);
    expect(headings.at(-1)).toBe("create-season");
    expect(headings.filter((h) => h === "add-round")).toHaveLength(seasonFile.rounds.length);
    expect(headings.filter((h) => h === "put-team")).toHaveLength(seasonFile.teams.length);
    expect(headings.filter((h) => h === "add-entry")).toHaveLength(entries.length);
    expect(headings.filter((h) => h === "add-lineup")).toHaveLength(drivers.length);
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(await sections.nth(i).locator("p").first().innerText()).toContain(
        `by ${USER.username}`,
      );

    // Each change's rows: the decision row added, the race published, the file's rows.
    const decision = await sections.nth(5).innerText();
    expect(decision).toContain("Reason: skid block below the minimum thickness");
    expect(decision).toMatch(/decisions\s+D1 \(added\)/);
    expect(decision).toContain("disqualify");
    const deduction = await sections.nth(4).innerText();
    expect(deduction).toContain("Reason: unsafe release in the pit lane, repeated");
    expect(deduction).toMatch(/decisions\s+D2 \(added\)/);
    const published = await sections.nth(0).innerText();
    expect(published).toMatch(/races\s+r4 \(changed\)/);
    // (Official is the default state: the bundle layout the diff reads leaves it blank.)
    expect(published).toMatch(/result_status\s+provisional/);
    expect(published).toContain("published_at");
    const imported = await sections.nth(6).innerText();
    expect(imported).toContain("round-4.json");
    // Every result row of the file added, and the round now completed.
    expect(imported.match(/^results r4\t.*\(added\)/gm)).toHaveLength(rowsInFile("round-4.json"));
    expect(imported).toMatch(/calendar\s+round 4 \(changed\)\s+status\s+scheduled\s+completed/);
    const custom = await sections.nth(7).innerText();
    expect(custom).toContain("round-3-custom.csv (custom, windows-1252)");
    await page.screenshot({ path: join(SCREENSHOTS, "race-control-audit.png"), fullPage: true });
    await expectAccessible(page, "audit log");
  });

  it("after logging out, every form and every API write is refused and nothing is written", async () => {
    const [session] = (await context.cookies(server.base)).filter(
      (c) => c.name === "paddock_session",
    );
    expect(session).toBeDefined();
    await page.goto(`${server.base}/admin/seasons/${S}`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const version = await seasonVersion();
    const changes = async () =>
      ((await api("GET", `/seasons/${S}/changes`)).body as unknown[]).length;
    const changeCount = await changes();

    await page.getByRole("button", { name: "Log out" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/");
    expect((await context.cookies(server.base)).some((c) => c.name === "paddock_session")).toBe(
      false,
    );

    // The browser, logged out: the admin pages send it to log in (and back there afterwards).
    const admin = await page.goto(`${server.base}/admin/seasons/${S}`);
    expect(admin?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe(`/admin/seasons/${S}`);

    // The old session cookie and its CSRF token, replayed from Paddock's own origin.
    const old = { Cookie: `paddock_session=${session!.value}`, Origin: server.base };
    const forms: [string, Record<string, string>][] = [
      ["/admin/seasons/new", { id: "x", name: "X", year: "2025", seriesId: "x", seriesName: "X" }],
      [`/admin/seasons/${S}/rounds`, { number: "9", name: "Extra round" }],
      [`/admin/seasons/${S}/rounds/1`, { name: "Renamed", status: "cancelled" }],
      [`/admin/seasons/${S}/rules`, { rules: rulesText }],
      [`/admin/seasons/${S}/teams`, { id: "intruder", name: "Intruder" }],
      [`/admin/seasons/${S}/entries`, { number: "99", class: "LMP2", team: "toyota" }],
      [`/admin/seasons/${S}/lineups`, { entry: "toyota-7", driver: "Intruder" }],
      [`/admin/seasons/${S}/decisions`, { kind: "wipe_points", team: "toyota", reason: "x" }],
      [`/admin/seasons/${S}/races/r1/publication`, { status: "provisional" }],
      [`/admin/seasons/${S}/imports/anything/commit`, {}],
      ["/admin/users", { username: "intruder", role: "admin", password: "long enough password" }],
      ["/account/tokens", { name: "intruder" }],
    ];
    for (const [path, fields] of forms) {
      const res = await fetch(`${server.base}${path}`, {
        method: "POST",
        body: new URLSearchParams({ ...fields, _csrf: csrf, expectedVersion: version }),
        headers: old,
        redirect: "manual",
      });
      const refused =
        res.status === 401 ||
        res.status === 403 ||
        (res.status === 303 && (res.headers.get("Location") ?? "").startsWith("/login"));
      expect([path, res.status, refused]).toEqual([path, res.status, true]);
    }
    // An upload to the import form, the way the browser sends it.
    const upload = new FormData();
    upload.set("_csrf", csrf);
    upload.set("layout", "alkamel");
    upload.set(
      "file",
      new File([readFileSync(join(IMPORTS, "round-1-alkamel.csv"))], "round-1-alkamel.csv"),
    );
    const uploaded = await fetch(`${server.base}/admin/seasons/${S}/races/r1/import`, {
      method: "POST",
      body: upload,
      headers: old,
      redirect: "manual",
    });
    expect([uploaded.status, uploaded.headers.get("Location")]).toEqual([
      303,
      "/login?next=%2Fadmin",
    ]);
    // A form post from nowhere (no Origin) is refused before anything else.
    const noOrigin = await fetch(`${server.base}/admin/seasons/${S}/decisions`, {
      method: "POST",
      body: new URLSearchParams({ kind: "wipe_points", team: "toyota", reason: "x", _csrf: csrf }),
      headers: { Cookie: old.Cookie },
      redirect: "manual",
    });
    expect(noOrigin.status).toBe(403);

    // The JSON API with the old cookie and CSRF header, and with no credentials at all.
    const writes: [string, string, unknown][] = [
      ["POST", "/seasons", { season: {}, rules: {} }],
      ["PUT", `/seasons/${S}/rules`, { rules: {} }],
      ["POST", `/seasons/${S}/classes`, { id: "X", name: "X" }],
      ["POST", `/seasons/${S}/rounds`, { number: 9, name: "X", circuit: "" }],
      ["PATCH", `/seasons/${S}/rounds/1`, { status: "cancelled" }],
      ["PUT", `/seasons/${S}/teams/x`, { name: "X" }],
      ["POST", `/seasons/${S}/entries`, { row: {} }],
      ["POST", `/seasons/${S}/lineups`, { row: {} }],
      ["POST", `/seasons/${S}/races/r1/results/preview`, "POSITION;NUMBER\n1;7\n"],
      ["PUT", `/seasons/${S}/races/r1/results`, "POSITION;NUMBER\n1;7\n"],
      ["PUT", `/seasons/${S}/races/r1/publication`, { status: "provisional" }],
      ["POST", `/seasons/${S}/decisions`, { kind: "wipe_points", team: "toyota", reason: "x" }],
    ];
    for (const headers of [{ ...old, "X-CSRF-Token": csrf }, {}])
      for (const [method, path, body] of writes) {
        const res = await api(method, path, body, headers);
        expect([method, path, res.status]).toEqual([method, path, 401]);
      }

    expect(await seasonVersion()).toBe(version);
    expect(await changes()).toBe(changeCount);
  });
});
