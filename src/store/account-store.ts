// The accounts port: users with a role, their login sessions, their API tokens, and the audit of
// every account change. Implementations: memory (beside this file) and SQL (SQLite and PostgreSQL,
// sharing the season store's database); one contract suite runs against all of them.
// Secrets never reach the store: it keeps password hashes and SHA-256 hashes of session ids and
// tokens. Every mutation records an account event naming who did it (`actor`).
import { randomBytes } from "node:crypto";

/** `admin`: the organiser, may do everything. `steward`: may change results and apply decisions. */
export const ROLES = ["admin", "steward"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (text: string): text is Role => (ROLES as readonly string[]).includes(text);

export interface User {
  readonly id: string;
  /** Unique, lower case (see usernameProblem). */
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** When the account was disabled; null while it is active. */
  readonly disabledAt: string | null;
}

/** A user with the password hash, for checking a login; never sent anywhere. */
export interface UserWithPassword extends User {
  readonly passwordHash: string;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** From hashPassword (src/auth/passwords.ts). */
  readonly passwordHash: string;
}

export interface Session {
  /** SHA-256 of the session id the cookie holds. */
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface NewSession {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  /** What the token is for, as its owner named it ("results upload"). */
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface NewApiToken {
  readonly userId: string;
  readonly name: string;
  /** SHA-256 of the token (secretHash in src/auth/secrets.ts). */
  readonly tokenHash: string;
}

/** One account change: who did what to whom, when. */
export interface AccountEvent {
  readonly id: string;
  readonly at: string;
  /** A username, or `cli:<os user>` for the command line. */
  readonly actor: string;
  /** E.g. `user.create`, `user.disable`, `session.create`, `token.revoke`. */
  readonly action: string;
  /** The username the event is about. */
  readonly subject: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface NewAccountEvent {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** createUser refused: the username is taken (by an active or a disabled account). */
export class DuplicateUsernameError extends Error {
  readonly code = "DUPLICATE_USERNAME";
  constructor(readonly username: string) {
    super(`There is already a user "${username}".`);
    this.name = "DuplicateUsernameError";
  }
}

/** The clock the stores read times from; tests pass a fixed one. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export interface AccountStore {
  /** Adds a user; throws DuplicateUsernameError when the username is taken. */
  createUser(user: NewUser, actor: string): Promise<User>;
  getUser(id: string): Promise<UserWithPassword | undefined>;
  getUserByUsername(username: string): Promise<UserWithPassword | undefined>;
  /** Every user, disabled ones included, by username. */
  listUsers(): Promise<User[]>;
  /**
   * Disables a user and ends their sessions; their API tokens stop working. Disabling a disabled
   * user keeps the first time. Undefined when there is no such user.
   */
  disableUser(id: string, actor: string): Promise<User | undefined>;
  setRole(id: string, role: Role, actor: string): Promise<User | undefined>;
  /** Replaces the password hash and ends the user's sessions (log in again everywhere). */
  setPasswordHash(id: string, passwordHash: string, actor: string): Promise<User | undefined>;

  /** Starts a session (a login); also forgets sessions that have expired. */
  createSession(session: NewSession, actor: string): Promise<Session>;
  /** The session and its user, unless it has expired or the user is disabled. */
  getSession(idHash: string): Promise<{ session: Session; user: User } | undefined>;
  /** Ends a session (a logout); false when there was none. */
  deleteSession(idHash: string, actor: string): Promise<boolean>;
  /** Ends every session of a user; how many there were. */
  deleteSessionsOf(userId: string, actor: string): Promise<number>;

  createApiToken(token: NewApiToken, actor: string): Promise<ApiToken>;
  getApiToken(id: string): Promise<ApiToken | undefined>;
  /**
   * The token with this hash and its user, when neither the token is revoked nor the user
   * disabled; records the time as the token's last use.
   */
  findActiveToken(tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined>;
  /** A user's tokens, revoked ones included, newest first. */
  listApiTokens(userId: string): Promise<ApiToken[]>;
  /** Revokes a token (revoking it again keeps the first time); undefined when there is none. */
  revokeApiToken(id: string, actor: string): Promise<ApiToken | undefined>;

  /** Records an event that is not one of the mutations above (a failed login, say). */
  recordEvent(event: NewAccountEvent): Promise<AccountEvent>;
  /** Events, newest first. */
  listEvents(options?: { limit?: number }): Promise<AccountEvent[]>;
}

/** Why a username is refused, or undefined. Usernames are lower case: see normalizeUsername. */
export function usernameProblem(username: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9._-]{1,39}$/.test(username))
    return "A username has 2 to 40 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";
  return undefined;
}

/** Usernames are compared in lower case, without surrounding spaces. */
export const normalizeUsername = (text: string): string => text.trim().toLowerCase();

/**
 * A new row id (user, token): 128 random bits, hex. Not base64url: an id starting with "-" reads
 * as an option on the command line (`paddock user revoke-token <id>`).
 */
export const newRowId = (): string => randomBytes(16).toString("hex");

let sequence = 0;

/**
 * An event id that sorts by time, then by order of recording within a process, so events recorded
 * in the same millisecond (or under a test's fixed clock) still list newest first.
 */
export function newEventId(at: string): string {
  sequence = (sequence + 1) % 1e9;
  return `${at}~${String(sequence).padStart(9, "0")}~${randomBytes(6).toString("hex")}`;
}
