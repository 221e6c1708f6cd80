// The AccountStore contract: one suite every implementation runs (memory, SQLite, PostgreSQL).
// Time is the suite's: each store reads a clock the tests move, so expiry is tested exactly.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DuplicateUsernameError } from "./account-store.js";
import type { AccountStore, Clock, NewUser, Role } from "./account-store.js";

export interface OpenedAccountStore {
  readonly store: AccountStore;
  /** Releases what open() acquired (the database the store sits on). */
  readonly close?: () => Promise<void>;
}

const T0 = Date.parse("2024-05-01T10:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const newUser = (username: string, role: Role = "steward"): NewUser => ({
  username,
  displayName: `Name of ${username}`,
  role,
  passwordHash: `scrypt$32768$8$1$c2FsdA==$hash-of-${username}`,
});

/**
 * Runs the contract against stores from `open`, which must return a new, empty store reading the
 * given clock each time. The suite closes every store after each test; `cleanup` runs at the end.
 */
export function describeAccountStore(
  name: string,
  open: (clock: Clock) => Promise<OpenedAccountStore>,
  cleanup?: () => Promise<void>,
): void {
  describe(`AccountStore contract: ${name}`, () => {
    const opened: OpenedAccountStore[] = [];
    let now = T0;
    const clock: Clock = () => new Date(now);
    const fresh = async () => {
      now = T0;
      const o = await open(clock);
      opened.push(o);
      return o.store;
    };
    afterEach(async () => {
      for (const o of opened.splice(0)) await o.close?.();
    });
    if (cleanup) afterAll(cleanup);

    it("starts empty", async () => {
      const store = await fresh();
      expect(await store.listUsers()).toEqual([]);
      expect(await store.listEvents()).toEqual([]);
      expect(await store.getUserByUsername("nobody")).toBeUndefined();
      expect(await store.getUser("nobody")).toBeUndefined();
      expect(await store.getSession("0".repeat(64))).toBeUndefined();
      expect(await store.findActiveToken("0".repeat(64))).toBeUndefined();
      expect(await store.getApiToken("nothing")).toBeUndefined();
      expect(await store.revokeApiToken("nothing", "test")).toBeUndefined();
      expect(await store.disableUser("nobody", "test")).toBeUndefined();
      expect(await store.setRole("nobody", "admin", "test")).toBeUndefined();
      expect(await store.deleteSession("0".repeat(64), "test")).toBe(false);
    });

    it("creates users and reads them back by id and by username, listed by username", async () => {
      const store = await fresh();
      const zoe = await store.createUser(
        { ...newUser("zoe", "admin"), displayName: "Zoë Tomáš 🏁 日本" },
        "cli:root",
      );
      now += MINUTE;
      const amy = await store.createUser(newUser("amy"), "zoe");
      expect(zoe).toEqual({
        id: expect.any(String),
        username: "zoe",
        displayName: "Zoë Tomáš 🏁 日本",
        role: "admin",
        createdAt: iso(T0),
        disabledAt: null,
      });
      expect(zoe).not.toHaveProperty("passwordHash");
      expect(amy.id).not.toBe(zoe.id);
      expect(await store.getUser(zoe.id)).toEqual({
        ...zoe,
        passwordHash: newUser("zoe").passwordHash,
      });
      expect(await store.getUserByUsername("amy")).toEqual({
        ...amy,
        passwordHash: newUser("amy").passwordHash,
      });
      expect(await store.getUserByUsername("AMY")).toBeUndefined();
      expect((await store.listUsers()).map((u) => u.username)).toEqual(["amy", "zoe"]);
      expect(await store.listUsers()).toEqual([amy, zoe]);
    });

    it("refuses a taken username with DuplicateUsernameError, even a disabled user's", async () => {
      const store = await fresh();
      const amy = await store.createUser(newUser("amy"), "cli:root");
      await expect(store.createUser(newUser("amy", "admin"), "cli:root")).rejects.toBeInstanceOf(
        DuplicateUsernameError,
      );
      await store.disableUser(amy.id, "cli:root");
      const again = await store.createUser(newUser("amy"), "cli:root").catch((e: unknown) => e);
      expect(again).toBeInstanceOf(DuplicateUsernameError);
      expect(again).toMatchObject({ code: "DUPLICATE_USERNAME", username: "amy" });
      expect(await store.listUsers()).toHaveLength(1);
      // A refused create records nothing.
      expect((await store.listEvents()).map((e) => e.action)).toEqual([
        "user.disable",
        "user.create",
      ]);
    });

    it("lets one of two concurrent creates of a username win", async () => {
      const store = await fresh();
      const outcomes = await Promise.allSettled([
        store.createUser(newUser("amy"), "a"),
        store.createUser(newUser("amy", "admin"), "b"),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected");
      expect(refused?.status === "rejected" && refused.reason).toBeInstanceOf(
        DuplicateUsernameError,
      );
      expect(await store.listUsers()).toHaveLength(1);
    });

    it("changes roles and password hashes; a new password ends the user's sessions", async () => {
      const store = await fresh();
      const amy = await store.createUser(newUser("amy"), "cli:root");
      expect(await store.setRole(amy.id, "admin", "zoe")).toEqual({ ...amy, role: "admin" });
      await store.createSession(
        { idHash: "a".repeat(64), userId: amy.id, csrfToken: "c", expiresAt: iso(T0 + HOUR) },
        "amy",
      );
      expect(await store.setPasswordHash(amy.id, "scrypt$new", "amy")).toEqual({
        ...amy,
        role: "admin",
      });
      expect((await store.getUser(amy.id))?.passwordHash).toBe("scrypt$new");
      expect(await store.getSession("a".repeat(64))).toBeUndefined();
      expect(await store.setPasswordHash("nobody", "x", "amy")).toBeUndefined();
    });

    it("keeps sessions until they expire and gives them with their user", async () => {
      const store = await fresh();
      const amy = await store.createUser(newUser("amy"), "cli:root");
      now += MINUTE;
      const session = await store.createSession(
        { idHash: "a".repeat(64), userId: amy.id, csrfToken: "csrf-1", expiresAt: iso(T0 + HOUR) },
        "amy",
      );
      expect(session).toEqual({
        idHash: "a".repeat(64),
        userId: amy.id,
        csrfToken: "csrf-1",
        createdAt: iso(T0 + MINUTE),
        expiresAt: iso(T0 + HOUR),
      });
      expect(await store.getSession("a".repeat(64))).toEqual({ session, user: amy });
      expect(await store.getSession("b".repeat(64))).toBeUndefined();
      now = T0 + HOUR - 1;
      expect(await store.getSession("a".repeat(64))).toBeDefined();
      now = T0 + HOUR; // expired at exactly its expiry time
      expect(await store.getSession("a".repeat(64))).toBeUndefined();
    });

    it("ends one session, or every session of a user", async () => {
      const store = await fresh();
      const amy = await store.createUser(newUser("amy"), "cli:root");
      const bob = await store.createUser(newUser("bob"), "cli:root");
      const start = (c: string, userId: string) =>
        store.createSession(
          { idHash: c.repeat(64), userId, csrfToken: c, expiresAt: iso(T0 + HOUR) },
          "test",
        );
      await start("a", amy.id);
      await start("b", amy.id);
      await start("c", bob.id);
      expect(await store.deleteSession("a".repeat(64), "amy")).toBe(true);
      expect(await store.deleteSession("a".repeat(64), "amy")).toBe(false);
      expect(await store.getSession("a".repeat(64))).toBeUndefined();
      expect(await store.getSession("b".repeat(64))).toBeDefined();
      expect(await store.deleteSessionsOf(amy.id, "zoe")).toBe(1);
      expect(await store.getSession("b".repeat(64))).toBeUndefined();
      expect((await store.getSession("c".repeat(64)))?.user).toEqual(bob);
    });

    it("disables a user: sessions end, tokens stop working, the first time is kept", async () => {
      const store = await fresh();
      const amy = await store.createUser(newUser("amy"), "cli:root");
      await store.createSession(
        { idHash: "a".repeat(64), userId: amy.id, csrfToken: "c", expiresAt: iso(T0 + HOUR) },
        "amy",
      );
      await store.createApiToken(
        { userId: amy.id, name: "script", tokenHash: "t".repeat(64) },
        "amy",
      );
      now += MINUTE;
      const disabled = await store.disableUser(amy.id, "zoe");
      expect(disabled).toEqual({ ...amy, disabledAt: iso(T0 + MINUTE) });
      expect(await store.getSession("a".repeat(64))).toBeUndefined();
      expect(await store.findActiveToken("t".repeat(64))).toBeUndefined();
      now += MINUTE;
      expect(await store.disableUser(amy.id, "zoe")).toEqual(disabled);
      expect((await store.getUserByUsername("amy"))?.disabledAt).toBe(iso(T0 + MINUTE));
      // A session started for a disabled user is not given back either.
      await store.createSession(
        { idHash: "d".repeat(64), userId: amy.id, csrfToken: "c", expiresAt: iso(T0 + HOUR) },
        "amy",
      );
      expect(await store.getSession("d".repeat(64))).toBeUndefined();
    });

    it("finds active API tokens by hash, recording their last use; revoked ones are refused", async () => {
      const store = await fresh();
      const amy = await store.createUser(newUser("amy"), "cli:root");
      const bob = await store.createUser(newUser("bob"), "cli:root");
      const first = await store.createApiToken(
        { userId: amy.id, name: "results upload", tokenHash: "1".repeat(64) },
        "amy",
      );
      expect(first).toEqual({
        id: expect.any(String),
        userId: amy.id,
        name: "results upload",
        createdAt: iso(T0),
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(first).not.toHaveProperty("tokenHash");
      now += MINUTE;
      const second = await store.createApiToken(
        { userId: amy.id, name: "timing feed", tokenHash: "2".repeat(64) },
        "cli:root",
      );
      await store.createApiToken(
        { userId: bob.id, name: "bob's", tokenHash: "3".repeat(64) },
        "bob",
      );
      expect(await store.getApiToken(first.id)).toEqual(first);
      now += MINUTE;
      const found = await store.findActiveToken("1".repeat(64));
      expect(found).toEqual({ token: { ...first, lastUsedAt: iso(T0 + 2 * MINUTE) }, user: amy });
      expect(await store.findActiveToken("9".repeat(64))).toBeUndefined();
      expect(await store.listApiTokens(amy.id)).toEqual([
        second,
        { ...first, lastUsedAt: iso(T0 + 2 * MINUTE) },
      ]);
      now += MINUTE;
      const revoked = await store.revokeApiToken(first.id, "amy");
      expect(revoked).toEqual({
        ...first,
        lastUsedAt: iso(T0 + 2 * MINUTE),
        revokedAt: iso(T0 + 3 * MINUTE),
      });
      expect(await store.findActiveToken("1".repeat(64))).toBeUndefined();
      expect((await store.findActiveToken("2".repeat(64)))?.token.id).toBe(second.id);
      now += MINUTE;
      expect(await store.revokeApiToken(first.id, "amy")).toEqual(revoked);
      expect((await store.listApiTokens(amy.id)).map((t) => t.revokedAt)).toEqual([
        null,
        iso(T0 + 3 * MINUTE),
      ]);
      expect((await store.listApiTokens(bob.id)).map((t) => t.name)).toEqual(["bob's"]);
    });

    it("records every change as an account event, newest first", async () => {
      const store = await fresh();
      const amy = await store.createUser(newUser("amy"), "cli:root");
      now += MINUTE;
      await store.setRole(amy.id, "admin", "cli:root");
      await store.createSession(
        { idHash: "a".repeat(64), userId: amy.id, csrfToken: "c", expiresAt: iso(T0 + HOUR) },
        "amy",
      );
      const token = await store.createApiToken(
        { userId: amy.id, name: "feed", tokenHash: "1".repeat(64) },
        "amy",
      );
      await store.findActiveToken("1".repeat(64)); // a use is not a change
      await store.revokeApiToken(token.id, "amy");
      await store.deleteSession("a".repeat(64), "amy");
      await store.deleteSessionsOf(amy.id, "cli:root");
      await store.setPasswordHash(amy.id, "scrypt$x", "amy");
      now += MINUTE;
      await store.recordEvent({
        actor: "anonymous",
        action: "login.failure",
        subject: "amy",
        detail: { ip: "192.0.2.1", note: "Zoë 🏁" },
      });
      await store.disableUser(amy.id, "zoe");
      const events = await store.listEvents();
      expect(events.map((e) => [e.actor, e.action, e.subject])).toEqual([
        ["zoe", "user.disable", "amy"],
        ["anonymous", "login.failure", "amy"],
        ["amy", "user.password", "amy"],
        ["cli:root", "session.delete_all", "amy"],
        ["amy", "session.delete", "amy"],
        ["amy", "token.revoke", "amy"],
        ["amy", "token.create", "amy"],
        ["amy", "session.create", "amy"],
        ["cli:root", "user.role", "amy"],
        ["cli:root", "user.create", "amy"],
      ]);
      expect(events[1]).toEqual({
        id: expect.any(String),
        at: iso(T0 + 2 * MINUTE),
        actor: "anonymous",
        action: "login.failure",
        subject: "amy",
        detail: { ip: "192.0.2.1", note: "Zoë 🏁" },
      });
      expect(events[8]?.detail).toEqual({ from: "steward", to: "admin" });
      expect(events[6]?.detail).toEqual({ tokenId: token.id, name: "feed" });
      expect(events[9]?.at).toBe(iso(T0));
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      // Secrets and their hashes stay out of the log.
      expect(JSON.stringify(events)).not.toMatch(/a{64}|1{64}|scrypt/);
      expect((await store.listEvents({ limit: 2 })).map((e) => e.action)).toEqual([
        "user.disable",
        "login.failure",
      ]);
    });
  });
}
