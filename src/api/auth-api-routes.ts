// The JSON API of accounts: log in and out, who am I, and one's API tokens. Answers are per user:
// sent with Cache-Control: no-store, never cached whole (their paths have no content version).
// Mounted beside the season API (its own Hono, no OpenAPI validation: its bodies keep their own
// messages); AUTH_API_OPERATIONS describes each route for /api/openapi.json and /api/docs.
import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { Context } from "hono";
import { issueApiToken } from "../auth/accounts.js";
import { actorOf, endSession, hasRole, logIn, requireRole } from "../auth/auth.js";
import type { LoginOptions } from "../auth/auth.js";
import { ROLES } from "../store/account-store.js";
import type { ApiToken } from "../store/account-store.js";
import { ApiError } from "./api-error.js";

const LoginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(4000),
});
const TokenBody = z.object({ name: z.string() });

const ErrorSchema = z.object({ error: z.string(), message: z.string() }).openapi("Error");
const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
  })
  .openapi("User");
const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiToken");
const loggedIn = { 401: json(ErrorSchema, "not logged in (no session cookie or API token)") };
const noContent = { description: "done; no body" };

/** The account routes as OpenAPI operations (paths relative to /api), for the document. */
export const AUTH_API_OPERATIONS = [
  createRoute({
    method: "post",
    path: "/auth/login",
    tags: ["accounts"],
    summary:
      "Log in: sets the session cookie (12 hours, HttpOnly) and returns the CSRF token that writes made with it send as X-CSRF-Token",
    request: { body: { content: { "application/json": { schema: LoginBody } }, required: true } },
    responses: {
      200: json(
        z.object({ user: UserSchema, csrfToken: z.string(), expiresAt: z.string() }),
        "logged in",
      ),
      400: json(ErrorSchema, "not a JSON body with username and password"),
      401: json(ErrorSchema, "wrong username or password"),
      429: json(ErrorSchema, "too many failed logins; Retry-After says when to try again"),
    },
  }),
  createRoute({
    method: "post",
    path: "/auth/logout",
    tags: ["accounts"],
    summary:
      "Log out: ends the session of the login cookie sent (with its X-CSRF-Token) and clears the cookie; without one, nothing to end",
    responses: { 204: noContent },
  }),
  createRoute({
    method: "get",
    path: "/auth/me",
    tags: ["accounts"],
    summary: "Who the request is made as: the user, and whether by session or API token",
    security: [{ bearer: [] }, { session: [] }],
    responses: {
      200: json(
        z.object({
          user: UserSchema,
          via: z.enum(["session", "token"]),
          csrfToken: z.string().nullable(),
          expiresAt: z.string().nullable(),
        }),
        "the user",
      ),
      ...loggedIn,
    },
  }),
  createRoute({
    method: "get",
    path: "/tokens",
    tags: ["accounts"],
    summary: "Your API tokens (never their secrets)",
    security: [{ bearer: [] }, { session: [] }],
    responses: { 200: json(z.object({ tokens: z.array(TokenSchema) }), "the tokens"), ...loggedIn },
  }),
  createRoute({
    method: "post",
    path: "/tokens",
    tags: ["accounts"],
    summary:
      "Make an API token (logged in, not with a token): the secret is in this answer only; send it as Authorization: Bearer pdk_…",
    security: [{ session: [] }],
    request: { body: { content: { "application/json": { schema: TokenBody } }, required: true } },
    responses: {
      201: json(TokenSchema.extend({ token: z.string() }), "the token with its secret"),
      400: json(ErrorSchema, "no name, or not a JSON body"),
      ...loggedIn,
      403: json(ErrorSchema, "made with an API token, or without the session's CSRF token"),
    },
  }),
  createRoute({
    method: "delete",
    path: "/tokens/{id}",
    tags: ["accounts"],
    summary: "Revoke an API token: yours, or anyone's for an admin",
    security: [{ bearer: [] }, { session: [] }],
    request: {
      params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }),
    },
    responses: {
      204: noContent,
      ...loggedIn,
      404: json(ErrorSchema, "no API token of yours with this id"),
    },
  }),
];

/** Adds the account routes to an OpenAPI document's registry (they are served by authApiRoutes). */
export function documentAuthApi(registry: OpenAPIHono["openAPIRegistry"]): void {
  for (const operation of AUTH_API_OPERATIONS) registry.registerPath(operation);
}

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
