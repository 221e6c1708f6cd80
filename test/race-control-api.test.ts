// End to end through the JSON API (in process): an organiser logs in and creates a season from
// its parts; a steward imports four rounds from timing-system files in every supported layout (Al
// Kamel with a BOM, IMSA, a custom Windows-1252 CSV with a column mapping, Paddock JSON), applies
// a disqualification and a points deduction, and publishes. The standings must then equal the
// ones computed independently from the same files (fixtures/seasons/endurance-cup-2025/expected,
// by a Python script that shares no code with Paddock), the audit log must tell every change, and
// after logging out every write is refused.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../src/auth/accounts.js";
import { SESSION_COOKIE } from "../src/auth/auth.js";
import { httpApp } from "../src/http-app.js";
import { RaceControl } from "../src/service/race-control.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";

const ROOT = join(import.meta.dirname, "..");
const SEASON_DIR = join(ROOT, "fixtures", "seasons", "endurance-cup-2025");
const IMPORTS = join(ROOT, "fixtures", "imports");
const S = "endurance-cup-2025";
const ORIGIN = "http://localhost";
const PASSWORDS = { org: "organiser's long password", stew: "steward's long password" };

let app: ReturnType<typeof httpApp>;
let store: MemoryStore;

const csvRows = (file: string) =>
  parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];

beforeAll(async () => {
  const accounts = new MemoryAccountStore();
  for (const [username, role] of [
    ["org", "admin"],
    ["stew", "steward"],
  ] as const) {
    const added = await addUser(
      accounts,
      { username, role, password: PASSWORDS[username] },
      "test",
    );
    if (!added.ok) throw new Error(added.error.message);
  }
  store = new MemoryStore();
  const service = new SeasonService(store, { versionTtlMs: 0 });
  const control = new RaceControl(store, { onChange: () => service.forgetVersions() });
  app = httpApp(service, () => {}, {
    accounts,
    requestLog: false,
    raceControl: { control, store, presets: [] },
  });
});

interface Caller {
  readonly headers: Record<string, string>;
}

async function logIn(username: keyof typeof PASSWORDS): Promise<Caller & { cookie: string }> {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    body: JSON.stringify({ username, password: PASSWORDS[username] }),
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
  });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
  const cookie = set.split(";")[0] ?? "";
  return { cookie, headers: { Cookie: cookie, "X-CSRF-Token": csrfToken, Origin: ORIGIN } };
}

function call(
  who: Caller | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const raw = body instanceof Uint8Array;
  return app.request(`${ORIGIN}/api${path}`, {
    method,
    ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    headers: {
      "Content-Type": raw ? "text/csv" : "application/json",
      ...(who?.headers ?? {}),
      ...headers,
    },
  });
}

async function expectStatus(res: Response, status: number): Promise<unknown> {
  const body: unknown = await res.json();
  if (res.status !== status)
    throw new Error(`${res.status}: ${JSON.stringify(body).slice(0, 1500)}`);
  return body;
}

/** Every write route, for the checks that anonymous and logged-out callers are refused. */
const WRITES: [string, string, unknown][] = [
  ["POST", "/seasons", { season: {}, rules: {} }],
  ["PUT", `/seasons/${S}/rules`, { rules: {} }],
  ["POST", `/seasons/${S}/classes`, { id: "X", name: "X" }],
  ["POST", `/seasons/${S}/rounds`, { number: 9, name: "X", circuit: "" }],
  ["PATCH", `/seasons/${S}/rounds/1`, { status: "cancelled" }],
  ["PUT", `/seasons/${S}/teams/x`, { name: "X" }],
  ["POST", `/seasons/${S}/entries`, { row: {} }],
  ["POST", `/seasons/${S}/lineups`, { row: {} }],
  ["POST", `/seasons/${S}/races/r1/results/preview`, new Uint8Array([1])],
  ["PUT", `/seasons/${S}/races/r1/results`, new Uint8Array([1])],
  ["PUT", `/seasons/${S}/races/r1/publication`, { status: "official" }],
  ["POST", `/seasons/${S}/decisions`, { kind: "disqualify", reason: "x" }],
  ["GET", `/seasons/${S}/changes`, undefined],
];

const IMPORTS_BY_ROUND = [
  { race: "r1", file: "round-1-alkamel.csv", layout: "alkamel" },
  { race: "r2", file: "round-2-imsa.csv", layout: "imsa" },
  {
    race: "r3",
    file: "round-3-custom.csv",
    layout: "custom",
    mapping: readFileSync(join(IMPORTS, "round-3-mapping.json"), "utf8"),
  },
  { race: "r4", file: "round-4.json", layout: "paddock-json" },
] as const;

