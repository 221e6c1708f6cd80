// Who is asking: the hono middleware that authenticates a request from its session cookie or its
// API token, guards against cross-site requests, and the guards routes put in front of writes.
//
//   app.use("*", authenticate(accounts, { trustProxy }));   // sets c.var.user and c.var.session
//   app.post("/api/...", requireRole("steward"), handler);  // 401 anonymous, 403 wrong role
//   <input type="hidden" name="_csrf" value={csrfToken(c)} />  // in every form that posts
//
// Sessions: the cookie `paddock_session` holds a random id (the store keeps its SHA-256), HttpOnly,
// SameSite=Lax, Path=/, Secure over https, 12 hours. Writes made with the cookie must carry the
// session's CSRF token (header X-CSRF-Token or form field _csrf); form posts must also come from
// this site's origin (hono/csrf). API tokens (`Authorization: Bearer pdk_…`) need neither: a
// browser never sends them on its own.
import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../api/api-error.js";
import { normalizeUsername, usernameProblem } from "../store/account-store.js";
import type { AccountStore, Role, User } from "../store/account-store.js";
import { checkLogin } from "./accounts.js";
import type { LoginThrottle } from "./login-throttle.js";
import { looksLikeApiToken, newCsrfToken, newSessionId, secretHash } from "./secrets.js";

export const SESSION_COOKIE = "paddock_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const CSRF_HEADER = "X-CSRF-Token";
export const CSRF_FIELD = "_csrf";

/** The user a request acts for: what routes and pages may use. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

/** The login session a request came with (cookie requests only; undefined for API tokens). */
export interface AuthSession {
  /** Put in forms (field _csrf) and in the X-CSRF-Token header of scripted writes. */
  readonly csrfToken: string;
  readonly expiresAt: string;
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by authenticate: the user, or undefined for an anonymous visitor. */
    user: AuthUser | undefined;
    /** Set by authenticate: the cookie session, or undefined (anonymous, or an API token). */
    session: AuthSession | undefined;
  }
}

export interface AuthOptions {
  /**
   * Trust X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For (PADDOCK_TRUST_PROXY=1): only
   * behind a reverse proxy that sets them, as a client could send them too.
   */
  readonly trustProxy?: boolean;
  /** The clock for session expiry; tests pass their own. */
  readonly now?: () => Date;
  /** How long a login lasts (12 hours). */
  readonly sessionTtlMs?: number;
}

const UNSAFE_METHOD = /^(POST|PUT|PATCH|DELETE)$/i;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

export const authUser = (user: User): AuthUser => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
});

/** The first value of a header that proxies may have written as a list. */
const firstOf = (value: string | undefined) => value?.split(",")[0]?.trim() || undefined;

/** Whether the client reached us over https (directly, or at a trusted proxy). */
export function isHttps(c: Context, trustProxy = false): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return trustProxy && firstOf(c.req.header("X-Forwarded-Proto"))?.toLowerCase() === "https";
}

/** The origin the client sees this site at, for the origin check of form posts. */
export function requestOrigin(c: Context, trustProxy = false): string {
  const url = new URL(c.req.url);
  if (!trustProxy) return url.origin;
  const proto =
    firstOf(c.req.header("X-Forwarded-Proto"))?.toLowerCase() ?? url.protocol.slice(0, -1);
  const host = firstOf(c.req.header("X-Forwarded-Host")) ?? c.req.header("Host") ?? url.host;
  return `${proto}://${host}`;
}

/**
 * The client's IP address, for rate limits: the socket's peer, or behind a trusted proxy the
 * address that proxy appended to X-Forwarded-For (the last one; earlier ones the client can forge).
 */
export function clientIp(c: Context, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, as timingSafeEqual needs, without revealing the length.
  return timingSafeEqual(Buffer.from(secretHash(a), "hex"), Buffer.from(secretHash(b), "hex"));
}

/** The CSRF token a write sent: the header, or the form field of a form post. */
async function sentCsrfToken(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  if (!FORM_TYPE.test(c.req.header("Content-Type") ?? "")) return undefined;
  const field = (await c.req.parseBody())[CSRF_FIELD];
  return typeof field === "string" ? field : undefined;
}

/** The API token a request sends (`Authorization: Bearer …`), or undefined. */
function bearerToken(c: Context): string | undefined {
  const authorization = c.req.header("Authorization");
  return authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
}

