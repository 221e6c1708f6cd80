// Untrusted text stays text. A season is filled with a list of payloads (markup, script URLs,
// attribute and textarea breakouts, SQL, template syntax, entities, right-to-left overrides,
// spreadsheet formulas) as team names and aliases, driver names and aliases, class, round and
// circuit names, rules, decision reasons, import file names, change reasons and a user's display
// name, through the race-control service, the JSON API and the admin forms. Then every public and
// admin page (and the chart, the exports and the API) is read: no payload may appear unescaped,
// and each must appear, escaped, where the page shows it (so dropping the text cannot pass). The
// same runs on the SQLite store, which must give every payload back exactly (parameterised SQL:
// the seasons table survives "'; DROP TABLE seasons; --").
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../src/auth/accounts.js";
import { SESSION_COOKIE } from "../src/auth/auth.js";
import type { Season } from "../src/core/season.js";
import { seasonFileSchema } from "../src/core/season-input.js";
import { httpApp } from "../src/http-app.js";
import { RaceControl } from "../src/service/race-control.js";
import { commitImport } from "../src/service/result-import.js";
import { SeasonService } from "../src/service/season-service.js";
import type { AccountStore } from "../src/store/account-store.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";
import type { SeasonStore } from "../src/store/season-store.js";
import { SqlAccountStore } from "../src/store/sql/sql-account-store.js";
import { SqlStore } from "../src/store/sql/sql-store.js";
import { sqliteDialect } from "../src/store/sql/sqlite-dialect.js";

const ROOT = join(import.meta.dirname, "..");
const ORIGIN = "http://localhost";
const S = "untrusted-2025";
const PASSWORD = "a long enough password";

/** Text an attacker might type into any name or reason. */
const P = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "</textarea><script>x</script>",
  "'; DROP TABLE seasons; --",
  "{{7*7}} ${7*7} <%= 7*7 %>",
  "<svg/onload=alert(1)>",
  "Smith &amp; Sons &lt;b&gt; &#60;i&#62;",
  "\u202Egnp.exe\u202C <b>RTL</b> \u200F",
  '=HYPERLINK("http://evil.example/","click")',
] as const;
const p = (i: number): string => P[i % P.length] as string;

// Where each payload goes.
const team = (i: number) => ({ id: `team-${i}`, name: p(i), alias: `ALIAS ${i} ${p(i)}` });
const driver = (i: number) => ({ name: `${p(i)} driver`, alias: `Driver ${i}` });
const klass = (i: number) => (i % 2 === 0 ? "A" : "B");
const CLASS_NAMES = { A: `${p(0)} class`, B: `${p(6)} class` } as const;
const ROUNDS = [
  { number: 1, name: `${p(1)} round`, circuit: `${p(3)} circuit`, date: "2025-04-20" },
  { number: 2, name: `${p(2)} round`, circuit: `${p(8)} circuit`, date: "2025-05-10" },
] as const;
const SEASON_NAME = `Untrusted ${p(5)}`;
const SERIES_NAME = `${p(0)} series`;
const RULES_NAME = `${p(3)} rules`;
const DISPLAY_NAME = p(1);
const FILES = { service: `${p(0)}.json`, api: `${p(1)}.json`, preview: `${p(3)}.json` } as const;
const DSQ_REASON = `${p(2)} dsq`;
const FORM_REASON = `${p(3)} form decision`;
const FORM_TEAM = { id: "team-form", name: `${p(3)} form team`, alias: `${p(0)} form alias` };
/** The reason of the k-th change made through the service. */
const why = (k: number) => `why ${k}: ${p(k)}`;
const deductReason = (i: number) => `deduct ${i}: ${p(i)}`;

/** Every text the test puts in, for the "never unescaped" check. */
const INJECTED: readonly string[] = [
  ...P,
  ...P.map((_, i) => team(i).alias),
  ...P.map((_, i) => driver(i).name),
  ...Object.values(CLASS_NAMES),
  ...ROUNDS.flatMap((r) => [r.name, r.circuit]),
  SEASON_NAME,
  SERIES_NAME,
  RULES_NAME,
  ...Object.values(FILES),
  DSQ_REASON,
  FORM_REASON,
  FORM_TEAM.name,
  FORM_TEAM.alias,
  ...P.map((_, i) => deductReason(i)),
  ...Array.from({ length: 40 }, (_, k) => why(k)),
];

