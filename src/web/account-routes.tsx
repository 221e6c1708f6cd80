// The account pages: log in and out, one's own API tokens, and the users (admins only). Pages for
// one person: sent with Cache-Control: no-store, and never in the whole-response cache (their
// paths have no content version: see SeasonService.contentVersion).
import { Hono } from "hono";
import type { Context } from "hono";
import { addUser, changePassword, checkLogin, issueApiToken } from "../auth/accounts.js";
import {
  actorOf,
  clientIp,
  csrfToken,
  endSession,
  hasRole,
  localPath,
  logIn,
  requireSession,
  startSession,
} from "../auth/auth.js";
import type { AuthUser, LoginOptions } from "../auth/auth.js";
import { normalizeUsername } from "../store/account-store.js";
import type { Role } from "../store/account-store.js";
import {
  AccountPage,
  LoginPage,
  RefusedPage,
  TokenCreatedPage,
  UsersPage,
} from "./pages/account-pages.js";

/** Where a login goes when it names no page to return to. */
const AFTER_LOGIN = "/admin";

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 429;

const page = (c: Context, node: unknown, status: Status = 200) =>
  c.html(`<!doctype html>${String(node)}`, status, { "Cache-Control": "no-store" });

/** A form's text field ("" when absent or a file). */
const field = (body: Record<string, unknown>, name: string): string => {
  const value = body[name];
  return typeof value === "string" ? value : "";
};

/**
 * The user a page is for, or the answer to give instead: to the login page (303) for anonymous
 * visitors, a refusal (403) for other roles.
 */
function pageUser(c: Context, ...roles: Role[]): AuthUser | Response {
  const user = c.var.user;
  if (!user) {
    const back = c.req.method === "GET" ? c.req.path : "/account";
    return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  }
  if (!hasRole(user, ...roles))
    return page(
      c,
      <RefusedPage
        title="Not allowed"
        message={`This page is for the ${roles.join(" or ")} role; ${user.username} is a ${user.role}.`}
      />,
      403,
    );
  return user;
}

