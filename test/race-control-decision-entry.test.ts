// A steward disqualifies one of two cars that carried number 2 in one race (a reserve car taking
// the number), through the JSON API and through the admin form: the decision must name the entry
// (without it the API refuses it as ambiguous), only that car loses its points, and the public
// decisions list and round page say which car. The season is fixtures/decision-entry/bundle
// without its decision; the standings expected are the hand-worked case of car-swap.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../src/auth/accounts.js";
import { CSRF_FIELD, SESSION_COOKIE } from "../src/auth/auth.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { RaceControl } from "../src/service/race-control.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "decision-entry");
const ORIGIN = "http://localhost";
const PASSWORD = "steward's long password";
const CASE = "disqualify #2 entry scuderia-2-spare (Bob's car) only";
const cases = (
  JSON.parse(readFileSync(join(FIXTURE, "car-swap.json"), "utf8")) as {
    cases: { name: string; expected: Record<string, [string, string][]> }[];
  }
).cases;
const expectedFor = (name: string) => cases.find((c) => c.name === name)?.expected;

let app: ReturnType<typeof httpApp>;
let store: MemoryStore;
let S: string;
let cookie = "";
let csrf = "";

beforeAll(async () => {
  const accounts = new MemoryAccountStore();
  const added = await addUser(
    accounts,
    { username: "stew", role: "steward", password: PASSWORD },
    "test",
  );
  if (!added.ok) throw new Error(added.error.message);
  store = new MemoryStore();
  const read = readSeasonBundle(join(FIXTURE, "bundle"));
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  S = read.value.season.id;
  await store.putSeason({
    season: { ...read.value.season, decisions: [] },
    rulesDocument: read.value.rulesDocument,
  });
  const service = new SeasonService(store, { versionTtlMs: 0 });
  const control = new RaceControl(store, { onChange: () => service.forgetVersions() });
  app = httpApp(service, () => {}, {
    accounts,
    requestLog: false,
    raceControl: { control, store, presets: [] },
  });
  const res = await app.request(`${ORIGIN}/api/auth/login`, {
    method: "POST",
    body: JSON.stringify({ username: "stew", password: PASSWORD }),
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
  });
  expect(res.status).toBe(200);
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      ?.split(";")[0] ?? "";
});

const postDecision = (body: Record<string, string>) =>
  app.request(`${ORIGIN}/api/seasons/${S}/decisions`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: {
      "Content-Type": "application/json",
      Cookie: cookie,
      "X-CSRF-Token": csrf,
      Origin: ORIGIN,
    },
  });

async function totals(): Promise<Record<string, [string, string][]>> {
  const res = await app.request(`${ORIGIN}/api/seasons/${S}/standings`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    tables: { championship: string; rows: { competitor: { name: string }; total: string }[] }[];
  };
  return Object.fromEntries(
    body.tables.map((t) => [
      t.championship,
      t.rows.map((r) => [r.competitor.name, r.total] as [string, string]),
    ]),
  );
}

const dsq = {
  kind: "disqualify",
  race: "r1",
  number: "2",
  reason: "reserve car underweight at scrutineering",
};

describe("a decision naming one of two cars with the same number", () => {
  it("is refused through the API without the entry, or with an unknown entry, naming the field", async () => {
    for (const [body, code] of [
      [dsq, "AMBIGUOUS_CAR"],
      [{ ...dsq, entry: "scuderia-9" }, "UNKNOWN_ENTRY"],
    ] as const) {
      const res = await postDecision(body);
      const got = (await res.json()) as {
        error: string;
        problems?: { code: string; file?: string; field?: string; message: string }[];
      };
      expect([res.status, got.error]).toEqual([422, "INVALID_INPUT"]);
      expect(got.problems?.map((p) => [p.code, p.file, p.field])).toEqual([
        [code, "decisions.csv", "entry"],
      ]);
    }
    expect((await store.getSeason(S))?.season.decisions).toEqual([]);
  });

  it("disqualifies only the named car through the API, and the public pages say which", async () => {
    const res = await postDecision({ ...dsq, entry: "scuderia-2-spare" });
    expect(res.status, await res.clone().text()).toBe(201);
    const stored = (await store.getSeason(S))?.season.decisions ?? [];
    expect(stored.map((d) => [d.id, d.target.number, d.target.entryId])).toEqual([
      ["D1", "2", "scuderia-2-spare"],
    ]);
    expect(await totals()).toEqual(expectedFor(CASE));

    const list = (await (await app.request(`${ORIGIN}/api/seasons/${S}/decisions`)).json()) as {
      rows: Record<string, string>[];
    }[];
    expect(list[0]?.rows.map((r) => [r.id, r.car, r.entry])).toEqual([
      ["D1", "2", "scuderia-2-spare"],
    ]);
    const round = await (await app.request(`${ORIGIN}/seasons/${S}/rounds/1`)).text();
    expect(round).toContain("#2 (entry scuderia-2-spare)");
  });

  it("offers the two cars in the admin form, and the form records the entry", async () => {
    const form = await (
      await app.request(`${ORIGIN}/admin/seasons/${S}`, { headers: { Cookie: cookie } })
    ).text();
    const select = /<select name="entry">([\s\S]*?)<\/select>/.exec(form)?.[1] ?? "";
    expect([...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([
      "",
      "scuderia-2",
      "scuderia-2-spare",
    ]);
    // Overturn on appeal, then disqualify Ann's car instead, through the form.
    const forms: Record<string, string>[] = [
      { kind: "reinstate", race: "r1", overturns: "D1", reason: "appeal upheld" },
      { ...dsq, entry: "scuderia-2", reason: "race car underweight" },
    ];
    for (const fields of forms) {
      const body = new URLSearchParams({ ...fields, [CSRF_FIELD]: csrf });
      const res = await app.request(`${ORIGIN}/admin/seasons/${S}/decisions`, {
        method: "POST",
        body,
        headers: { Cookie: cookie, Origin: ORIGIN },
      });
      expect(res.status, (await res.text()).slice(0, 500)).toBe(303);
    }
    const decisions = (await store.getSeason(S))?.season.decisions ?? [];
    expect(decisions.map((d) => [d.kind, d.target.entryId])).toEqual([
      ["disqualify", "scuderia-2-spare"],
      ["reinstate", null],
      ["disqualify", "scuderia-2"],
    ]);
    expect(await totals()).toEqual(expectedFor("disqualify #2 entry scuderia-2 (Ann's car) only"));
  });
});
