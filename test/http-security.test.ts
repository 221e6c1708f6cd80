// Guards every request goes through, in process (app.request): security headers on every answer,
// malformed URLs and form bodies (400, not 500), revoked API tokens refused before the response
// cache, logged-out visitors of the admin pages sent to log in, and the admin forms saying what
// they did after their redirect.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { addUser, issueApiToken } from "../src/auth/accounts.js";
import { SESSION_COOKIE } from "../src/auth/auth.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { RaceControl } from "../src/service/race-control.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";

const ROOT = join(import.meta.dirname, "..");
const ORIGIN = "http://localhost";
const S = "alms-2003";
const PASSWORDS = { zoe: "zoe's long admin password", sam: "sam's long steward password" };

/** The policy the pages are written for: no script, inline styles, the chart as an image. */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

let app: ReturnType<typeof httpApp>;
let accounts: MemoryAccountStore;

beforeAll(async () => {
  const read = readSeasonBundle(join(ROOT, "data", S));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  const store = new MemoryStore();
  await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
  accounts = new MemoryAccountStore();
  for (const [username, role] of [
    ["zoe", "admin"],
    ["sam", "steward"],
  ] as const) {
    const added = await addUser(accounts, { username, role, password: PASSWORDS[username] }, "t");
    if (!added.ok) throw new Error(added.error.message);
  }
  const service = new SeasonService(store, { versionTtlMs: 0 });
  const control = new RaceControl(store, { onChange: () => service.forgetVersions() });
  app = httpApp(service, () => {}, {
    accounts,
    requestLog: false,
    raceControl: { control, store, presets: [] },
  });
});

async function logIn(username: keyof typeof PASSWORDS) {
  const res = await app.request(`${ORIGIN}/api/auth/login`, {
    method: "POST",
    body: JSON.stringify({ username, password: PASSWORDS[username] }),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status).toBe(200);
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: set.split(";")[0] ?? "", csrf: csrfToken };
}

