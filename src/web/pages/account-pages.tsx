// Pages of accounts: logging in, one's own account and API tokens, and (for admins) the users.
// Per-user pages: the routes send them with Cache-Control: no-store. Every form that posts carries
// the session's CSRF token in a hidden field.
import type { AccountEvent, ApiToken, User } from "../../store/account-store.js";
import { ROLES } from "../../store/account-store.js";
import type { AuthUser } from "../../auth/auth.js";
import { CSRF_FIELD } from "../../auth/auth.js";
import { MIN_PASSWORD_LENGTH } from "../../auth/passwords.js";
import { Layout } from "../layout.js";

const ROLE_TEXT = {
  admin: "admin (organiser)",
  steward: "steward",
} as const satisfies Record<(typeof ROLES)[number], string>;

/** A time for people: "2024-05-01 10:00 UTC". */
const when = (iso: string | null) =>
  iso === null ? "never" : `${iso.slice(0, 16).replace("T", " ")} UTC`;

function Csrf(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

function Problem(props: { message: string | undefined }) {
  return props.message ? (
    <p role="alert" style="color:#a00000;font-weight:600">
      {props.message}
    </p>
  ) : null;
}

/** Who is logged in, with the logout button. */
function SignedIn(props: { user: AuthUser; csrf: string }) {
  return (
    <form method="post" action="/logout" class="note">
      Logged in as <strong>{props.user.displayName}</strong> ({props.user.username},{" "}
      {ROLE_TEXT[props.user.role]}). <Csrf token={props.csrf} />
      <button type="submit">Log out</button>
    </form>
  );
}

export function LoginPage(props: {
  next: string;
  username?: string;
  error?: string;
  user?: AuthUser | undefined;
  csrf: string;
}) {
  return (
    <Layout title="Log in" crumbs={[{ label: "Home", href: "/" }, { label: "Log in" }]}>
      <h1>Log in</h1>
      <p class="note">
        Organisers and stewards log in to change results. Everyone can read the standings without an
        account.
      </p>
      {props.user ? <SignedIn user={props.user} csrf={props.csrf} /> : null}
      <Problem message={props.error} />
      <form method="post" action="/login">
        <Csrf token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <p>
          <label for="username">Username</label>
          <br />
          <input
            id="username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            required
            value={props.username ?? ""}
          />
        </p>
        <p>
          <label for="password">Password</label>
          <br />
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </p>
        <p>
          <button type="submit">Log in</button>
        </p>
      </form>
    </Layout>
  );
}

function TokenRows(props: { tokens: readonly ApiToken[]; csrf: string }) {
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>name</th>
            <th>created</th>
            <th>last used</th>
            <th>status</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((t) => (
            <tr>
              <td>{t.name}</td>
              <td>{when(t.createdAt)}</td>
              <td>{when(t.lastUsedAt)}</td>
              <td>{t.revokedAt === null ? "active" : `revoked ${when(t.revokedAt)}`}</td>
              <td>
                {t.revokedAt === null ? (
                  <form method="post" action={`/account/tokens/${encodeURIComponent(t.id)}/revoke`}>
                    <Csrf token={props.csrf} />
                    <button type="submit" aria-label={`Revoke the token ${t.name}`}>
                      Revoke
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AccountPage(props: {
  user: AuthUser;
  tokens: readonly ApiToken[];
  csrf: string;
  error?: string;
  /** What the last change did ("Password changed."). */
  notice?: string;
  /** Why a new password was refused. */
  passwordError?: string;
}) {
  return (
    <Layout title="Your account" crumbs={[{ label: "Home", href: "/" }, { label: "Your account" }]}>
      <h1>Your account</h1>
      <SignedIn user={props.user} csrf={props.csrf} />
      {props.notice ? <p role="status">{props.notice}</p> : null}
      {props.user.role === "admin" ? (
        <p>
          <a href="/admin/users">Users</a>
        </p>
      ) : null}
      <h2>API tokens</h2>
      <p class="note">
        Scripts send a token as <code>Authorization: Bearer pdk_…</code> and act as you, with your
        role. Revoke a token you no longer use.
      </p>
      <Problem message={props.error} />
      {props.tokens.length === 0 ? (
        <p>You have no API tokens.</p>
      ) : (
        <TokenRows tokens={props.tokens} csrf={props.csrf} />
      )}
      <h3>New token</h3>
      <form method="post" action="/account/tokens">
        <Csrf token={props.csrf} />
        <p>
          <label for="token-name">What is it for?</label>
          <br />
          <input
            id="token-name"
            name="name"
            required
            maxlength={100}
            placeholder="timing feed"
          />{" "}
          <button type="submit">Create token</button>
        </p>
      </form>
      <h2>Password</h2>
      <p class="note">
        At least {MIN_PASSWORD_LENGTH} characters. Changing it logs you out everywhere else.
      </p>
      <Problem message={props.passwordError} />
      <form method="post" action="/account/password">
        <Csrf token={props.csrf} />
        <input type="hidden" name="username" autocomplete="username" value={props.user.username} />
        <p>
          <label for="current-password">Current password</label>
          <br />
          <input
            id="current-password"
            name="current"
            type="password"
            autocomplete="current-password"
            required
          />
        </p>
        <p>
          <label for="new-password">New password</label>
          <br />
          <input
            id="new-password"
            name="password"
            type="password"
            autocomplete="new-password"
            minlength={MIN_PASSWORD_LENGTH}
            required
          />
        </p>
        <p>
          <label for="repeat-password">New password again</label>
          <br />
          <input
            id="repeat-password"
            name="repeat"
            type="password"
            autocomplete="new-password"
            minlength={MIN_PASSWORD_LENGTH}
            required
          />
        </p>
        <p>
          <button type="submit">Change password</button>
        </p>
      </form>
    </Layout>
  );
}

export function TokenCreatedPage(props: { token: ApiToken; secret: string }) {
  return (
    <Layout
      title="New API token"
      crumbs={[
        { label: "Home", href: "/" },
        { label: "Your account", href: "/account" },
        { label: "New API token" },
      ]}
    >
      <h1>New API token: {props.token.name}</h1>
      <p role="alert" style="font-weight:600">
        Copy this token now: it is shown only this once. Paddock keeps only a hash of it and cannot
        show it again. Anyone holding it acts as you; keep it out of shared files and chats.
      </p>
      <p>
        <label for="token">Token</label>
        <br />
        <input id="token" readonly size={60} value={props.secret} style="font-family:monospace" />
      </p>
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </Layout>
  );
}

export function UsersPage(props: {
  me: AuthUser;
  users: readonly User[];
  events: readonly AccountEvent[];
  csrf: string;
  error?: string;
  notice?: string;
  form?: { username: string; displayName: string; role: string };
}) {
  const form = props.form ?? { username: "", displayName: "", role: "steward" };
  return (
    <Layout
      title="Users"
      crumbs={[
        { label: "Home", href: "/" },
        { label: "Your account", href: "/account" },
        { label: "Users" },
      ]}
    >
      <h1>Users</h1>
      <SignedIn user={props.me} csrf={props.csrf} />
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <Problem message={props.error} />
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>username</th>
              <th>name</th>
              <th>role</th>
              <th>added</th>
              <th>status</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{ROLE_TEXT[u.role]}</td>
                <td>{when(u.createdAt)}</td>
                <td>{u.disabledAt === null ? "active" : `disabled ${when(u.disabledAt)}`}</td>
                <td>
                  {u.disabledAt === null && u.id !== props.me.id ? (
                    <form
                      method="post"
                      action={`/admin/users/${encodeURIComponent(u.username)}/disable`}
                    >
                      <Csrf token={props.csrf} />
                      <button type="submit" aria-label={`Disable ${u.username}`}>
                        Disable
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add a user</h2>
      <form method="post" action="/admin/users">
        <Csrf token={props.csrf} />
        <p>
          <label for="new-username">Username</label>
          <br />
          <input
            id="new-username"
            name="username"
            required
            autocomplete="off"
            autocapitalize="none"
            value={form.username}
          />
        </p>
        <p>
          <label for="new-name">Name</label>
          <br />
          <input id="new-name" name="displayName" maxlength={100} value={form.displayName} />
        </p>
        <p>
          <label for="new-role">Role</label>
          <br />
          <select id="new-role" name="role">
            {ROLES.map((r) => (
              <option value={r} selected={form.role === r}>
                {ROLE_TEXT[r]}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="new-password">Initial password</label> (at least {MIN_PASSWORD_LENGTH}{" "}
          characters)
          <br />
          <input
            id="new-password"
            name="password"
            type="password"
            required
            minlength={MIN_PASSWORD_LENGTH}
            autocomplete="new-password"
          />
        </p>
        <p>
          <button type="submit">Add user</button>
        </p>
      </form>
      <h2>Recent account events</h2>
      {props.events.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>when</th>
                <th>who</th>
                <th>what</th>
                <th>whose account</th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((e) => (
                <tr>
                  <td>{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>{e.subject}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** A refusal for people: not allowed (403) or not found (404). */
export function RefusedPage(props: { title: string; message: string }) {
  return (
    <Layout title={props.title} crumbs={[{ label: "Home", href: "/" }, { label: props.title }]}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/account">Your account</a> · <a href="/">Home</a>
      </p>
    </Layout>
  );
}
