// The guards on their own: requireRole's answers and the local-path check of ?next=.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { errorResponse } from "../api/api-error.js";
import type { Role } from "../store/account-store.js";
import { localPath, requireRole } from "./auth.js";
import type { AuthUser } from "./auth.js";

function appAs(user: AuthUser | undefined, ...roles: Role[]) {
  const app = new Hono();
  app.use("*", async (c, next) => {
    c.set("user", user);
    await next();
  });
  app.get("/", requireRole(...roles), (c) => c.text("ok"));
  app.onError((e, c) => errorResponse(e, c, () => {}));
  return app;
}

const as = (role: Role): AuthUser => ({ id: "1", username: role, displayName: role, role });

describe("requireRole", () => {
  it.each([
    [undefined, ["steward"], 401, "UNAUTHORIZED"],
    [undefined, [], 401, "UNAUTHORIZED"],
    ["steward", ["steward"], 200, null],
    ["steward", ["admin"], 403, "FORBIDDEN"],
    ["steward", [], 200, null],
    ["admin", ["steward"], 200, null], // admins may do everything
    ["admin", ["admin"], 200, null],
  ] as const)("%s needing %j: %i", async (role, roles, status, code) => {
    const res = await appAs(role ? as(role) : undefined, ...roles).request("/");
    expect(res.status).toBe(status);
    if (code) expect(await res.json()).toMatchObject({ error: code });
  });
});

describe("localPath", () => {
  it.each([
    ["/account", "/account"],
    ["/seasons/alms-2003/standings?class=GT#gt", "/seasons/alms-2003/standings?class=GT#gt"],
    ["/a/../b", "/b"],
    [undefined, "/admin"],
    ["", "/admin"],
    ["account", "/admin"],
    ["//evil.example", "/admin"],
    ["/\\evil.example", "/admin"],
    ["/\tevil", "/admin"],
    ["https://evil.example/x", "/admin"],
    ["javascript:alert(1)", "/admin"],
    // Paths that normalise to "//host" or start "/\\": browsers would leave the site.
    ["/.//evil.example", "/admin"],
    ["/a/..//evil.example", "/admin"],
    ["/./\\evil.example", "/admin"],
    ["/", "/admin"],
    ["///evil.example", "/admin"],
  ])("%j → %s", (next, expected) => {
    expect(localPath(next, "/admin")).toBe(expected);
  });
});