export function accountRoutes(options: LoginOptions): Hono {
  const { accounts } = options;
  const web = new Hono();

  web.get("/login", (c) =>
    page(
      c,
      <LoginPage
        next={localPath(c.req.query("next"), AFTER_LOGIN)}
        user={c.var.user}
        csrf={csrfToken(c)}
      />,
    ),
  );

  web.post("/login", async (c) => {
    const body = await c.req.parseBody();
    const username = field(body, "username");
    const next = localPath(field(body, "next") || c.req.query("next"), AFTER_LOGIN);
    const outcome = await logIn(c, options, username, field(body, "password"));
    if (outcome.ok) return c.redirect(next, 303);
    const again = (error: string, status: Status) =>
      page(
        c,
        <LoginPage
          next={next}
          username={username}
          error={error}
          user={c.var.user}
          csrf={csrfToken(c)}
        />,
        status,
      );
    if (outcome.reason === "throttled") {
      c.header("Retry-After", String(outcome.retryAfterSeconds));
      return again(
        `Too many failed logins: try again in ${Math.ceil(outcome.retryAfterSeconds / 60)} minutes.`,
        429,
      );
    }
    return again("Wrong username or password.", 401);
  });

  web.post("/logout", async (c) => {
    await endSession(c, accounts, options);
    c.header("Cache-Control", "no-store");
    return c.redirect("/", 303);
  });

  web.get("/account", async (c) => {
    const user = pageUser(c);
    if (user instanceof Response) return user;
    const tokens = await accounts.listApiTokens(user.id);
    // The one notice a redirect here names (never text from the URL).
    const notice = c.req.query("done") === "password" ? "Password changed." : undefined;
    return page(
      c,
      <AccountPage
        user={user}
        tokens={tokens}
        csrf={csrfToken(c)}
        {...(notice ? { notice } : {})}
      />,
    );
  });

  web.post("/account/password", async (c) => {
    const user = pageUser(c);
    if (user instanceof Response) return user;
    requireSession(c, "Changing a password");
    const body = await c.req.parseBody();
    const again = async (error: string, status: Status) =>
      page(
        c,
        <AccountPage
          user={user}
          tokens={await accounts.listApiTokens(user.id)}
          csrf={csrfToken(c)}
          passwordError={error}
        />,
        status,
      );
    // Guessing the current password here counts as failed logins do.
    const ip = clientIp(c, options.trustProxy);
    const verdict = options.throttle.attempt(ip, user.username);
    if (!verdict.allowed) {
      c.header("Retry-After", String(verdict.retryAfterSeconds));
      return again(
        `Too many wrong passwords: try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes.`,
        429,
      );
    }
    if (!(await checkLogin(accounts, user.username, field(body, "current"))))
      return again("The current password is wrong.", 400);
    options.throttle.success(ip, user.username);
    const password = field(body, "password");
    if (password !== field(body, "repeat"))
      return again("The new password and its repetition differ.", 400);
    const changed = await changePassword(accounts, user.id, password, actorOf(c));
    if (!changed.ok) return again(changed.error.message, 400);
    // Every session of the user ended with the change; this browser gets a new one.
    await startSession(c, accounts, user, options);
    c.header("Cache-Control", "no-store");
    return c.redirect("/account?done=password", 303);
  });

  web.post("/account/tokens", async (c) => {
    const user = pageUser(c);
    if (user instanceof Response) return user;
    // A stolen token must not be able to make itself successors that outlive its revocation.
    requireSession(c, "Creating an API token");
    const name = field(await c.req.parseBody(), "name");
    const issued = await issueApiToken(accounts, user.id, name, actorOf(c));
    if (!issued.ok) {
      const tokens = await accounts.listApiTokens(user.id);
      return page(
        c,
        <AccountPage
          user={user}
          tokens={tokens}
          csrf={csrfToken(c)}
          error={issued.error.message}
        />,
        400,
      );
    }
    return page(c, <TokenCreatedPage token={issued.value.token} secret={issued.value.secret} />);
  });

  web.post("/account/tokens/:id/revoke", async (c) => {
    const user = pageUser(c);
    if (user instanceof Response) return user;
    const token = await accounts.getApiToken(c.req.param("id"));
    // Someone else's token is as good as none: its existence is not told.
    if (!token || token.userId !== user.id)
      return page(
        c,
        <RefusedPage title="No such token" message="You have no API token with this id." />,
        404,
      );
    await accounts.revokeApiToken(token.id, actorOf(c));
    return c.redirect("/account", 303);
  });

  const usersPage = async (
    c: Context,
    me: AuthUser,
    extra: {
      error?: string;
      notice?: string;
      form?: { username: string; displayName: string; role: string };
    },
    status: Status = 200,
  ) =>
    page(
      c,
      <UsersPage
        me={me}
        users={await accounts.listUsers()}
        events={await accounts.listEvents({ limit: 30 })}
        csrf={csrfToken(c)}
        {...extra}
      />,
      status,
    );

  web.get("/admin/users", async (c) => {
    const me = pageUser(c, "admin");
    if (me instanceof Response) return me;
    // Named only if such a user exists: the URL cannot make the page say anything else.
    const added = await accounts.getUserByUsername(normalizeUsername(c.req.query("added") ?? ""));
    return usersPage(c, me, added ? { notice: `Added ${added.username}.` } : {});
  });

  web.post("/admin/users", async (c) => {
    const me = pageUser(c, "admin");
    if (me instanceof Response) return me;
    requireSession(c, "Adding a user");
    const body = await c.req.parseBody();
    const input = {
      username: field(body, "username"),
      displayName: field(body, "displayName"),
      role: field(body, "role"),
    };
    const added = await addUser(
      accounts,
      { ...input, password: field(body, "password") },
      actorOf(c),
    );
    if (!added.ok)
      return usersPage(
        c,
        me,
        { error: added.error.message, form: input },
        added.error.code === "DUPLICATE_USERNAME" ? 409 : 400,
      );
    return c.redirect(`/admin/users?added=${encodeURIComponent(added.value.username)}`, 303);
  });

  web.post("/admin/users/:username/disable", async (c) => {
    const me = pageUser(c, "admin");
    if (me instanceof Response) return me;
    const user = await accounts.getUserByUsername(normalizeUsername(c.req.param("username")));
    if (!user) return usersPage(c, me, { error: "There is no such user." }, 404);
    // An admin cannot lock themselves out; another admin (or the CLI) can.
    if (user.id === me.id) return usersPage(c, me, { error: "You cannot disable yourself." }, 400);
    await accounts.disableUser(user.id, actorOf(c));
    return c.redirect("/admin/users", 303);
  });

  return web;
}