/** Raw markup that only a payload could have put on a page. */
const MARKERS = [
  "<script>alert",
  "<script>x",
  "<img src=x",
  "<svg/onload",
  "onerror=alert(1)>",
  "</textarea><script",
  "<b>RTL",
  "<%=",
];

const ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};
/** The text a browser shows for HTML source (entities decoded once). */
function decodeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith("#x") || e.startsWith("#X"))
      return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** No payload unescaped; every expected text shown (escaped in the source). */
function expectInert(where: string, body: string, expected: readonly string[]): void {
  for (const marker of MARKERS)
    expect(body.includes(marker), `${where}: raw ${JSON.stringify(marker)}`).toBe(false);
  for (const text of INJECTED)
    if (/[<>"&]/.test(text))
      expect(body.includes(text), `${where}: ${JSON.stringify(text)} unescaped`).toBe(false);
  expect(/(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i.test(body), where).toBe(false);
  const shown = decodeHtml(body);
  for (const text of expected)
    expect(shown.includes(text), `${where} should show ${JSON.stringify(text)}`).toBe(true);
}

/** The rules of the endurance-cup fixture, renamed with payloads. */
function rulesDocument(): Record<string, unknown> {
  const rules = JSON.parse(
    readFileSync(join(ROOT, "fixtures/seasons/endurance-cup-2025/rules.json"), "utf8"),
  ) as Record<string, unknown>;
  return { ...rules, name: RULES_NAME, description: p(6) };
}

/** A paddock-results/1 file of a race: every car, teams by alias or name, drivers by alias. */
function resultsFile(order: (i: number) => number = (i) => i): Uint8Array {
  const results = P.map((_, n) => {
    const i = order(n);
    return {
      pos: n + 1,
      number: String(10 + i),
      class: klass(i),
      team: i % 2 === 0 ? team(i).alias : team(i).name,
      drivers: [driver(i).alias],
      laps: 100 - n,
      status: "classified",
    };
  });
  // One result per line, as timing exports write them (the preview tells rows apart by line).
  const lines = results.map((r) => JSON.stringify(r)).join(",\n");
  return new TextEncoder().encode(`{"format": "paddock-results/1", "results": [\n${lines}\n]}\n`);
}

interface World {
  readonly app: ReturnType<typeof httpApp>;
  readonly store: SeasonStore;
  readonly cookie: string;
  readonly csrf: string;
  readonly close: () => Promise<void>;
}

const round = (r: (typeof ROUNDS)[number]) => ({
  ...r,
  status: "scheduled" as const,
  races: [{ id: `r${r.number}`, name: `Race ${r.number}` }],
});

/** A fixed clock: both stores get the same publication times. */
const now = () => new Date("2025-06-01T12:00:00.000Z");

async function buildWorld(store: SeasonStore, accounts: AccountStore, close: () => Promise<void>) {
  const added = await addUser(
    accounts,
    { username: "org", role: "admin", password: PASSWORD, displayName: DISPLAY_NAME },
    "test",
  );
  if (!added.ok) throw new Error(added.error.message);
  const service = new SeasonService(store, { versionTtlMs: 0 });
  const control = new RaceControl(store, { now, onChange: () => service.forgetVersions() });
  const app = httpApp(service, () => {}, {
    accounts,
    requestLog: false,
    raceControl: { control, store, presets: [] },
  });
  const login = await app.request(`${ORIGIN}/api/auth/login`, {
    method: "POST",
    body: JSON.stringify({ username: "org", password: PASSWORD }),
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const set = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
  const cookie = set.split(";")[0] ?? "";

  const actor = { username: "org" };
  let k = 0;
  const change = () => ({ reason: why(k++) });
  const file = seasonFileSchema.parse({
    format: "paddock-season/1",
    id: S,
    series: { id: "untrusted", name: SERIES_NAME },
    year: 2025,
    name: SEASON_NAME,
    classes: [
      { id: "A", name: CLASS_NAMES.A },
      { id: "B", name: CLASS_NAMES.B },
    ],
    // A season file needs a round: the first comes with it, the second is added after.
    rounds: [round(ROUNDS[0])],
    teams: [],
    rules: "rules.json",
    entries: "entries.csv",
  });
  await control.createSeason(actor, file, rulesDocument(), change().reason);
  await control.addRound(actor, S, round(ROUNDS[1]), change());
  for (const [i] of P.entries()) {
    const t = team(i);
    await control.putTeam(actor, S, { id: t.id, name: t.name, aliases: [t.alias] }, change());
    await control.addEntry(
      actor,
      S,
      {
        number: String(10 + i),
        class: klass(i),
        team: t.id,
        chassis: `Chassis ${i}`,
        engine: "V8",
      },
      change(),
    );
    await control.addLineup(
      actor,
      S,
      { entry: `${t.id}-${10 + i}`, driver: driver(i).name, aliases: driver(i).alias },
      change(),
    );
  }
  // Round 1 through the service, round 2 through the API (a token-less cookie write).
  await commitImport(
    control,
    actor,
    S,
    { raceId: "r1", bytes: resultsFile(), file: FILES.service, layout: "paddock-json" },
    change(),
  );
  const query = new URLSearchParams({ file: FILES.api, layout: "paddock-json", reason: why(k++) });
  const put = await app.request(`${ORIGIN}/api/seasons/${S}/races/r2/results?${query}`, {
    method: "PUT",
    body: resultsFile((n) => P.length - 1 - n),
    headers: {
      Cookie: cookie,
      "X-CSRF-Token": csrfToken,
      Origin: ORIGIN,
      "Content-Type": "text/plain",
    },
  });
  expect(put.status, await put.clone().text()).toBe(200);
  await control.addDecision(
    actor,
    S,
    { kind: "disqualify", race: "r1", number: "11", reason: DSQ_REASON },
    change(),
  );
  for (const [i] of P.entries())
    await control.addDecision(
      actor,
      S,
      {
        kind: "deduct_points",
        team: team(i).id,
        class: klass(i),
        championship: "teams",
        points: "1",
        reason: deductReason(i),
      },
      change(),
    );
  await control.publish(actor, S, "r1", "official", change());
  return { app, store, cookie, csrf: csrfToken, close } satisfies World;
}

const page = async (w: World, path: string, init: RequestInit = {}) => {
  const res = await w.app.request(`${ORIGIN}${path}`, {
    ...init,
    headers: { Cookie: w.cookie, ...(init.headers as Record<string, string> | undefined) },
  });
  return {
    status: res.status,
    type: res.headers.get("Content-Type") ?? "",
    body: await res.text(),
  };
};

/** A form post from Paddock's own pages: the session cookie, its CSRF token, this origin. */
const post = (w: World, path: string, fields: Record<string, string> | FormData) => {
  const body = fields instanceof FormData ? fields : new URLSearchParams(fields);
  if (body instanceof FormData) body.set("_csrf", w.csrf);
  else body.set("_csrf", w.csrf);
  return page(w, path, { method: "POST", body, headers: { Origin: ORIGIN } });
};

const stores = {
  memory: async () => {
    const store = new MemoryStore();
    return buildWorld(store, new MemoryAccountStore(), () => store.close());
  },
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), "paddock-untrusted-"));
    const store = await SqlStore.open(sqliteDialect(join(dir, "paddock.sqlite")));
    const close = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      return await buildWorld(store, new SqlAccountStore(store.db), close);
    } catch (e) {
      await close();
      throw e;
    }
  },
} as const;