/** The user of a valid API token; else 401 UNAUTHORIZED. */
async function tokenUser(accounts: AccountStore, bearer: string): Promise<AuthUser> {
  const found = looksLikeApiToken(bearer)
    ? await accounts.findActiveToken(secretHash(bearer))
    : undefined;
  if (!found)
    throw new ApiError(
      "UNAUTHORIZED",
      "The API token is not valid (unknown, revoked, or its user is disabled); create one at /account.",
    );
  return authUser(found.user);
}

/** Users of tokens checkBearer has looked up, per request. */
const tokenUsers = new WeakMap<Context, AuthUser>();

/**
 * Refuses (401) a request that sends an API token that is not valid, before anything else can
 * answer it (the whole-response cache included): a revoked token never gets a page. Mount it
 * before the cache; authenticate then reuses its lookup.
 */
export function checkBearer(accounts: AccountStore): MiddlewareHandler {
  return async (c, next) => {
    const bearer = bearerToken(c);
    if (bearer !== undefined) tokenUsers.set(c, await tokenUser(accounts, bearer));
    await next();
  };
}

/**
 * Authenticates every request: sets `c.var.user` (undefined for anonymous visitors) and
 * `c.var.session` (the cookie session). A bearer token that is not valid is refused (401); a
 * session cookie that is not valid (expired, logged out, user disabled) is ignored. Writes made
 * with the session cookie need its CSRF token (else 403 CSRF); form posts not made with an API
 * token must come from this site (hono/csrf's origin check, else 403 CSRF).
 * Never sets a cookie itself, so cached public pages carry none.
 */
export function authenticate(accounts: AccountStore, options: AuthOptions = {}): MiddlewareHandler {
  const trustProxy = options.trustProxy ?? false;
  const originCheck = csrf({ origin: (origin, c) => origin === requestOrigin(c, trustProxy) });
  return async (c, next) => {
    const unsafe = UNSAFE_METHOD.test(c.req.method);

    const bearer = bearerToken(c);
    if (bearer !== undefined) {
      // checkBearer may have looked the token up already (before the response cache).
      c.set("user", tokenUsers.get(c) ?? (await tokenUser(accounts, bearer)));
      c.set("session", undefined);
      return next();
    }
    c.set("user", undefined);
    c.set("session", undefined);

    if (unsafe) {
      let passed = false;
      try {
        await originCheck(c, async () => {
          passed = true;
        });
      } catch (e) {
        if (!passed && e instanceof HTTPException)
          throw new ApiError(
            "CSRF",
            "This form was sent from another site, or without an Origin header; send it from Paddock's own pages.",
          );
        throw e;
      }
    }

    const sessionId = getCookie(c, SESSION_COOKIE);
    const found =
      sessionId && sessionId.length <= 100
        ? await accounts.getSession(secretHash(sessionId))
        : undefined;
    if (found) {
      if (unsafe) {
        const sent = await sentCsrfToken(c);
        if (sent === undefined || !sameSecret(sent, found.session.csrfToken))
          throw new ApiError(
            "CSRF",
            `Writes made with the login cookie need the session's CSRF token (header ${CSRF_HEADER} or form field ${CSRF_FIELD}); reload the page and try again.`,
          );
      }
      c.set("user", authUser(found.user));
      c.set("session", { csrfToken: found.session.csrfToken, expiresAt: found.session.expiresAt });
    }
    await next();
  };
}

/** Whether the user may act in one of these roles (admin may do everything; no roles: anyone). */
export function hasRole(user: AuthUser | undefined, ...roles: Role[]): boolean {
  if (!user) return false;
  return roles.length === 0 || user.role === "admin" || roles.includes(user.role);
}

/**
 * Lets the request through only for a user in one of the roles (an admin always passes; no roles:
 * any logged-in user): 401 UNAUTHORIZED for anonymous visitors, 403 FORBIDDEN for other roles.
 * Mount authenticate first.
 */
export function requireRole(...roles: Role[]): MiddlewareHandler {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) throw new ApiError("UNAUTHORIZED", "Log in or send an API token.");
    if (!hasRole(user, ...roles))
      throw new ApiError(
        "FORBIDDEN",
        `This needs the ${roles.join(" or ")} role; ${user.username} is a ${user.role}.`,
      );
    await next();
  };
}

/** The session's CSRF token, for forms (`<input type="hidden" name="_csrf" …>`); "" when none. */
export function csrfToken(c: Context): string {
  return c.var.session?.csrfToken ?? "";
}

/** Who did it, for account events and audit logs: the username, or "anonymous". */
export const actorOf = (c: Context): string => c.var.user?.username ?? "anonymous";