describe("race control through the API", () => {
  it("refuses every write from an anonymous caller", async () => {
    for (const [method, path, body] of WRITES)
      expect([method, path, (await call(null, method, path, body)).status]).toEqual([
        method,
        path,
        401,
      ]);
  });

  it("runs a season: create, entries, four imports, decisions, publication, audit, logout", async () => {
    const org = await logIn("org");

    // The organiser creates the season from the fixture's season file and rules.
    const seasonFile = JSON.parse(readFileSync(join(SEASON_DIR, "season.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const rules = JSON.parse(readFileSync(join(SEASON_DIR, "rules.json"), "utf8")) as unknown;
    const {
      format: _f,
      rules: _r,
      entries: _e,
      drivers: _d,
      decisions: _x,
      ...season
    } = seasonFile;
    await expectStatus(
      await call(org, "POST", "/seasons", { season, rules, reason: "new season" }),
      201,
    );
    // Without its CSRF token a cookie request is refused.
    const { "X-CSRF-Token": _t, ...noCsrf } = org.headers;
    expect(
      (await call({ headers: noCsrf }, "POST", `/seasons/${S}/entries`, { row: {} })).status,
    ).toBe(403);

    for (const row of csvRows(join(SEASON_DIR, "entries.csv")))
      await expectStatus(await call(org, "POST", `/seasons/${S}/entries`, { row }), 201);
    for (const row of csvRows(join(SEASON_DIR, "drivers.csv")))
      await expectStatus(
        await call(org, "POST", `/seasons/${S}/lineups`, {
          row: Object.fromEntries(Object.entries(row).filter(([, v]) => v !== "")),
        }),
        201,
      );

    // The steward works with an API token, as a script would.
    const stew = await logIn("stew");
    const token = (await expectStatus(
      await call(stew, "POST", "/tokens", { name: "timing" }),
      201,
    )) as {
      token: string;
    };
    const bot: Caller = { headers: { Authorization: `Bearer ${token.token}` } };
    // A steward may not administer seasons.
    expect((await call(bot, "POST", "/seasons", { season, rules })).status).toBe(403);

    for (const imp of IMPORTS_BY_ROUND) {
      const bytes = new Uint8Array(readFileSync(join(IMPORTS, imp.file)));
      const query = new URLSearchParams({
        file: imp.file,
        layout: imp.layout,
        ...("mapping" in imp ? { mapping: imp.mapping } : {}),
      });
      const preview = (await expectStatus(
        await call(bot, "POST", `/seasons/${S}/races/${imp.race}/results/preview?${query}`, bytes),
        200,
      )) as { ok: boolean; problems: unknown[]; baseVersion: string; rows: unknown[] };
      expect(preview.problems).toEqual([]);
      const written = (await expectStatus(
        await call(bot, "PUT", `/seasons/${S}/races/${imp.race}/results?${query}`, bytes, {
          "If-Match": `"${preview.baseVersion}"`,
        }),
        200,
      )) as { rows: number; version: string };
      expect(written.rows).toBe(preview.rows.length);
      // The same preview committed again is stale: the season moved on.
      const stale = (await expectStatus(
        await call(bot, "PUT", `/seasons/${S}/races/${imp.race}/results?${query}`, bytes, {
          "If-Match": `"${preview.baseVersion}"`,
        }),
        409,
      )) as { error: string; currentVersion: string };
      expect([stale.error, stale.currentVersion]).toEqual(["CONFLICT", written.version]);
    }

    // Provisional until published: the public round page says so.
    const provisional = await app.request(`${ORIGIN}/seasons/${S}/rounds/1`);
    expect(await provisional.text()).toContain("Provisional");

    await expectStatus(
      await call(bot, "POST", `/seasons/${S}/decisions`, {
        kind: "disqualify",
        race: "r2",
        number: "6",
        reason: "skid block below the minimum thickness",
      }),
      201,
    );
    await expectStatus(
      await call(bot, "POST", `/seasons/${S}/decisions`, {
        kind: "deduct_points",
        team: "cool-racing",
        class: "LMP2",
        championship: "teams",
        points: 10,
        reason: "unsafe release in the pit lane, repeated",
      }),
      201,
    );
    for (const imp of IMPORTS_BY_ROUND)
      await expectStatus(
        await call(bot, "PUT", `/seasons/${S}/races/${imp.race}/publication`, {
          status: "official",
        }),
        200,
      );

    // The standings equal the independently computed ones, row by row.
    const expected = csvRows(join(SEASON_DIR, "expected", "teams-after-race-control.csv"));
    const standings = (await expectStatus(
      await app.request(`${ORIGIN}/api/seasons/${S}/standings?championship=teams`),
      200,
    )) as {
      tables: {
        class: string;
        rows: {
          position: number;
          competitor: { id: string };
          rounds: { round: number; points: string }[];
          deductions: string;
          total: string;
        }[];
      }[];
    };
    const got = standings.tables.flatMap((t) =>
      t.rows.map((r) => ({
        class: t.class,
        position: String(r.position),
        team_id: r.competitor.id,
        r1: r.rounds.find((x) => x.round === 1)?.points ?? "0",
        r2: r.rounds.find((x) => x.round === 2)?.points ?? "0",
        r3: r.rounds.find((x) => x.round === 3)?.points ?? "0",
        r4: r.rounds.find((x) => x.round === 4)?.points ?? "0",
        deduction: r.deductions.replace(/^-/, ""),
        total: r.total,
      })),
    );
    const want = expected.map(({ team_name: _n, ...row }) => row);
    const byKey = (a: Record<string, string>, b: Record<string, string>) =>
      `${a.class}|${a.team_id}`.localeCompare(`${b.class}|${b.team_id}`);
    expect([...got].sort(byKey)).toEqual([...want].sort(byKey));

    // The audit log tells every change, newest first, with who and why.
    const changes = (await expectStatus(await call(org, "GET", `/seasons/${S}/changes`), 200)) as {
      action: string;
      actor: string;
      reason: string;
    }[];
    const actions = changes.map((c) => c.action);
    expect(actions.slice(0, 10)).toEqual([
      "publish",
      "publish",
      "publish",
      "publish",
      "decision",
      "decision",
      "import-results",
      "import-results",
      "import-results",
      "import-results",
    ]);
    expect(actions.at(-1)).toBe("create-season");
    expect(changes.slice(0, 10).every((c) => c.actor === "stew")).toBe(true);
    expect(changes[4]?.reason).toBe("unsafe release in the pit lane, repeated");
    expect(changes.at(-1)).toMatchObject({ actor: "org", reason: "new season" });

    // Standings as of the version before the decisions: the disqualified car's points are back.
    const beforeDecisions = changes[6] as unknown as { version: string };
    const asOf = await app.request(
      `${ORIGIN}/seasons/${S}/standings?class=HYPERCAR&version=${beforeDecisions.version}`,
    );
    expect(asOf.status).toBe(200);
    expect(await asOf.text()).toContain(`As of version ${beforeDecisions.version}`);

    // Through the API too: before the disqualification, #6 (first in HYPERCAR in the IMSA file)
    // scored its team the class winner's points of the rules' scale in round 2.
    const imsa = readFileSync(join(IMPORTS, "round-2-imsa.csv"), "utf8").split(/\r?\n/);
    const header = (imsa[0] ?? "").split(";");
    const firstHyper = imsa
      .slice(1)
      .map((l) => l.split(";"))
      .find((cells) => cells[header.indexOf("CLASS")] === "HYPERCAR");
    expect(firstHyper?.[header.indexOf("NUMBER")]).toBe("6");
    const winnerPoints = String((rules as { scales: { wec: number[] } }).scales.wec[0]);
    const past = (await expectStatus(
      await app.request(
        `${ORIGIN}/api/seasons/${S}/standings?championship=teams&class=HYPERCAR&version=${beforeDecisions.version}`,
      ),
      200,
    )) as typeof standings;
    const porsche = (t: typeof standings) =>
      t.tables[0]?.rows
        .find((r) => r.competitor.id === "porsche-penske")
        ?.rounds.find((x) => x.round === 2)?.points;
    expect(porsche(past)).toBe(winnerPoints);
    expect(porsche({ tables: standings.tables.filter((t) => t.class === "HYPERCAR") })).toBe("0");

    // Logged out, the same cookie writes nothing.
    expect((await call(org, "POST", "/auth/logout", {})).ok).toBe(true);
    for (const [method, path, body] of WRITES)
      expect([method, path, (await call(org, method, path, body)).status]).toEqual([
        method,
        path,
        401,
      ]);
    // A revoked token neither.
    const listed = (await expectStatus(await call(stew, "GET", "/tokens"), 200)) as {
      tokens: { id: string }[];
    };
    for (const t of listed.tokens) await call(stew, "DELETE", `/tokens/${t.id}`);
    expect(
      (await call(bot, "PUT", `/seasons/${S}/races/r1/publication`, { status: "provisional" }))
        .status,
    ).toBe(401);
  });
});
