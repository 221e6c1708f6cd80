// The JSON API's addUnknown flag (in process): a classification naming cars, teams and drivers the
// season does not know previews their additions and is refused without the flag (422, nothing
// written); with it, the preview has no errors and the import writes them with the results in one
// version. Expected values: fixtures/imports/unknown-cars/expected.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../src/auth/accounts.js";
import { SESSION_COOKIE } from "../src/auth/auth.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { RaceControl } from "../src/service/race-control.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";

const ROOT = join(import.meta.dirname, "..");
const S = "endurance-cup-2025";
const ORIGIN = "http://localhost";
const PASSWORD = "steward's long password";
const CASE = join(ROOT, "fixtures", "imports", "unknown-cars");
const expected = JSON.parse(readFileSync(join(CASE, "expected.json"), "utf8")) as {
  file: string;
  race: string;
  rows: number;
  count: number;
  summary: string;
  withoutAdding: { code: string; line: number; field: string }[];
  adds: {
    entries: { entryId: string }[];
    teams: { id: string }[];
    drivers: { id: string }[];
    lineups: unknown[];
  };
};
const bytes = new Uint8Array(readFileSync(join(CASE, expected.file)));

let app: ReturnType<typeof httpApp>;
let store: MemoryStore;
let headers: Record<string, string>;

beforeAll(async () => {
  const accounts = new MemoryAccountStore();
  const added = await addUser(
    accounts,
    { username: "stew", role: "steward", password: PASSWORD },
    "test",
  );
  if (!added.ok) throw new Error(added.error.message);
  store = new MemoryStore();
  const bundle = readSeasonBundle(join(ROOT, "fixtures", "seasons", S));
  if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
  await store.putSeason(
    { season: bundle.value.season, rulesDocument: bundle.value.rulesDocument },
    { actor: "test", action: "load-bundle", reason: "", summary: "fixture" },
  );
  const service = new SeasonService(store, { versionTtlMs: 0 });
  const control = new RaceControl(store, { onChange: () => service.forgetVersions() });
  app = httpApp(service, () => {}, {
    accounts,
    requestLog: false,
    raceControl: { control, store, presets: [] },
  });
  const res = await app.request("/api/auth/login", {
    method: "POST",
    body: JSON.stringify({ username: "stew", password: PASSWORD }),
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
  });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
  headers = {
    Cookie: cookie,
    "X-CSRF-Token": csrfToken,
    Origin: ORIGIN,
    "Content-Type": "text/csv",
  };
});

const send = (method: string, path: string, query: string) =>
  app.request(
    `${ORIGIN}/api/seasons/${S}/races/${expected.race}/${path}?file=${expected.file}${query}`,
    {
      method,
      body: bytes,
      headers,
    },
  );

describe("addUnknown through the API", () => {
  it("previews the additions; without the flag the unknowns are errors and the import is refused", async () => {
    const preview = (await (await send("POST", "results/preview", "")).json()) as {
      ok: boolean;
      problems: { code: string; line: number; field: string }[];
      additions: unknown;
    };
    expect(preview.ok).toBe(false);
    expect(preview.problems.map((p) => ({ code: p.code, line: p.line, field: p.field }))).toEqual(
      expected.withoutAdding,
    );
    expect(preview.additions).toEqual(expected.adds);

    const before = (await store.getSeason(S))?.version;
    const refused = await send("PUT", "results", "");
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: string; message: string };
    expect(body.message).toContain("addUnknown=true");
    expect((await store.getSeason(S))?.version).toBe(before);
  });

  it("with addUnknown=true: a clean preview, then one version with the additions and the results", async () => {
    const preview = (await (await send("POST", "results/preview", "&addUnknown=true")).json()) as {
      ok: boolean;
      problems: unknown[];
      addUnknown: boolean;
    };
    expect(preview).toMatchObject({ ok: true, problems: [], addUnknown: true });

    const before = Number((await store.getSeason(S))?.version);
    const res = await send("PUT", "results", "&addUnknown=true&reason=first%20classification");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      season: S,
      version: String(before + 1),
      rows: expected.rows,
      added: {
        entries: expected.adds.entries.map((e) => e.entryId),
        teams: expected.adds.teams.map((t) => t.id),
        drivers: expected.adds.drivers.map((d) => d.id),
        lineups: expected.adds.lineups.length,
      },
    });
    const [last] = await store.listChanges(S);
    expect(last?.summary).toContain(`added ${expected.summary}`);
    expect(last?.reason).toBe("first classification");
  });
});

describe("the admin import pages", () => {
  const upload = async () => {
    const form = new FormData();
    form.set("_csrf", headers["X-CSRF-Token"] ?? "");
    form.set("file", new File([bytes], expected.file));
    const res = await app.request(`${ORIGIN}/admin/seasons/${S}/races/${expected.race}/import`, {
      method: "POST",
      body: form,
      headers: { Cookie: headers.Cookie ?? "", Origin: ORIGIN },
    });
    return { status: res.status, html: await res.text() };
  };
  const commit = (html: string, fields: Record<string, string>) => {
    const action = /action="([^"]*\/imports\/[^"]*\/commit)"/.exec(html)?.[1] ?? "";
    const version = /name="expectedVersion" value="([^"]*)"/.exec(html)?.[1] ?? "";
    return app.request(`${ORIGIN}${action}`, {
      method: "POST",
      body: new URLSearchParams({
        _csrf: headers["X-CSRF-Token"] ?? "",
        expectedVersion: version,
        reason: "from the admin page",
        ...fields,
      }),
      headers: { Cookie: headers.Cookie ?? "", Origin: ORIGIN },
    });
  };

  it("list what the file adds, require the box to add it, and add it in one version", async () => {
    // The API test above added these cars: a fresh season for this one.
    const bundle = readSeasonBundle(join(ROOT, "fixtures", "seasons", S));
    if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
    await store.putSeason(
      { season: bundle.value.season, rulesDocument: bundle.value.rulesDocument },
      { actor: "test", action: "load-bundle", reason: "", summary: "fixture again" },
    );
    const page = await upload();
    expect(page.status).toBe(200);
    expect(page.html).toContain(
      `Add the ${expected.count} cars, teams and drivers this file introduces`,
    );
    for (const e of expected.adds.entries) expect(page.html).toContain(e.entryId);

    const before = (await store.getSeason(S))?.version;
    const unticked = await commit(page.html, {});
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain("--add-unknown");
    expect((await store.getSeason(S))?.version).toBe(before);

    const again = await upload();
    const ticked = await commit(again.html, { addUnknown: "yes" });
    expect(ticked.status).toBe(303);
    expect((await store.getSeason(S))?.version).toBe(String(Number(before) + 1));
    const [last] = await store.listChanges(S);
    expect(last?.summary).toContain(`added ${expected.summary}`);
    expect(last?.reason).toBe("from the admin page");
  });
});