/** Starts a session for the user: stores it and sets the cookie. Ends the request's old one. */
export async function startSession(
  c: Context,
  accounts: AccountStore,
  user: AuthUser,
  options: AuthOptions = {},
): Promise<AuthSession> {
  const previous = getCookie(c, SESSION_COOKIE);
  // A new id at every login: an id planted before the login is worth nothing after it.
  if (previous && previous.length <= 100)
    await accounts.deleteSession(secretHash(previous), user.username);
  const ttl = options.sessionTtlMs ?? SESSION_TTL_MS;
  const id = newSessionId();
  const session = {
    csrfToken: newCsrfToken(),
    expiresAt: new Date((options.now ?? (() => new Date()))().getTime() + ttl).toISOString(),
  };
  await accounts.createSession(
    { idHash: secretHash(id), userId: user.id, ...session },
    user.username,
  );
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: isHttps(c, options.trustProxy),
    maxAge: Math.floor(ttl / 1000),
  });
  return session;
}

/** Ends the request's session, in the store and in the browser. */
export async function endSession(
  c: Context,
  accounts: AccountStore,
  options: AuthOptions = {},
): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id && id.length <= 100) await accounts.deleteSession(secretHash(id), actorOf(c));
  if (id !== undefined)
    deleteCookie(c, SESSION_COOKIE, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: isHttps(c, options.trustProxy),
    });
}

export interface LoginOptions extends AuthOptions {
  readonly accounts: AccountStore;
  readonly throttle: LoginThrottle;
}

export type LoginOutcome =
  | { readonly ok: true; readonly user: AuthUser; readonly session: AuthSession }
  | { readonly ok: false; readonly reason: "wrong" }
  | { readonly ok: false; readonly reason: "throttled"; readonly retryAfterSeconds: number };

/**
 * A login attempt, as the login page and the JSON API make it: rate limited per (IP, username) and
 * per IP, the password checked, and on success a new session with its cookie. Failed attempts are
 * recorded as account events.
 */
export async function logIn(
  c: Context,
  options: LoginOptions,
  username: string,
  password: string,
): Promise<LoginOutcome> {
  const ip = clientIp(c, options.trustProxy);
  const name = normalizeUsername(username);
  const verdict = options.throttle.attempt(ip, name);
  if (!verdict.allowed)
    return { ok: false, reason: "throttled", retryAfterSeconds: verdict.retryAfterSeconds };
  const user = await checkLogin(options.accounts, name, password);
  if (!user) {
    // Names that cannot be usernames are not recorded, so junk cannot fill the log.
    if (!usernameProblem(name))
      await options.accounts.recordEvent({
        actor: "anonymous",
        action: "login.failure",
        subject: name,
        detail: { ip },
      });
    return { ok: false, reason: "wrong" };
  }
  options.throttle.success(ip, name);
  const session = await startSession(c, options.accounts, authUser(user), options);
  return { ok: true, user: authUser(user), session };
}

/** A path on this site: one "/" then neither "/" nor "\\" (browsers read "//x" and "/\\x" as hosts). */
const SITE_PATH = /^\/[^/\\]/;

/**
 * Where to go after logging in: `next` when it is a path on this site, else the fallback. Checked
 * before and after normalising, so "/.//evil.example" (which becomes "//evil.example") is refused.
 */
export function localPath(next: string | undefined, fallback: string): string {
  if (!next || !SITE_PATH.test(next)) return fallback;
  // Backslashes and control characters: some browsers read "/\\evil.example" as another host.
  if ([...next].some((ch) => ch === "\\" || ch.charCodeAt(0) < 0x20 || ch === "\u007f"))
    return fallback;
  const base = "http://paddock.invalid";
  const url = new URL(next, base);
  const path = url.pathname + url.search + url.hash;
  return url.origin === base && SITE_PATH.test(path) ? path : fallback;
}

/**
 * For pages (not the API): an anonymous visitor is sent to the login page (303), which comes back
 * to the page afterwards (a GET's path and query; after a form post, `back`).
 */
export function loginFirst(back = "/admin"): MiddlewareHandler {
  return async (c, next) => {
    if (c.var.user) return next();
    const url = new URL(c.req.url);
    const target =
      c.req.method === "GET" || c.req.method === "HEAD" ? url.pathname + url.search : back;
    c.header("Cache-Control", "no-store");
    return c.redirect(`/login?next=${encodeURIComponent(target)}`, 303);
  };
}

/**
 * Refuses (403) a request not made with a login session (an API token): what could let a stolen
 * token outlive its revocation or its user's (new tokens, new users, a new password) needs one.
 */
export function requireSession(c: Context, what: string): void {
  if (!c.var.session)
    throw new ApiError(
      "FORBIDDEN",
      `${what} needs a login session (the browser), not an API token.`,
    );
}
