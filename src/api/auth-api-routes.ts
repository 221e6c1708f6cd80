// The JSON API of accounts: log in and out, who am I, and one's API tokens. Answers are per user:
// sent with Cache-Control: no-store, never cached whole (their paths have no content version).
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { issueApiToken } from "../auth/accounts.js";
import { actorOf, endSession, hasRole, logIn, requireRole } from "../auth/auth.js";
import type { LoginOptions } from "../auth/auth.js";
import type { ApiToken } from "../store/account-store.js";
import { ApiError } from "./api-error.js";

const LoginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(4000),
});
const TokenBody = z.object({ name: z.string() });

/** A JSON body checked against a schema; 400 INVALID_REQUEST otherwise. */
async function jsonBody<T>(c: Context, schema: z.ZodType<T>, example: string): Promise<T> {
  const raw: unknown = await c.req.json().catch(() => undefined);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError("INVALID_REQUEST", `Send a JSON body like ${example}.`);
  return parsed.data;
}

const tokenJson = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

export function authApiRoutes(options: LoginOptions): Hono {
  const { accounts } = options;
  const api = new Hono();
  for (const path of ["/auth/*", "/tokens", "/tokens/*"])
    api.use(path, async (c, next) => {
      await next();
      c.header("Cache-Control", "no-store");
    });

  api.post("/auth/login", async (c) => {
    const body = await jsonBody(c, LoginBody, '{"username": "…", "password": "…"}');
    const outcome = await logIn(c, options, body.username, body.password);
    if (outcome.ok)
      return c.json({
        user: outcome.user,
        csrfToken: outcome.session.csrfToken,
        expiresAt: outcome.session.expiresAt,
      });
    if (outcome.reason === "throttled")
      return c.json(
        {
          error: "RATE_LIMITED",
          message: `Too many failed logins: try again in ${outcome.retryAfterSeconds} seconds.`,
        },
        429,
        { "Retry-After": String(outcome.retryAfterSeconds) },
      );
    throw new ApiError("UNAUTHORIZED", "Wrong username or password.");
  });

  api.post("/auth/logout", async (c) => {
    await endSession(c, accounts, options);
    return c.body(null, 204);
  });

  api.get("/auth/me", requireRole(), (c) =>
    c.json({
      user: c.var.user,
      via: c.var.session ? "session" : "token",
      csrfToken: c.var.session?.csrfToken ?? null,
      expiresAt: c.var.session?.expiresAt ?? null,
    }),
  );

  api.get("/tokens", requireRole(), async (c) => {
    const user = c.var.user;
    if (!user) throw new ApiError("UNAUTHORIZED", "Log in or send an API token.");
    return c.json({ tokens: (await accounts.listApiTokens(user.id)).map(tokenJson) });
  });

  api.post("/tokens", requireRole(), async (c) => {
    const user = c.var.user;
    if (!user) throw new ApiError("UNAUTHORIZED", "Log in or send an API token.");
    // A stolen token must not be able to make itself successors that outlive its revocation.
    if (!c.var.session)
      throw new ApiError("FORBIDDEN", "API tokens are made while logged in, not with a token.");
    const { name } = await jsonBody(c, TokenBody, '{"name": "timing feed"}');
    const issued = await issueApiToken(accounts, user.id, name, actorOf(c));
    if (!issued.ok) throw new ApiError("INVALID_REQUEST", issued.error.message);
    // The only time the token is shown.
    return c.json({ ...tokenJson(issued.value.token), token: issued.value.secret }, 201);
  });

  api.delete("/tokens/:id", requireRole(), async (c) => {
    const user = c.var.user;
    if (!user) throw new ApiError("UNAUTHORIZED", "Log in or send an API token.");
    const token = await accounts.getApiToken(c.req.param("id"));
    // Others' tokens: admins may revoke them; to anyone else they do not exist.
    if (!token || (token.userId !== user.id && !hasRole(user, "admin")))
      throw new ApiError("NOT_FOUND", "You have no API token with this id.");
    await accounts.revokeApiToken(token.id, actorOf(c));
    return c.body(null, 204);
  });

  return api;
}
