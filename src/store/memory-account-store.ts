// The in-memory account store: the reference implementation of the AccountStore contract, for
// tests and for running without a database.
import { newEventId, newRowId, systemClock } from "./account-store.js";
import type {
  AccountEvent,
  AccountStore,
  ApiToken,
  Clock,
  NewAccountEvent,
  NewApiToken,
  NewSession,
  NewUser,
  Role,
  Session,
  User,
  UserWithPassword,
} from "./account-store.js";
import { DuplicateUsernameError } from "./account-store.js";

const publicUser = ({ passwordHash: _, ...user }: UserWithPassword): User => user;

export class MemoryAccountStore implements AccountStore {
  private readonly users = new Map<string, UserWithPassword>();
  private readonly sessions = new Map<string, Session>();
  private readonly tokens = new Map<string, ApiToken & { tokenHash: string }>();
  private readonly events: AccountEvent[] = [];

  constructor(private readonly options: { readonly now?: Clock } = {}) {}

  private now(): string {
    return (this.options.now ?? systemClock)().toISOString();
  }

  private record(event: NewAccountEvent, at = this.now()): AccountEvent {
    const recorded: AccountEvent = {
      id: newEventId(at),
      at,
      actor: event.actor,
      action: event.action,
      subject: event.subject,
      detail: structuredClone(event.detail ?? {}),
    };
    this.events.push(recorded);
    return recorded;
  }

  private usernameOf(userId: string): string {
    return this.users.get(userId)?.username ?? userId;
  }

  private update(
    id: string,
    change: Partial<UserWithPassword>,
    event: Omit<NewAccountEvent, "subject">,
  ): User | undefined {
    const user = this.users.get(id);
    if (!user) return undefined;
    const updated = { ...user, ...change };
    this.users.set(id, updated);
    this.record({ ...event, subject: user.username });
    return publicUser(updated);
  }

  async createUser(user: NewUser, actor: string): Promise<User> {
    if ([...this.users.values()].some((u) => u.username === user.username))
      throw new DuplicateUsernameError(user.username);
    const at = this.now();
    const created: UserWithPassword = {
      id: newRowId(),
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      passwordHash: user.passwordHash,
      createdAt: at,
      disabledAt: null,
    };
    this.users.set(created.id, created);
    this.record(
      { actor, action: "user.create", subject: user.username, detail: { role: user.role } },
      at,
    );
    return publicUser(created);
  }

  async getUser(id: string): Promise<UserWithPassword | undefined> {
    const user = this.users.get(id);
    return user && { ...user };
  }

  async getUserByUsername(username: string): Promise<UserWithPassword | undefined> {
    const user = [...this.users.values()].find((u) => u.username === username);
    return user && { ...user };
  }

