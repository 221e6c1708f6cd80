// `paddock user` as an organiser types it, against a throwaway data folder: the first admin, a
// token printed once, and what the store then holds (hashes only, events by cli:<os user>).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../src/auth/passwords.js";
import { secretHash } from "../src/auth/secrets.js";
import { openStore } from "../src/store/open-store.js";
import { SqlAccountStore } from "../src/store/sql/sql-account-store.js";
import { SqlStore } from "../src/store/sql/sql-store.js";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/src/cli/main.js");
const dataDir = mkdtempSync(join(tmpdir(), "paddock-user-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (args: string[], input = "") => {
  const env: NodeJS.ProcessEnv = { ...process.env, PADDOCK_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [cli, "user", ...args], {
    encoding: "utf8",
    cwd: root,
    env,
    input,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** The accounts in the data folder, opened as the server opens them. */
async function withAccounts<T>(work: (accounts: SqlAccountStore) => Promise<T>): Promise<T> {
  const store = await openStore({ kind: "sqlite", path: join(dataDir, "paddock.sqlite") });
  if (!(store instanceof SqlStore)) throw new Error("not a SQL store");
  try {
    return await work(new SqlAccountStore(store.db));
  } finally {
    await store.close();
  }
}

describe("paddock user", () => {
  it.each(["add", "list", "password", "disable", "token", "tokens", "revoke-token"])(
    "user %s --help has examples",
    (cmd) => {
      const r = run([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: paddock user ${cmd}`);
      expect(r.out).toContain("Examples:");
    },
  );

  it("adds the first admin with a piped password, refuses short ones and taken names", () => {
    const added = run(
      ["add", "Alice", "--role", "admin", "--name", "Alice Martin", "--password-stdin"],
      "correct horse battery staple\n",
    );
    expect(added).toMatchObject({ code: 0, out: "Added admin alice (Alice Martin).\n" });
    const short = run(["add", "bob", "--role", "steward"], "too short\n");
    expect(short.code).toBe(1);
    expect(short.err).toContain("at least 10 characters");
    const taken = run(["add", "alice", "--role", "steward"], "another long password\n");
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('There is already a user "alice"');
    expect(run(["add", "carol", "--role", "boss"], "long enough password\n").code).toBe(1);
    const list = run(["list", "--format", "json"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual([
      expect.objectContaining({ username: "alice", displayName: "Alice Martin", role: "admin" }),
    ]);
    expect(list.out).not.toContain("scrypt");
  });

  it("prints a token once; the store keeps only its hash, and it works until revoked", async () => {
    const r = run(["token", "alice", "--name", "timing feed"]);
    expect(r.code).toBe(0);
    const token = r.out.trim();
    expect(token).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    expect(r.err).toContain("shown only now");
    expect(run(["token", "nobody", "--name", "x"]).code).toBe(1);

    const id = await withAccounts(async (accounts) => {
      const found = await accounts.findActiveToken(secretHash(token));
      expect(found?.user.username).toBe("alice");
      expect(found?.token.name).toBe("timing feed");
      const user = await accounts.getUserByUsername("alice");
      expect(await verifyPassword("correct horse battery staple", user?.passwordHash ?? "")).toBe(
        true,
      );
      const actor = `cli:${userInfo().username}`;
      const events = await accounts.listEvents();
      expect(events.map((e) => [e.actor, e.action, e.subject])).toEqual([
        [actor, "token.create", "alice"],
        [actor, "user.create", "alice"],
      ]);
      expect(JSON.stringify(events)).not.toContain(token);
      return found?.token.id ?? "";
    });

    const tokens = run(["tokens", "alice", "--format", "json"]);
    expect(JSON.parse(tokens.out)).toEqual([expect.objectContaining({ id, name: "timing feed" })]);
    expect(tokens.out).not.toContain(token);
    expect(run(["revoke-token", id])).toMatchObject({ code: 0, err: "" });
    expect(run(["revoke-token", "no-such-token"]).code).toBe(1);
    await withAccounts(async (accounts) => {
      expect(await accounts.findActiveToken(secretHash(token))).toBeUndefined();
    });
  });

  it("reads one line per prompt from piped stdin: the password, then the same again", async () => {
    // printf 'pw\npw\n' | paddock user add …: the password is the line, without its end.
    const password = "dana's long password";
    const added = run(["add", "dana", "--role", "steward"], `${password}\n${password}\n`);
    expect(added).toMatchObject({ code: 0, out: "Added steward dana (dana).\n" });
    const crlf = run(
      ["add", "erin", "--role", "steward"],
      "erin's long password\r\nerin's long password\r\n",
    );
    expect(crlf.code).toBe(0);
    const differ = run(
      ["add", "fay", "--role", "steward"],
      "fay's long password\nsomething else\n",
    );
    expect(differ.code).toBe(1);
    expect(differ.err).toContain("the two passwords differ");
    await withAccounts(async (accounts) => {
      const dana = await accounts.getUserByUsername("dana");
      expect(await verifyPassword(password, dana?.passwordHash ?? "")).toBe(true);
      expect(await verifyPassword(`${password}\n${password}`, dana?.passwordHash ?? "")).toBe(
        false,
      );
      const erin = await accounts.getUserByUsername("erin");
      expect(await verifyPassword("erin's long password", erin?.passwordHash ?? "")).toBe(true);
      expect(await accounts.getUserByUsername("fay")).toBeUndefined();
    });
  });

  it("changes a password (asked twice, same rules) and ends the user's sessions", async () => {
    const sessionHash = secretHash("a session of dana's");
    await withAccounts(async (accounts) => {
      const dana = await accounts.getUserByUsername("dana");
      await accounts.createSession(
        {
          idHash: sessionHash,
          userId: dana?.id ?? "",
          csrfToken: "csrf",
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        "test",
      );
    });
    const next = "dana's second long password";
    expect(run(["password", "dana"], "too short\ntoo short\n")).toMatchObject({ code: 1 });
    expect(run(["password", "dana"], `${next}\n${next}x\n`).err).toContain("differ");
    expect(run(["password", "nobody"], `${next}\n${next}\n`).code).toBe(1);
    const changed = run(["password", "dana"], `${next}\n${next}\n`);
    expect(changed).toMatchObject({
      code: 0,
      out: "Password of dana changed; their sessions ended.\n",
    });
    const once = "dana's third long password";
    expect(run(["password", "dana", "--password-stdin"], `${once}\n`).code).toBe(0);
    await withAccounts(async (accounts) => {
      const dana = await accounts.getUserByUsername("dana");
      expect(await verifyPassword(once, dana?.passwordHash ?? "")).toBe(true);
      expect(await accounts.getSession(sessionHash)).toBeUndefined();
      const events = await accounts.listEvents();
      expect(
        events.filter((e) => e.action === "user.password" && e.subject === "dana"),
      ).toHaveLength(2);
    });
  });

  it("disables a user", async () => {
    expect(run(["add", "bob", "--role", "steward"], "bob's long password\n").code).toBe(0);
    expect(run(["disable", "bob"])).toMatchObject({ code: 0, out: "Disabled bob.\n" });
    expect(run(["disable", "nobody"]).code).toBe(1);
    const list = JSON.parse(run(["list", "--format", "json"]).out) as {
      username: string;
      disabledAt: string | null;
    }[];
    expect(list.find((u) => u.username === "bob")?.disabledAt).not.toBeNull();
  });
});
