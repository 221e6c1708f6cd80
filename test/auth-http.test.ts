// Accounts over HTTP, in process (app.request): logging in and out with the cookie, the CSRF
// token, API tokens, roles, login rate limits, and per-user pages kept out of every cache.
import { beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../src/auth/accounts.js";
import { SESSION_COOKIE } from "../src/auth/auth.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { MemoryStore } from "../src/store/memory-store.js";

const PASSWORDS = {
  zoe: "zoe's long admin password",
  sam: "sam's long steward password",
} as const;
const ORIGIN = "http://localhost";

let accounts: MemoryAccountStore;
let service: SeasonService;
let app: ReturnType<typeof httpApp>;
let ipCounter = 0;

beforeAll(async () => {
  accounts = new MemoryAccountStore();
  for (const [username, role] of [
    ["zoe", "admin"],
    ["sam", "steward"],
  ] as const) {
    const added = await addUser(
      accounts,
      { username, role, password: PASSWORDS[username], displayName: `${username} <b>bold</b>` },
      "test",
    );
    if (!added.ok) throw new Error(added.error.message);
  }
  service = new SeasonService(new MemoryStore(), { versionTtlMs: 0 });
  // trustProxy: each test comes from an IP of its own (X-Forwarded-For), so rate limits stay apart.
  app = httpApp(service, () => {}, { accounts, trustProxy: true });
});

/** A fresh client IP address. */
const newIp = () => `198.51.100.${++ipCounter}`;

function formPost(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  base = ORIGIN,
) {
  return app.request(`${base}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: base,
      ...headers,
    },
  });
}

function jsonPost(path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** The session cookie a response sets, as a Cookie header ("" when none). */
function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return set ? (set.split(";")[0] ?? "") : "";
}

/** Logs in through the JSON API: the Cookie header and the CSRF token. */
async function logIn(username: keyof typeof PASSWORDS) {
  const res = await jsonPost(
    "/api/auth/login",
    { username, password: PASSWORDS[username] },
    { "X-Forwarded-For": newIp() },
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: sessionCookie(res), csrf: body.csrfToken };
}

describe("logging in", () => {
  it("refuses a wrong password with the login form again, a generic message and no cookie", async () => {
    const ip = newIp();
    for (const [username, password] of [
      ["zoe", "not zoe's password"],
      ["nobody", "whatever it is"],
    ]) {
      const res = await formPost(
        "/login",
        { username: username ?? "", password: password ?? "" },
        { "X-Forwarded-For": ip },
      );
      expect(res.status).toBe(401);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const html = await res.text();
      expect(html).toContain("Wrong username or password.");
      expect(html).toContain('<form method="post" action="/login">');
    }
    const json = await jsonPost(
      "/api/auth/login",
      { username: "zoe", password: "not zoe's password" },
      { "X-Forwarded-For": ip },
    );
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({
      error: "UNAUTHORIZED",
      message: "Wrong username or password.",
    });
    expect(json.headers.getSetCookie()).toEqual([]);
  });

  it("refuses the 6th attempt after 5 failures with 429 and Retry-After, even with the right password", async () => {
    const ip = { "X-Forwarded-For": newIp() };
    for (let i = 0; i < 5; i++)
      expect(
        (await formPost("/login", { username: "sam", password: "wrong guess" }, ip)).status,
      ).toBe(401);
    const sixth = await formPost("/login", { username: "sam", password: PASSWORDS.sam }, ip);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("Retry-After"))).toBeGreaterThan(800);
    expect(sixth.headers.getSetCookie()).toEqual([]);
    expect(await sixth.text()).toContain("Too many failed logins");
    const json = await jsonPost("/api/auth/login", { username: "sam", password: "x" }, ip);
    expect(json.status).toBe(429);
    expect(json.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await json.json()).toMatchObject({ error: "RATE_LIMITED" });
    // Another IP is not held up.
    const other = await formPost(
      "/login",
      { username: "sam", password: PASSWORDS.sam },
      { "X-Forwarded-For": newIp() },
    );
    expect(other.status).toBe(303);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie for 12 hours, Secure only over https", async () => {
    const res = await formPost(
      "/login",
      { username: "ZOE ", password: PASSWORDS.zoe },
      { "X-Forwarded-For": newIp() },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/admin");
    const [cookie, ...others] = res.headers.getSetCookie();
    expect(others).toEqual([]);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    const flags = (cookie ?? "").split(";").map((f) => f.trim());
    expect(flags).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"]),
    );
    expect(flags).not.toContain("Secure");

    const https = await formPost(
      "/login",
      { username: "zoe", password: PASSWORDS.zoe },
      { "X-Forwarded-For": newIp() },
      "https://paddock.example",
    );
    expect(https.headers.getSetCookie()[0]).toMatch(/; Secure/);
    const proxied = await formPost(
      "/login",
      { username: "zoe", password: PASSWORDS.zoe },
      // Behind the proxy the browser is at https://…: its Origin says so.
      { "X-Forwarded-For": newIp(), "X-Forwarded-Proto": "https", Origin: "https://localhost" },
    );
    expect(proxied.status).toBe(303);
    expect(proxied.headers.getSetCookie()[0]).toMatch(/; Secure/);
    // Without trustProxy, X-Forwarded-Proto is not believed.
    const direct = httpApp(service, () => {}, { accounts });
    const spoofed = await direct.request("/login", {
      method: "POST",
      body: new URLSearchParams({ username: "zoe", password: PASSWORDS.zoe }),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: ORIGIN,
        "X-Forwarded-Proto": "https",
      },
    });
    expect(spoofed.status).toBe(303);
    expect(spoofed.headers.getSetCookie()[0]).not.toMatch(/Secure/);
  });

  it("goes back to ?next= when it is a path on this site, else to /admin", async () => {
    const cases: [string, string][] = [
      ["/account", "/account"],
      ["/seasons/alms-2003?class=GT", "/seasons/alms-2003?class=GT"],
      ["//evil.example/", "/admin"],
      ["/\\evil.example", "/admin"],
      ["/.//evil.example", "/admin"],
      ["/a/..//evil.example/x", "/admin"],
      ["https://evil.example/", "/admin"],
      ["javascript:alert(1)", "/admin"],
    ];
    for (const [next, location] of cases) {
      const res = await formPost(
        `/login?next=${encodeURIComponent(next)}`,
        { username: "zoe", password: PASSWORDS.zoe },
        { "X-Forwarded-For": newIp() },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(location);
    }
    // The login page carries next into its form.
    const page = await app.request("/login?next=%2Faccount");
    expect(await page.text()).toContain('name="next" value="/account"');
  });

  it("refuses a login form posted from another site", async () => {
    const res = await formPost(
      "/login",
      { username: "zoe", password: PASSWORDS.zoe },
      { Origin: "https://evil.example", "X-Forwarded-For": newIp() },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "CSRF" });
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe("/api/auth/me", () => {
  it("says who is logged in, with the CSRF token, and is never cached", async () => {
    const anonymous = await app.request("/api/auth/me");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: "UNAUTHORIZED",
      message: "Log in or send an API token.",
    });
    const { cookie, csrf } = await logIn("sam");
    const res = await app.request("/api/auth/me", { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({
      user: {
        id: expect.any(String),
        username: "sam",
        displayName: "sam <b>bold</b>",
        role: "steward",
      },
      via: "session",
      csrfToken: csrf,
      expiresAt: expect.any(String),
    });
    // A cookie that is not a session is no login (and no error).
    const forged = await app.request("/api/auth/me", {
      headers: { Cookie: `${SESSION_COOKIE}=forged` },
    });
    expect(forged.status).toBe(401);
  });
});

describe("CSRF", () => {
  it("refuses cookie writes without the session's token and accepts them with it", async () => {
    const { cookie, csrf } = await logIn("sam");
    const without = await jsonPost("/api/tokens", { name: "feed" }, { Cookie: cookie });
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ error: "CSRF" });
    const wrong = await jsonPost(
      "/api/tokens",
      { name: "feed" },
      { Cookie: cookie, "X-CSRF-Token": "not-the-token" },
    );
    expect(wrong.status).toBe(403);
    const right = await jsonPost(
      "/api/tokens",
      { name: "feed" },
      { Cookie: cookie, "X-CSRF-Token": csrf },
    );
    expect(right.status).toBe(201);
    // Forms carry it in the _csrf field.
    const formWithout = await formPost("/account/tokens", { name: "form" }, { Cookie: cookie });
    expect(formWithout.status).toBe(403);
    const formWith = await formPost(
      "/account/tokens",
      { name: "form", _csrf: csrf },
      { Cookie: cookie },
    );
    expect(formWith.status).toBe(200);
    // A form from another site is refused even with the token.
    const crossSite = await formPost(
      "/account/tokens",
      { name: "form", _csrf: csrf },
      { Cookie: cookie, Origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
  });

  it("puts the token into the forms of the pages", async () => {
    const { cookie, csrf } = await logIn("sam");
    const html = await (await app.request("/account", { headers: { Cookie: cookie } })).text();
    expect(html).toContain(`name="_csrf" value="${csrf}"`);
  });
});

describe("API tokens", () => {
  it("shows a new token once; it authenticates without CSRF until revoked", async () => {
    const { cookie, csrf } = await logIn("sam");
    const created = await formPost(
      "/account/tokens",
      { name: "timing <feed>", _csrf: csrf },
      { Cookie: cookie },
    );
    expect(created.status).toBe(200);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const html = await created.text();
    expect(html).toContain("shown only this once");
    expect(html).toContain("timing &lt;feed&gt;");
    const token = /value="(pdk_[A-Za-z0-9_-]+)"/.exec(html)?.[1] ?? "";
    expect(token).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);

    const bearer = { Authorization: `Bearer ${token}` };
    const me = await app.request("/api/auth/me", { headers: bearer });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { username: "sam" },
      via: "token",
      csrfToken: null,
    });
    // The account page lists it, with its last use, and never shows it again.
    const account = await (await app.request("/account", { headers: { Cookie: cookie } })).text();
    expect(account).toContain("timing &lt;feed&gt;");
    expect(account).not.toContain(token);
    expect(account).toContain(" UTC</td><td>active");

    // A token cannot make tokens; it needs no CSRF token to revoke itself.
    const minted = await jsonPost("/api/tokens", { name: "more" }, bearer);
    expect(minted.status).toBe(403);
    const list = (await (await app.request("/api/tokens", { headers: bearer })).json()) as {
      tokens: { id: string; name: string; lastUsedAt: string | null }[];
    };
    const id = list.tokens.find((t) => t.name === "timing <feed>")?.id ?? "";
    expect(list.tokens.find((t) => t.id === id)?.lastUsedAt).not.toBeNull();
    const revoked = await app.request(`/api/tokens/${id}`, { method: "DELETE", headers: bearer });
    expect(revoked.status).toBe(204);
    const after = await app.request("/api/auth/me", { headers: bearer });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: "UNAUTHORIZED" });
    // Even on a public page: a bad token is an error, not an anonymous visit.
    expect((await app.request("/api/seasons", { headers: bearer })).status).toBe(401);
    expect((await app.request("/api/seasons")).status).toBe(200);
  });

  it("returns a token from the JSON API once; others' tokens cannot be revoked", async () => {
    const sam = await logIn("sam");
    const res = await jsonPost(
      "/api/tokens",
      { name: "script" },
      { Cookie: sam.cookie, "X-CSRF-Token": sam.csrf },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; token: string; name: string };
    expect(body).toMatchObject({ name: "script", token: expect.stringMatching(/^pdk_/) });
    expect(
      (
        await jsonPost(
          "/api/tokens",
          { name: " " },
          { Cookie: sam.cookie, "X-CSRF-Token": sam.csrf },
        )
      ).status,
    ).toBe(400);
    // Another steward's session cannot see it; an admin can revoke it.
    await addUser(
      accounts,
      { username: "kim", role: "steward", password: "kim's long password" },
      "test",
    );
    const kim = await jsonPost(
      "/api/auth/login",
      { username: "kim", password: "kim's long password" },
      { "X-Forwarded-For": newIp() },
    );
    const kimCookie = sessionCookie(kim);
    const kimCsrf = ((await kim.json()) as { csrfToken: string }).csrfToken;
    const byKim = await app.request(`/api/tokens/${body.id}`, {
      method: "DELETE",
      headers: { Cookie: kimCookie, "X-CSRF-Token": kimCsrf, Origin: ORIGIN },
    });
    expect(byKim.status).toBe(404);
    const zoe = await logIn("zoe");
    const byZoe = await app.request(`/api/tokens/${body.id}`, {
      method: "DELETE",
      headers: { Cookie: zoe.cookie, "X-CSRF-Token": zoe.csrf, Origin: ORIGIN },
    });
    expect(byZoe.status).toBe(204);
    expect(
      (await app.request("/api/auth/me", { headers: { Authorization: `Bearer ${body.token}` } }))
        .status,
    ).toBe(401);
  });
});

describe("what needs a login session, not an API token", () => {
  it("refuses to mint tokens or add users with a bearer token on the form routes (403)", async () => {
    const zoe = await logIn("zoe");
    const created = await formPost(
      "/account/tokens",
      { name: "parent", _csrf: zoe.csrf },
      { Cookie: zoe.cookie },
    );
    expect(created.status).toBe(200);
    const token = /value="(pdk_[A-Za-z0-9_-]+)"/.exec(await created.text())?.[1] ?? "";
    const bearer = { Authorization: `Bearer ${token}` };
    const zoeId = (await accounts.getUserByUsername("zoe"))?.id ?? "";
    const before = (await accounts.listApiTokens(zoeId)).length;

    const minted = await formPost("/account/tokens", { name: "child" }, bearer);
    expect(minted.status).toBe(403);
    expect(await minted.json()).toEqual({
      error: "FORBIDDEN",
      message: "Creating an API token needs a login session (the browser), not an API token.",
    });
    expect((await accounts.listApiTokens(zoeId)).length).toBe(before);

    const user = await formPost(
      "/admin/users",
      { username: "mallory", role: "admin", password: "mallory's long password" },
      bearer,
    );
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ error: "FORBIDDEN" });
    expect(await accounts.getUserByUsername("mallory")).toBeUndefined();

    const password = await formPost(
      "/account/password",
      { current: PASSWORDS.zoe, password: "a brand new password", repeat: "a brand new password" },
      bearer,
    );
    expect(password.status).toBe(403);
  });
});

describe("changing one's password on /account", () => {
  it("checks the current one, the rules and the repetition, then ends the other sessions", async () => {
    const old = "pat's first long password";
    const changed = "pat's second long password";
    await addUser(accounts, { username: "pat", role: "steward", password: old }, "test");
    const login = async (password: string) =>
      jsonPost("/api/auth/login", { username: "pat", password }, { "X-Forwarded-For": newIp() });
    const here = await login(old);
    const elsewhere = await login(old);
    const cookie = sessionCookie(here);
    const { csrfToken: csrf } = (await here.json()) as { csrfToken: string };
    const otherCookie = sessionCookie(elsewhere);

    const page = await (await app.request("/account", { headers: { Cookie: cookie } })).text();
    expect(page).toContain('<form method="post" action="/account/password">');
    const send = (fields: Record<string, string>) =>
      formPost("/account/password", { ...fields, _csrf: csrf }, { Cookie: cookie });

    const wrong = await send({ current: "not pat's password", password: changed, repeat: changed });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("The current password is wrong.");
    const differ = await send({ current: old, password: changed, repeat: `${changed}!` });
    expect(differ.status).toBe(400);
    expect(await differ.text()).toContain("The new password and its repetition differ.");
    const short = await send({ current: old, password: "short", repeat: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("at least 10 characters");
    const noCsrf = await formPost(
      "/account/password",
      { current: old, password: changed, repeat: changed },
      { Cookie: cookie },
    );
    expect(noCsrf.status).toBe(403);

    const done = await send({ current: old, password: changed, repeat: changed });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe("/account?done=password");
    // This browser stays logged in, with a new session; the other one is logged out.
    const newCookie = sessionCookie(done);
    expect(newCookie).not.toBe("");
    expect(newCookie).not.toBe(cookie);
    const shown = await app.request("/account?done=password", { headers: { Cookie: newCookie } });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<p role="status">Password changed.</p>');
    expect((await app.request("/api/auth/me", { headers: { Cookie: otherCookie } })).status).toBe(
      401,
    );
    expect((await app.request("/api/auth/me", { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await login(old)).status).toBe(401);
    expect((await login(changed)).status).toBe(200);
    const events = await accounts.listEvents({ limit: 20 });
    expect(events.map((e) => [e.actor, e.action, e.subject])).toContainEqual([
      "pat",
      "user.password",
      "pat",
    ]);
  });
});

describe("roles", () => {
  it("lets admins, not stewards, manage users on /admin/users", async () => {
    const anonymous = await app.request("/admin/users");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toBe("/login?next=%2Fadmin%2Fusers");

    const sam = await logIn("sam");
    const refused = await app.request("/admin/users", { headers: { Cookie: sam.cookie } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("sam is a steward");
    const refusedPost = await formPost(
      "/admin/users",
      { username: "eve", role: "admin", password: "eve's long password", _csrf: sam.csrf },
      { Cookie: sam.cookie },
    );
    expect(refusedPost.status).toBe(403);
    expect(await accounts.getUserByUsername("eve")).toBeUndefined();

    const zoe = await logIn("zoe");
    const page = await app.request("/admin/users", { headers: { Cookie: zoe.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("sam &lt;b&gt;bold&lt;/b&gt;");
    expect(html).not.toContain("<b>bold</b>");

    const short = await formPost(
      "/admin/users",
      { username: "eve", role: "steward", password: "short", _csrf: zoe.csrf },
      { Cookie: zoe.cookie },
    );
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("at least 10 characters");
    const taken = await formPost(
      "/admin/users",
      { username: "sam", role: "steward", password: "a long enough one", _csrf: zoe.csrf },
      { Cookie: zoe.cookie },
    );
    expect(taken.status).toBe(409);
    const added = await formPost(
      "/admin/users",
      {
        username: "Eve",
        displayName: "Eve",
        role: "steward",
        password: "eve's long password",
        _csrf: zoe.csrf,
      },
      { Cookie: zoe.cookie },
    );
    expect(added.status).toBe(303);
    expect(added.headers.get("Location")).toBe("/admin/users?added=eve");
    expect((await accounts.getUserByUsername("eve"))?.role).toBe("steward");

    // Disabling a user ends their session at once.
    const eve = await jsonPost(
      "/api/auth/login",
      { username: "eve", password: "eve's long password" },
      { "X-Forwarded-For": newIp() },
    );
    const eveCookie = sessionCookie(eve);
    expect((await app.request("/api/auth/me", { headers: { Cookie: eveCookie } })).status).toBe(
      200,
    );
    const disabled = await formPost(
      "/admin/users/eve/disable",
      { _csrf: zoe.csrf },
      { Cookie: zoe.cookie },
    );
    expect(disabled.status).toBe(303);
    expect((await app.request("/api/auth/me", { headers: { Cookie: eveCookie } })).status).toBe(
      401,
    );
    const again = await jsonPost(
      "/api/auth/login",
      { username: "eve", password: "eve's long password" },
      { "X-Forwarded-For": newIp() },
    );
    expect(again.status).toBe(401);
    const events = await accounts.listEvents({ limit: 5 });
    expect(events.map((e) => [e.actor, e.action, e.subject])).toContainEqual([
      "zoe",
      "user.disable",
      "eve",
    ]);
  });
});

describe("logging out", () => {
  it("ends the session on the server, not only in the browser", async () => {
    const { cookie, csrf } = await logIn("zoe");
    const res = await app.request("/api/auth/logout", {
      method: "POST",
      headers: { Cookie: cookie, "X-CSRF-Token": csrf, Origin: ORIGIN },
    });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0`));
    // The old cookie, replayed, is no login any more.
    expect((await app.request("/api/auth/me", { headers: { Cookie: cookie } })).status).toBe(401);

    const form = await logIn("zoe");
    const out = await formPost("/logout", { _csrf: form.csrf }, { Cookie: form.cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/");
    expect((await app.request("/account", { headers: { Cookie: form.cookie } })).status).toBe(303);
  });
});

describe("per-user pages", () => {
  it("are sent with no-store and have no content version, so the response cache skips them", async () => {
    const sam = await logIn("sam");
    const zoe = await logIn("zoe");
    for (const path of ["/login", "/account", "/admin/users", "/api/auth/me", "/api/tokens"])
      expect(await service.contentVersion(path)).toBeUndefined();
    expect((await app.request("/login")).headers.get("Cache-Control")).toBe("no-store");
    const asSam = await app.request("/account", { headers: { Cookie: sam.cookie } });
    const asZoe = await app.request("/account", { headers: { Cookie: zoe.cookie } });
    expect(asSam.headers.get("Cache-Control")).toBe("no-store");
    expect(await asSam.text()).toContain("(sam, steward)");
    expect(await asZoe.text()).toContain("(zoe, admin (organiser))");
    // Public pages set no cookie, logged in or not.
    const home = await app.request("/", { headers: { Cookie: sam.cookie } });
    expect(home.status).toBe(200);
    expect(home.headers.getSetCookie()).toEqual([]);
  });
});