  async listUsers(): Promise<User[]> {
    return [...this.users.values()]
      .map(publicUser)
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  async disableUser(id: string, actor: string): Promise<User | undefined> {
    const user = this.users.get(id);
    if (!user) return undefined;
    const disabledAt = user.disabledAt ?? this.now();
    for (const [hash, s] of this.sessions) if (s.userId === id) this.sessions.delete(hash);
    return this.update(id, { disabledAt }, { actor, action: "user.disable" });
  }

  async setRole(id: string, role: Role, actor: string): Promise<User | undefined> {
    const from = this.users.get(id)?.role;
    return this.update(id, { role }, { actor, action: "user.role", detail: { from, to: role } });
  }

  async setPasswordHash(
    id: string,
    passwordHash: string,
    actor: string,
  ): Promise<User | undefined> {
    if (!this.users.has(id)) return undefined;
    for (const [hash, s] of this.sessions) if (s.userId === id) this.sessions.delete(hash);
    return this.update(id, { passwordHash }, { actor, action: "user.password" });
  }

  async createSession(session: NewSession, actor: string): Promise<Session> {
    const at = this.now();
    for (const [hash, s] of this.sessions) if (s.expiresAt <= at) this.sessions.delete(hash);
    const created: Session = { ...session, createdAt: at };
    this.sessions.set(session.idHash, created);
    this.record(
      {
        actor,
        action: "session.create",
        subject: this.usernameOf(session.userId),
        detail: { expiresAt: session.expiresAt },
      },
      at,
    );
    return { ...created };
  }

  async getSession(idHash: string): Promise<{ session: Session; user: User } | undefined> {
    const session = this.sessions.get(idHash);
    if (!session || session.expiresAt <= this.now()) return undefined;
    const user = this.users.get(session.userId);
    if (!user || user.disabledAt !== null) return undefined;
    return { session: { ...session }, user: publicUser(user) };
  }

  async deleteSession(idHash: string, actor: string): Promise<boolean> {
    const session = this.sessions.get(idHash);
    if (!session) return false;
    this.sessions.delete(idHash);
    this.record({ actor, action: "session.delete", subject: this.usernameOf(session.userId) });
    return true;
  }

  async deleteSessionsOf(userId: string, actor: string): Promise<number> {
    let n = 0;
    for (const [hash, s] of this.sessions)
      if (s.userId === userId) {
        this.sessions.delete(hash);
        n++;
      }
    this.record({
      actor,
      action: "session.delete_all",
      subject: this.usernameOf(userId),
      detail: { sessions: n },
    });
    return n;
  }

  async createApiToken(token: NewApiToken, actor: string): Promise<ApiToken> {
    const at = this.now();
    const created = {
      id: newRowId(),
      userId: token.userId,
      name: token.name,
      tokenHash: token.tokenHash,
      createdAt: at,
      lastUsedAt: null,
      revokedAt: null,
    };
    this.tokens.set(created.id, created);
    this.record(
      {
        actor,
        action: "token.create",
        subject: this.usernameOf(token.userId),
        detail: { tokenId: created.id, name: token.name },
      },
      at,
    );
    return publicToken(created);
  }

  async getApiToken(id: string): Promise<ApiToken | undefined> {
    const token = this.tokens.get(id);
    return token && publicToken(token);
  }

  async findActiveToken(tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined> {
    const token = [...this.tokens.values()].find((t) => t.tokenHash === tokenHash);
    if (!token || token.revokedAt !== null) return undefined;
    const user = this.users.get(token.userId);
    if (!user || user.disabledAt !== null) return undefined;
    const used = { ...token, lastUsedAt: this.now() };
    this.tokens.set(token.id, used);
    return { token: publicToken(used), user: publicUser(user) };
  }

  async listApiTokens(userId: string): Promise<ApiToken[]> {
    return [...this.tokens.values()]
      .filter((t) => t.userId === userId)
      .sort(newestFirst)
      .map(publicToken);
  }

  async revokeApiToken(id: string, actor: string): Promise<ApiToken | undefined> {
    const token = this.tokens.get(id);
    if (!token) return undefined;
    const revoked = { ...token, revokedAt: token.revokedAt ?? this.now() };
    this.tokens.set(id, revoked);
    this.record({
      actor,
      action: "token.revoke",
      subject: this.usernameOf(token.userId),
      detail: { tokenId: id, name: token.name },
    });
    return publicToken(revoked);
  }

  async recordEvent(event: NewAccountEvent): Promise<AccountEvent> {
    return this.record(event);
  }

  async listEvents(options: { limit?: number } = {}): Promise<AccountEvent[]> {
    const events = [...this.events].sort((a, b) =>
      newestFirst({ createdAt: a.at, id: a.id }, { createdAt: b.at, id: b.id }),
    );
    return structuredClone(events.slice(0, options.limit ?? events.length));
  }
}

/** By time, newest first, then by id (descending) where times are equal, as the SQL store orders. */
function newestFirst(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function publicToken({ tokenHash: _, ...token }: ApiToken & { tokenHash: string }): ApiToken {
  return token;
}
