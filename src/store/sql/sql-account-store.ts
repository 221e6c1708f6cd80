// The account store over the season store's SQL database (SQLite or PostgreSQL, through Kysely):
// the tables of migration 004. Values travel as bind parameters; every mutation and its account
// event are written in one transaction.
import type { Kysely, Selectable, Transaction } from "kysely";
import {
  DuplicateUsernameError,
  isRole,
  newEventId,
  newRowId,
  systemClock,
} from "../account-store.js";
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
} from "../account-store.js";
import type { ApiTokensTable, StoreDatabase, UsersTable } from "./store-database.js";

type Db = Kysely<StoreDatabase>;
type Trx = Transaction<StoreDatabase>;

function userFromRow(row: Selectable<UsersTable>): UserWithPassword {
  // A role this version does not know is a fault in the data: fail loudly, grant nothing.
  if (!isRole(row.role)) throw new Error(`user ${row.username} has an unknown role "${row.role}"`);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

const publicUser = ({ passwordHash: _, ...user }: UserWithPassword): User => user;

function tokenFromRow(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

const USER_COLUMNS = [
  "users.id",
  "users.username",
  "users.display_name",
  "users.role",
  "users.password_hash",
  "users.created_at",
  "users.disabled_at",
] as const;

export class SqlAccountStore implements AccountStore {
  /** `db`: the season store's (SqlStore.db), already migrated; this store does not close it. */
  constructor(
    private readonly db: Db,
    private readonly options: { readonly now?: Clock } = {},
  ) {}

  private now(): string {
    return (this.options.now ?? systemClock)().toISOString();
  }

  private async record(trx: Trx | Db, event: NewAccountEvent, at = this.now()) {
    const row = {
      id: newEventId(at),
      at,
      actor: event.actor,
      action: event.action,
      subject: event.subject,
      detail: JSON.stringify(event.detail ?? {}),
    };
    await trx.insertInto("account_events").values(row).execute();
    return { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> };
  }

  private async usernameOf(trx: Trx | Db, userId: string): Promise<string> {
    const row = await trx
      .selectFrom("users")
      .select("username")
      .where("id", "=", userId)
      .executeTakeFirst();
    return row?.username ?? userId;
  }

  async createUser(user: NewUser, actor: string): Promise<User> {
    const at = this.now();
    const row = {
      id: newRowId(),
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      created_at: at,
      disabled_at: null,
    };
    return this.db.transaction().execute(async (trx) => {
      // ON CONFLICT DO NOTHING: a taken username inserts nothing, even when two adds race.
      const inserted = await trx
        .insertInto("users")
        .values(row)
        .onConflict((oc) => oc.column("username").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) throw new DuplicateUsernameError(user.username);
      await this.record(
        trx,
        { actor, action: "user.create", subject: user.username, detail: { role: user.role } },
        at,
      );
      return publicUser(userFromRow(row));
    });
  }

  async getUser(id: string): Promise<UserWithPassword | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && userFromRow(row);
  }

  async getUserByUsername(username: string): Promise<UserWithPassword | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("username", "=", username)
      .executeTakeFirst();
    return row && userFromRow(row);
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom("users").selectAll().execute();
    // Sorted here: the database's collation might order punctuation differently.
    return rows
      .map((r) => publicUser(userFromRow(r)))
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  /** Applies a change to one user and records the event, in one transaction. */
  private async updateUser(
    id: string,
    change: (trx: Trx, user: UserWithPassword, at: string) => Promise<NewAccountEvent | undefined>,
  ): Promise<User | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const at = this.now();
      const before = await trx
        .selectFrom("users")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      if (!before) return undefined;
      const event = await change(trx, userFromRow(before), at);
      if (event) await this.record(trx, event, at);
      const after = await trx
        .selectFrom("users")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      return publicUser(userFromRow(after));
    });
  }

  async disableUser(id: string, actor: string): Promise<User | undefined> {
    return this.updateUser(id, async (trx, user, at) => {
      await trx
        .updateTable("users")
        .set({ disabled_at: at })
        .where("id", "=", id)
        .where("disabled_at", "is", null)
        .execute();
      await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
      return { actor, action: "user.disable", subject: user.username };
    });
  }

  async setRole(id: string, role: Role, actor: string): Promise<User | undefined> {
    return this.updateUser(id, async (trx, user) => {
      await trx.updateTable("users").set({ role }).where("id", "=", id).execute();
      return {
        actor,
        action: "user.role",
        subject: user.username,
        detail: { from: user.role, to: role },
      };
    });
  }

  async setPasswordHash(
    id: string,
    passwordHash: string,
    actor: string,
  ): Promise<User | undefined> {
    return this.updateUser(id, async (trx, user) => {
      await trx
        .updateTable("users")
        .set({ password_hash: passwordHash })
        .where("id", "=", id)
        .execute();
      await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
      return { actor, action: "user.password", subject: user.username };
    });
  }

  async createSession(session: NewSession, actor: string): Promise<Session> {
    const at = this.now();
    const row = {
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: at,
      expires_at: session.expiresAt,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("sessions").where("expires_at", "<=", at).execute();
      await trx.insertInto("sessions").values(row).execute();
      await this.record(
        trx,
        {
          actor,
          action: "session.create",
          subject: await this.usernameOf(trx, session.userId),
          detail: { expiresAt: session.expiresAt },
        },
        at,
      );
    });
    return { ...session, createdAt: at };
  }

  async getSession(idHash: string): Promise<{ session: Session; user: User } | undefined> {
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(USER_COLUMNS)
      .select([
        "sessions.id_hash",
        "sessions.csrf_token",
        "sessions.created_at as session_created_at",
        "sessions.expires_at",
      ])
      .where("sessions.id_hash", "=", idHash)
      .where("sessions.expires_at", ">", this.now())
      .where("users.disabled_at", "is", null)
      .executeTakeFirst();
    if (!row) return undefined;
    const user = publicUser(userFromRow(row));
    return {
      session: {
        idHash: row.id_hash,
        userId: user.id,
        csrfToken: row.csrf_token,
        createdAt: row.session_created_at,
        expiresAt: row.expires_at,
      },
      user,
    };
  }

  async deleteSession(idHash: string, actor: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const deleted = await trx
        .deleteFrom("sessions")
        .where("id_hash", "=", idHash)
        .returning("user_id")
        .executeTakeFirst();
      if (!deleted) return false;
      await this.record(trx, {
        actor,
        action: "session.delete",
        subject: await this.usernameOf(trx, deleted.user_id),
      });
      return true;
    });
  }

  async deleteSessionsOf(userId: string, actor: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom("sessions")
        .where("user_id", "=", userId)
        .executeTakeFirst();
      const n = Number(result.numDeletedRows);
      await this.record(trx, {
        actor,
        action: "session.delete_all",
        subject: await this.usernameOf(trx, userId),
        detail: { sessions: n },
      });
      return n;
    });
  }

  async createApiToken(token: NewApiToken, actor: string): Promise<ApiToken> {
    const at = this.now();
    const row = {
      id: newRowId(),
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      created_at: at,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto("api_tokens").values(row).execute();
      await this.record(
        trx,
        {
          actor,
          action: "token.create",
          subject: await this.usernameOf(trx, token.userId),
          detail: { tokenId: row.id, name: token.name },
        },
        at,
      );
    });
    return tokenFromRow(row);
  }

  async getApiToken(id: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && tokenFromRow(row);
  }

  async findActiveToken(tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined> {
    const at = this.now();
    const row = await this.db
      .selectFrom("api_tokens")
      .innerJoin("users", "users.id", "api_tokens.user_id")
      .select(USER_COLUMNS)
      .select([
        "api_tokens.id as token_id",
        "api_tokens.name as token_name",
        "api_tokens.token_hash",
        "api_tokens.created_at as token_created_at",
      ])
      .where("api_tokens.token_hash", "=", tokenHash)
      .where("api_tokens.revoked_at", "is", null)
      .where("users.disabled_at", "is", null)
      .executeTakeFirst();
    if (!row) return undefined;
    await this.db
      .updateTable("api_tokens")
      .set({ last_used_at: at })
      .where("id", "=", row.token_id)
      .execute();
    const user = publicUser(userFromRow(row));
    return {
      token: {
        id: row.token_id,
        userId: user.id,
        name: row.token_name,
        createdAt: row.token_created_at,
        lastUsedAt: at,
        revokedAt: null,
      },
      user,
    };
  }

  async listApiTokens(userId: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("user_id", "=", userId)
      .execute();
    // Newest first, then by id, compared here as the memory store compares them.
    return rows
      .map(tokenFromRow)
      .sort((a, b) =>
        a.createdAt !== b.createdAt
          ? a.createdAt < b.createdAt
            ? 1
            : -1
          : a.id < b.id
            ? 1
            : a.id > b.id
              ? -1
              : 0,
      );
  }

  async revokeApiToken(id: string, actor: string): Promise<ApiToken | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const at = this.now();
      const before = await trx
        .selectFrom("api_tokens")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      if (!before) return undefined;
      await trx
        .updateTable("api_tokens")
        .set({ revoked_at: at })
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .execute();
      await this.record(
        trx,
        {
          actor,
          action: "token.revoke",
          subject: await this.usernameOf(trx, before.user_id),
          detail: { tokenId: id, name: before.name },
        },
        at,
      );
      return tokenFromRow({ ...before, revoked_at: before.revoked_at ?? at });
    });
  }

  async recordEvent(event: NewAccountEvent): Promise<AccountEvent> {
    return this.record(this.db, event);
  }

  async listEvents(options: { limit?: number } = {}): Promise<AccountEvent[]> {
    let q = this.db
      .selectFrom("account_events")
      .selectAll()
      .orderBy("at", "desc")
      .orderBy("id", "desc");
    if (options.limit !== undefined) q = q.limit(options.limit);
    const rows = await q.execute();
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