describe.each(Object.keys(stores) as (keyof typeof stores)[])(
  "untrusted text (%s store)",
  (kind) => {
    let w: World;
    let season: Season;
    beforeAll(async () => {
      w = await stores[kind]();
      const stored = await w.store.getSeason(S);
      if (!stored) throw new Error("the season was not written");
      season = stored.season;
      // The admin forms write payloads too: a team with a textarea breakout, a decision.
      const teamForm = await post(w, `/admin/seasons/${S}/teams`, {
        id: FORM_TEAM.id,
        name: FORM_TEAM.name,
        aliases: FORM_TEAM.alias,
        reason: why(30),
      });
      expect(teamForm.status, teamForm.body.slice(0, 2000)).toBe(303);
      const decisionForm = await post(w, `/admin/seasons/${S}/decisions`, {
        kind: "deduct_points",
        team: team(4).id,
        class: klass(4),
        championship: "teams",
        points: "2",
        reason: FORM_REASON,
      });
      expect(decisionForm.status, decisionForm.body.slice(0, 2000)).toBe(303);
      season = (await w.store.getSeason(S))!.season;
    }, 120_000);
    afterAll(async () => {
      await w?.close();
    });

    it("stores every payload exactly as given", () => {
      expect(season.name).toBe(SEASON_NAME);
      expect(season.series.name).toBe(SERIES_NAME);
      expect(season.classes.map((k) => k.name)).toEqual([CLASS_NAMES.A, CLASS_NAMES.B]);
      expect(season.rounds.map((r) => [r.name, r.circuit])).toEqual(
        ROUNDS.map((r) => [r.name, r.circuit]),
      );
      for (const [i] of P.entries()) {
        const t = season.teams.find((x) => x.id === team(i).id);
        expect([t?.name, t?.aliases]).toEqual([team(i).name, [team(i).alias]]);
        const d = season.drivers.find((x) => x.name === driver(i).name);
        expect(d?.aliases).toEqual([driver(i).alias]);
      }
      expect(season.teams.find((x) => x.id === FORM_TEAM.id)?.name).toBe(FORM_TEAM.name);
      expect(season.decisions.map((d) => d.reason)).toEqual([
        DSQ_REASON,
        ...P.map((_, i) => deductReason(i)),
        FORM_REASON,
      ]);
      expect(season.results.filter((r) => r.raceId === "r1")).toHaveLength(P.length);
      expect(season.results.filter((r) => r.raceId === "r2")).toHaveLength(P.length);
    });

    it("public pages show every payload as text", async () => {
      const teamNames = P.map((_, i) => team(i).name);
      const driverNames = P.map((_, i) => driver(i).name);
      const ofClass = (k: string) => P.map((_, i) => i).filter((i) => klass(i) === k);
      const pages: [string, string[]][] = [
        ["/", [SEASON_NAME, SERIES_NAME]],
        [`/seasons/${S}`, [SEASON_NAME, ...ROUNDS.map((r) => r.name)]],
        [`/seasons/${S}/entries`, [...Object.values(CLASS_NAMES), ...teamNames, ...driverNames]],
        ...(["A", "B"] as const).map((k): [string, string[]] => [
          `/seasons/${S}/standings?class=${k}`,
          ofClass(k).flatMap((i) => [team(i).name, driver(i).name]),
        ]),
        [`/seasons/${S}/standings?class=A&version=3`, [SEASON_NAME]],
        ...ROUNDS.map((r): [string, string[]] => [
          `/seasons/${S}/rounds/${r.number}`,
          [r.name, ...teamNames, ...driverNames],
        ]),
        ...P.map((_, i): [string, string[]] => [
          `/seasons/${S}/teams/${team(i).id}`,
          [team(i).name],
        ]),
        ...season.drivers.map((d): [string, string[]] => [
          `/seasons/${S}/drivers/${d.id}`,
          [d.name],
        ]),
        ...P.map((_, i): [string, string[]] => [
          `/seasons/${S}/explain?round=1&team=${team(i).id}`,
          [team(i).name],
        ]),
      ];
      for (const [path, expected] of pages) {
        const res = await page(w, path);
        expect([path, res.status]).toEqual([path, 200]);
        expect(res.type).toContain("text/html");
        expectInert(path, res.body, expected);
      }
    });

    it("the standings charts (SVG) escape names", async () => {
      for (const k of ["A", "B"]) {
        const path = `/seasons/${S}/standings/chart.svg?championship=teams&class=${k}`;
        const res = await page(w, path);
        expect([path, res.status]).toEqual([path, 200]);
        const names = P.map((_, i) => i).filter((i) => klass(i) === k);
        expectInert(
          path,
          res.body,
          names.map((i) => team(i).name),
        );
      }
    });

    it("admin pages show every payload as text", async () => {
      const teamNames = P.map((_, i) => team(i).name);
      const pages: [string, string[]][] = [
        ["/admin", [SEASON_NAME, DISPLAY_NAME]],
        [
          `/admin/seasons/${S}`,
          [SEASON_NAME, DISPLAY_NAME, ...ROUNDS.map((r) => r.name), DSQ_REASON, FORM_REASON],
        ],
        [`/admin/seasons/${S}/races/r1/import`, [SEASON_NAME, DISPLAY_NAME]],
        [
          `/admin/seasons/${S}/audit`,
          [
            ...Array.from({ length: 20 }, (_, k) => why(k)),
            why(30),
            FILES.service,
            FILES.api,
            FORM_REASON,
            team(0).name,
          ],
        ],
        [
          `/admin/seasons/${S}/teams`,
          [...teamNames, ...P.map((_, i) => team(i).alias), FORM_TEAM.name, FORM_TEAM.alias],
        ],
        [
          `/admin/seasons/${S}/entries`,
          [...teamNames, ...P.map((_, i) => driver(i).name), ...Object.values(CLASS_NAMES)],
        ],
        [`/admin/seasons/${S}/rules`, [RULES_NAME, p(6)]],
        ...ROUNDS.map((r): [string, string[]] => [
          `/admin/seasons/${S}/rounds/${r.number}`,
          [r.name, r.circuit],
        ]),
        ["/admin/users", [DISPLAY_NAME]],
        ["/account", [DISPLAY_NAME]],
      ];
      for (const [path, expected] of pages) {
        const res = await page(w, path);
        expect([path, res.status]).toEqual([path, 200]);
        expectInert(path, res.body, expected);
      }
    });

    it("the import preview shows the file's names as text, problems included", async () => {
      const upload = new FormData();
      upload.set("file", new File([resultsFile()], FILES.preview, { type: "application/json" }));
      upload.set("layout", "paddock-json");
      const ok = await post(w, `/admin/seasons/${S}/races/r2/import`, upload);
      expect(ok.status, ok.body.slice(0, 2000)).toBe(200);
      expectInert("preview", ok.body, [
        FILES.preview,
        `classification from ${FILES.preview}`,
        ...P.map((_, i) => `${team(i).alias} → ${team(i).name} (alias)`).filter(
          (_, i) => i % 2 === 0,
        ),
        ...P.map((_, i) => team(i).name),
      ]);

      // Unknown names come back in problems, with the file's own spelling.
      const bad = JSON.stringify({
        format: "paddock-results/1",
        results: [
          {
            pos: 1,
            number: "10",
            class: "A",
            team: `${p(0)} unknown`,
            drivers: [`${p(6)} nobody`],
          },
        ],
      });
      const form = new FormData();
      form.set("file", new File([bad], FILES.preview, { type: "application/json" }));
      form.set("layout", "paddock-json");
      const refused = await post(w, `/admin/seasons/${S}/races/r2/import`, form);
      expect(refused.status).toBe(422);
      expectInert("preview with problems", refused.body, [`${p(0)} unknown`, `${p(6)} nobody`]);
    });

    it("forms shown again after a mistake keep the payloads as text", async () => {
      const res = await post(w, "/admin/seasons/new", {
        id: "bad id!",
        name: p(1),
        year: "2025",
        seriesId: "x",
        seriesName: p(3),
        classes: `A ${p(3)}`,
        preset: "custom",
        rules: p(3),
        reason: p(0),
      });
      expect(res.status).toBe(422);
      expectInert("new season form", res.body, [p(1), p(3), p(0)]);
      const teamAgain = await post(w, `/admin/seasons/${S}/teams`, {
        id: "bad id!",
        name: p(6),
        aliases: p(3),
      });
      expect(teamAgain.status).toBe(422);
      expectInert("teams form shown again", teamAgain.body, [FORM_TEAM.name, p(6)]);
    });

    it("JSON answers and exports give the payloads back exactly", async () => {
      const api = await page(w, `/api/seasons/${S}/standings?championship=teams`);
      expect(api.status).toBe(200);
      const names = JSON.stringify(JSON.parse(api.body));
      for (const [i] of P.entries()) expect(names).toContain(JSON.stringify(team(i).name));
      const exported = await page(w, `/seasons/${S}/export/standings.json?class=A`);
      expect(exported.status).toBe(200);
      for (const i of [0, 2, 4, 6, 8])
        expect(JSON.stringify(JSON.parse(exported.body))).toContain(JSON.stringify(team(i).name));
      const csv = await page(w, `/seasons/${S}/export/standings.csv?class=B`);
      expect(csv.status).toBe(200);
      const cells = (parse(csv.body, { relax_column_count: true }) as string[][]).flat();
      for (const i of [1, 3, 5, 7]) expect(cells).toContain(team(i).name);
    });

    it("wikitext exports keep payloads inert (no markup, no templates)", async () => {
      for (const path of [
        `/seasons/${S}/export/standings.wiki?class=A`,
        `/seasons/${S}/export/standings.wiki?class=B`,
        `/seasons/${S}/export/rounds/1/results.wiki`,
        `/seasons/${S}/export/summary.wiki`,
      ]) {
        const res = await page(w, path);
        expect([path, res.status]).toEqual([path, 200]);
        for (const raw of ["<script", "<img", "<svg", "<b>", "{{7*7}}", "[[", "javascript:"])
          expect(res.body.includes(raw), `${path}: ${raw}`).toBe(false);
      }
    });

    it("Markdown exports escape HTML in names (a Markdown renderer shows the tags as text)", async () => {
      const res = await page(w, `/seasons/${S}/export/standings.md?class=A`);
      expect(res.status).toBe(200);
      for (const raw of ["<script", "<img", "<svg"]) expect(res.body).not.toContain(raw);
      // Escaped, not dropped: team 0's name is "<script>alert(1)</script>".
      expect(res.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    });

    it("CSV exports keep a formula-like name as text (a leading apostrophe)", async () => {
      for (const path of [
        `/seasons/${S}/export/standings.csv?class=B`,
        `/seasons/${S}/export/rounds/1/results.csv`,
        `/seasons/${S}/export/summary.csv`,
      ]) {
        const res = await page(w, path);
        expect([path, res.status]).toEqual([path, 200]);
        const cells = (parse(res.body, { relax_column_count: true }) as string[][]).flat();
        const formulas = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-[\d.]+$/.test(c));
        expect([path, formulas]).toEqual([path, []]);
        if (!path.includes("summary")) expect(cells, path).toContain(`'${team(9).name}`);
      }
    });
  },
);