const formPost = (path: string, fields: Record<string, string>, cookie: string) =>
  app.request(`${ORIGIN}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      Cookie: cookie,
    },
  });

describe("security headers", () => {
  it("come with every answer: pages, cached pages, the API, its reference, errors, redirects", async () => {
    const paths = [
      "/",
      "/", // the second time from the response cache
      `/seasons/${S}/standings?class=GT`,
      `/seasons/${S}/standings/chart.svg?championship=teams&class=GT`,
      "/api/seasons",
      "/api/docs",
      "/login",
      "/healthz",
      "/no/such/page",
      "/admin",
    ];
    for (const path of paths) {
      const res = await app.request(path);
      expect([path, res.headers.get("Content-Security-Policy")]).toEqual([path, CSP]);
      expect([path, res.headers.get("X-Content-Type-Options")]).toEqual([path, "nosniff"]);
      expect([path, res.headers.get("X-Frame-Options")]).toEqual([path, "DENY"]);
      // Not no-referrer: browsers would then send "Origin: null" with form posts.
      expect([path, res.headers.get("Referrer-Policy")]).toEqual([path, "same-origin"]);
    }
  });

  it("the pages need nothing the policy forbids: no script, no inline handlers", async () => {
    for (const path of ["/", `/seasons/${S}/standings?class=GT`, "/api/docs", "/login"]) {
      const html = await (await app.request(path)).text();
      expect([path, /<script|\son[a-z]+=|javascript:/i.test(html)]).toEqual([path, false]);
    }
  });
});

describe("malformed requests answer 400, not 500", () => {
  it.each([
    "/api/seasons/%E0%80%AF",
    "/seasons/%ZZ",
    `/seasons/${S}/standings?class=%ZZ`,
    "/api/seasons/%C0",
    "/admin/seasons/%ZZ",
  ])("%s", async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "INVALID_REQUEST" });
  });

  it("a multipart body that is garbage, anonymous or logged in", async () => {
    const garbage = (path: string, headers: Record<string, string> = {}) =>
      app.request(`${ORIGIN}${path}`, {
        method: "POST",
        body: "garbage",
        headers: { "Content-Type": "multipart/form-data", Origin: ORIGIN, ...headers },
      });
    const login = await garbage("/login");
    expect(login.status).toBe(400);
    expect(await login.json()).toMatchObject({ error: "INVALID_REQUEST" });
    const zoe = await logIn("zoe");
    // With the cookie, the CSRF check reads the body first: 400 too.
    const teams = await garbage(`/admin/seasons/${S}/teams`, { Cookie: zoe.cookie });
    expect(teams.status).toBe(400);
    const bounded = await app.request(`${ORIGIN}/login`, {
      method: "POST",
      body: "--x\r\nnot a part\r\n",
      headers: { "Content-Type": "multipart/form-data; boundary=x", Origin: ORIGIN },
    });
    expect(bounded.status).toBe(400);
  });
});

describe("API tokens and the response cache", () => {
  it("a revoked or unknown token gets 401 even for a page the cache holds", async () => {
    const zoe = await accounts.getUserByUsername("zoe");
    const issued = await issueApiToken(accounts, zoe?.id ?? "", "reader", "t");
    if (!issued.ok) throw new Error(issued.error.message);
    const bearer = { Authorization: `Bearer ${issued.value.secret}` };
    const paths = [`/seasons/${S}`, `/api/seasons/${S}/standings?class=GT`, "/"];
    for (const path of paths) {
      expect((await app.request(path)).status).toBe(200); // now in the cache
      expect((await app.request(path, { headers: bearer })).status).toBe(200);
    }
    await accounts.revokeApiToken(issued.value.token.id, "t");
    for (const path of paths) {
      const refused = await app.request(path, { headers: bearer });
      expect([path, refused.status]).toEqual([path, 401]);
      expect(await refused.json()).toMatchObject({ error: "UNAUTHORIZED" });
      const unknown = await app.request(path, { headers: { Authorization: "Bearer pdk_nope" } });
      expect([path, unknown.status]).toEqual([path, 401]);
      expect((await app.request(path)).status).toBe(200);
    }
  });
});

describe("admin pages for logged-out visitors", () => {
  it("redirect to the login page, which comes back; the API keeps its JSON 401", async () => {
    for (const [path, next] of [
      ["/admin", "/admin"],
      [`/admin/seasons/${S}`, `/admin/seasons/${S}`],
      [`/admin/seasons/${S}/teams?x=1`, `/admin/seasons/${S}/teams?x=1`],
      [`/admin/seasons/${S}/audit`, `/admin/seasons/${S}/audit`],
    ] as const) {
      const res = await app.request(path);
      expect([path, res.status]).toEqual([path, 303]);
      expect(res.headers.get("Location")).toBe(`/login?next=${encodeURIComponent(next)}`);
    }
    const api = await app.request("/api/auth/me");
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: "UNAUTHORIZED" });
    // Logged in, the wrong role is still refused, not redirected.
    const sam = await logIn("sam");
    const refused = await app.request(`/admin/seasons/${S}/teams`, {
      headers: { Cookie: sam.cookie },
    });
    expect(refused.status).toBe(403);
  });
});

describe("a discreet Log in link", () => {
  it("is on the public pages, plain HTML", async () => {
    for (const path of ["/", `/seasons/${S}`, `/seasons/${S}/standings?class=GT`]) {
      const html = await (await app.request(path)).text();
      expect([path, html.includes('<a href="/login" class="login">Log in</a>')]).toEqual([
        path,
        true,
      ]);
    }
  });
});

describe("admin forms say what they did", () => {
  /** Follows a form's 303 with the same cookie: the page it lands on. */
  async function landing(res: Response, cookie: string) {
    expect(res.status, (await res.clone().text()).slice(0, 500)).toBe(303);
    const location = res.headers.get("Location") ?? "";
    const page = await app.request(location, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    return { location, html: await page.text() };
  }

  it("teams, entries and line-ups confirm on the page after the redirect", async () => {
    const zoe = await logIn("zoe");
    const team = await landing(
      await formPost(
        `/admin/seasons/${S}/teams`,
        { id: "new-team", name: "Brand <New> Racing", reason: "a test", _csrf: zoe.csrf },
        zoe.cookie,
      ),
      zoe.cookie,
    );
    expect(team.location).toMatch(new RegExp(`^/admin/seasons/${S}/teams\\?done=`));
    expect(team.html).toMatch(
      /<div role="status" class="notice done"><p>Team Brand &lt;New&gt; Racing saved \(version \d+\)\.<\/p>/,
    );

    const entry = await landing(
      await formPost(
        `/admin/seasons/${S}/entries`,
        {
          number: "199",
          class: "GT",
          team: "new-team",
          chassis: "Porsche 911 GT3-RS",
          engine: "Porsche 3.6 L F6",
          reason: "a test",
          _csrf: zoe.csrf,
        },
        zoe.cookie,
      ),
      zoe.cookie,
    );
    expect(entry.location).toMatch(new RegExp(`^/admin/seasons/${S}/entries\\?done=`));
    expect(entry.html).toMatch(/role="status"[^>]*><p>Car 199 \(GT\) added to the entry list/);

    const lineup = await landing(
      await formPost(
        `/admin/seasons/${S}/lineups`,
        {
          entry: "new-team-199",
          driver: "Test Driver",
          nationality: "GBR",
          reason: "a test",
          _csrf: zoe.csrf,
        },
        zoe.cookie,
      ),
      zoe.cookie,
    );
    expect(lineup.html).toMatch(
      /role="status"[^>]*><p>Test Driver added to the line-up of new-team-199/,
    );

    // The notice is signed for the user: text put in the URL by anyone else is not shown.
    const forged = await app.request(
      `/admin/seasons/${S}/teams?done=${encodeURIComponent("Call 555-0100 now")}&sig=x`,
      { headers: { Cookie: zoe.cookie } },
    );
    expect(await forged.text()).not.toContain("Call 555-0100");
    const sam = await logIn("sam");
    const samDashboard = team.location.replace("/teams?", "?");
    const asSam = await app.request(samDashboard, { headers: { Cookie: sam.cookie } });
    expect(asSam.status).toBe(200);
    expect(await asSam.text()).not.toContain("Brand &lt;New&gt; Racing saved");
  });

  it("the dashboard's forms (rounds) confirm too", async () => {
    const zoe = await logIn("zoe");
    const round = await landing(
      await formPost(
        `/admin/seasons/${S}/rounds`,
        {
          number: "11",
          name: "Extra round",
          circuit: "Nowhere",
          reason: "a test",
          _csrf: zoe.csrf,
        },
        zoe.cookie,
      ),
      zoe.cookie,
    );
    expect(round.location).toMatch(new RegExp(`^/admin/seasons/${S}\\?done=`));
    expect(round.html).toMatch(/role="status"[^>]*><p>Round 11 added \(version \d+\)\./);
  });
});