describe("SQL stays parameterised (SQLite)", () => {
  let dir = "";
  let store: SqlStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "paddock-untrusted-sql-"));
    store = await SqlStore.open(sqliteDialect(join(dir, "paddock.sqlite")));
  });
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const tables = async () =>
    (
      await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(
        store.db,
      )
    ).rows.map((r) => r.name);

  it("writes and reads back a season whose every name is a payload, and keeps its tables", async () => {
    const memory = new MemoryStore();
    const world = await buildWorld(memory, new MemoryAccountStore(), () => memory.close());
    const stored = (await memory.getSeason(S))!;
    const before = await tables();
    // The store does not check ids (the service does): even the id may be SQL.
    for (const id of [S, p(4), "x' OR '1'='1"]) {
      const season = { ...stored.season, id };
      await store.putSeason(
        { season, rulesDocument: stored.rulesDocument },
        { actor: p(4), action: "put", reason: p(4), summary: p(0), expectedVersion: null },
      );
      const back = await store.getSeason(id);
      expect(back?.season).toEqual(season);
      expect(back?.rulesDocument).toEqual(stored.rulesDocument);
      expect((await store.listChanges(id)).map((c) => [c.actor, c.reason, c.summary])).toEqual([
        [p(4), p(4), p(0)],
      ]);
    }
    expect(await tables()).toEqual(before);
    expect(before).toContain("seasons");
    expect((await store.listSeasons()).map((s) => s.id).sort()).toEqual(
      [S, p(4), "x' OR '1'='1"].sort(),
    );
    // Lookups with SQL in them find nothing rather than everything.
    expect(await store.getSeason("' OR '1'='1")).toBeUndefined();
    expect(await store.listChanges("' OR 1=1 --")).toEqual([]);
    await world.close();
  });

  it("keeps import mappings and accounts with payload names exactly", async () => {
    const mapping = { columns: { pos: p(0), number: p(4), team: p(3) }, delimiter: ";" };
    await store.saveImportMapping({
      seriesId: "untrusted",
      name: p(4),
      mapping,
      savedBy: p(1),
      savedAt: "2025-06-01T12:00:00.000Z",
    });
    expect(await store.listImportMappings("untrusted")).toEqual([
      {
        seriesId: "untrusted",
        name: p(4),
        mapping,
        savedBy: p(1),
        savedAt: "2025-06-01T12:00:00.000Z",
      },
    ]);
    expect(await store.listImportMappings("' OR '1'='1")).toEqual([]);
    const accounts = new SqlAccountStore(store.db);
    const added = await addUser(
      accounts,
      { username: "mallory", role: "steward", password: PASSWORD, displayName: p(4) },
      p(4),
    );
    expect(added.ok).toBe(true);
    expect((await accounts.getUserByUsername("mallory"))?.displayName).toBe(p(4));
    expect(await accounts.getUserByUsername("' OR '1'='1")).toBeUndefined();
    expect(await tables()).toEqual(expect.arrayContaining(["seasons", "users", "season_changes"]));
  });
});
