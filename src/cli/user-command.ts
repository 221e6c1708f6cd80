// paddock user: accounts from the command line, on the store the server uses (DATABASE_URL, else
// the SQLite file in PADDOCK_DATA_DIR). How the first admin comes to be. Actions are recorded as
// account events by `cli:<os user>`.
import { userInfo } from "node:os";
import { Option } from "commander";
import type { Command } from "commander";
import { addUser, changePassword, issueApiToken } from "../auth/accounts.js";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "../auth/passwords.js";
import { readConfig } from "../config.js";
import { render } from "../formats/tables/tabular.js";
import type { AccountStore } from "../store/account-store.js";
import { normalizeUsername, ROLES } from "../store/account-store.js";
import { openConfiguredStore } from "../store/configured-store.js";
import { SqlAccountStore } from "../store/sql/sql-account-store.js";
import { SqlStore } from "../store/sql/sql-store.js";
import { fail, withFormat } from "./shared-options.js";
import type { FormatOption } from "./shared-options.js";

const STORE_NOTE =
  "\nThe store is the server's: PostgreSQL when DATABASE_URL is set, else paddock.sqlite in PADDOCK_DATA_DIR (default ./.paddock).";

/** Who runs the command, as account events name them. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry for this uid (some containers).
    return `cli:${process.env.USER ?? process.env.USERNAME ?? `uid-${process.getuid?.() ?? "unknown"}`}`;
  }
}

/** Runs `work` with the account store of the configured database, then closes it. */
async function withAccounts(work: (accounts: AccountStore, actor: string) => Promise<void>) {
  try {
    const config = readConfig(process.env, process.cwd());
    const store = await openConfiguredStore(config, () => {});
    try {
      if (!(store instanceof SqlStore)) throw new Error("the configured store keeps no accounts");
      await work(new SqlAccountStore(store.db), cliActor());
    } finally {
      await store.close();
    }
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

/** Piped stdin, read to its end, as lines without their ends (\n or \r\n). */
async function stdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  // A final line end ends the last line; it does not start another.
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** What was typed (or pasted) on the terminal after the line a prompt took: the next prompt's. */
let typedAhead = "";

/** Asks for one line on the terminal without showing what is typed. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Raw (no echo) before the question shows, so nothing typed at once is echoed.
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      const chars = [...chunk];
      for (const [i, ch] of chars.entries()) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") {
          // The line ends here; the rest (a pasted second line) waits for the next prompt.
          const rest = chars.slice(i + 1).join("");
          typedAhead = ch === "\r" && rest.startsWith("\n") ? rest.slice(1) : rest;
          finish();
          return resolve(value);
        }
        if (ch === "\u0003") {
          typedAhead = "";
          finish();
          return reject(new Error("cancelled"));
        }
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else value += ch;
      }
    };
    stdin.on("data", onData);
    const ahead = typedAhead;
    typedAhead = "";
    if (ahead !== "") onData(ahead);
  });
}

/**
 * A new password, one line per prompt (the line's end is not part of it): with --password-stdin
 * the first line of stdin; piped, the first line and, when there is a second, the same again;
 * on a terminal, typed twice at a hidden prompt.
 */
async function newPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const [first = "", again] = await stdinLines();
    if (fromStdin || again === undefined) return first;
    const problem = passwordProblem(first);
    if (problem) throw new Error(problem);
    if (again !== first) throw new Error("the two passwords differ");
    return first;
  }
  const first = await promptHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `);
  const problem = passwordProblem(first);
  if (problem) throw new Error(problem);
  const again = await promptHidden("Password again: ");
  if (again !== first) throw new Error("the two passwords differ");
  return first;
}

const when = (iso: string | null) => iso ?? "";

export function registerUser(program: Command): void {
  const user = program
    .command("user")
    .description(
      "accounts: add admins (organisers) and stewards, change passwords, disable users, issue API tokens",
    )
    .addHelpText(
      "after",
      `\nExamples:\n  printf '%s\\n' "$PASSWORD" | paddock user add alice --role admin --name "Alice Martin" --password-stdin\n  paddock user list\n  paddock user password alice\n  paddock user token alice --name "timing feed"\n  paddock user disable bob\n${STORE_NOTE}`,
    );

  user
    .command("add")
    .description(
      `add a user; the password is asked for (hidden) twice, or read from stdin when piped (one line, or two: the password and the same again); at least ${MIN_PASSWORD_LENGTH} characters`,
    )
    .argument("<username>", "2 to 40 characters: lower-case letters, digits, '.', '_' or '-'")
    .addOption(
      new Option(
        "-r, --role <role>",
        "admin (organiser: everything) or steward (results and decisions)",
      )
        .choices(ROLES)
        .makeOptionMandatory(),
    )
    .option("-n, --name <display>", "the name shown on pages (default: the username)")
    .option("--password-stdin", "read the password from stdin (one line) even on a terminal")
    .addHelpText(
      "after",
      `\nExamples:\n  paddock user add alice --role admin --name "Alice Martin"       (asks for the password)\n  printf '%s\\n' "$PASSWORD" | paddock user add bob --role steward --password-stdin\n${STORE_NOTE}`,
    )
    .action(
      async (username: string, opts: { role: string; name?: string; passwordStdin?: boolean }) => {
        await withAccounts(async (accounts, actor) => {
          const password = await newPassword(opts.passwordStdin ?? false);
          const added = await addUser(
            accounts,
            {
              username,
              role: opts.role,
              password,
              ...(opts.name ? { displayName: opts.name } : {}),
            },
            actor,
          );
          if (!added.ok) return fail(added.error.message);
          const u = added.value;
          process.stdout.write(`Added ${u.role} ${u.username} (${u.displayName}).\n`);
        });
      },
    );

  withFormat(
    user
      .command("list")
      .description("every user with role and status, disabled ones included")
      .addHelpText(
        "after",
        `\nExamples:\n  paddock user list\n  paddock user list --format json\n${STORE_NOTE}`,
      ),
  ).action(async (opts: FormatOption) => {
    await withAccounts(async (accounts) => {
      const users = await accounts.listUsers();
      process.stdout.write(
        render(
          [
            {
              title: "Users",
              columns: ["username", "name", "role", "created", "disabled"],
              rows: users.map((u) => [
                u.username,
                u.displayName,
                u.role,
                u.createdAt,
                when(u.disabledAt),
              ]),
            },
          ],
          opts.format,
          users,
        ),
      );
    });
  });

  user
    .command("disable")
    .description("disable a user: their sessions end and their API tokens stop working at once")
    .argument("<username>")
    .addHelpText("after", `\nExamples:\n  paddock user disable bob\n${STORE_NOTE}`)
    .action(async (username: string) => {
      await withAccounts(async (accounts, actor) => {
        const found = await accounts.getUserByUsername(normalizeUsername(username));
        if (!found) return fail(`there is no user "${username}"`);
        await accounts.disableUser(found.id, actor);
        process.stdout.write(`Disabled ${found.username}.\n`);
      });
    });

  user
    .command("password")
    .description(
      `set a user's new password, asked for (hidden) twice, or read from stdin when piped (one line, or two: the same twice); at least ${MIN_PASSWORD_LENGTH} characters; ends the user's sessions`,
    )
    .argument("<username>")
    .option("--password-stdin", "read the password from stdin (one line) even on a terminal")
    .addHelpText(
      "after",
      `\nExamples:\n  paddock user password alice                                   (asks for the new password twice)\n  printf '%s\\n' "$PASSWORD" | paddock user password bob --password-stdin\n${STORE_NOTE}`,
    )
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      await withAccounts(async (accounts, actor) => {
        const found = await accounts.getUserByUsername(normalizeUsername(username));
        if (!found) return fail(`there is no user "${username}"`);
        const password = await newPassword(opts.passwordStdin ?? false);
        const changed = await changePassword(accounts, found.id, password, actor);
        if (!changed.ok) return fail(changed.error.message);
        process.stdout.write(`Password of ${found.username} changed; their sessions ended.\n`);
      });
    });

  user
    .command("token")
    .description("issue an API token for a user and print it (stdout, once: only its hash is kept)")
    .argument("<username>")
    .requiredOption("--name <label>", "what the token is for")
    .addHelpText(
      "after",
      `\nExamples:\n  paddock user token alice --name "timing feed"\n  TOKEN=$(paddock user token alice --name "results upload")\n  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/auth/me\n${STORE_NOTE}`,
    )
    .action(async (username: string, opts: { name: string }) => {
      await withAccounts(async (accounts, actor) => {
        const found = await accounts.getUserByUsername(normalizeUsername(username));
        if (!found) return fail(`there is no user "${username}"`);
        const issued = await issueApiToken(accounts, found.id, opts.name, actor);
        if (!issued.ok) return fail(issued.error.message);
        process.stderr.write(
          `API token ${issued.value.token.id} ("${issued.value.token.name}") for ${found.username}; it is shown only now:\n`,
        );
        process.stdout.write(`${issued.value.secret}\n`);
      });
    });

  withFormat(
    user
      .command("tokens")
      .description("a user's API tokens: id, name, created, last used, revoked")
      .argument("<username>")
      .addHelpText("after", `\nExamples:\n  paddock user tokens alice\n${STORE_NOTE}`),
  ).action(async (username: string, opts: FormatOption) => {
    await withAccounts(async (accounts) => {
      const found = await accounts.getUserByUsername(normalizeUsername(username));
      if (!found) return fail(`there is no user "${username}"`);
      const tokens = await accounts.listApiTokens(found.id);
      process.stdout.write(
        render(
          [
            {
              title: `API tokens of ${found.username}`,
              columns: ["id", "name", "created", "last used", "revoked"],
              rows: tokens.map((t) => [
                t.id,
                t.name,
                t.createdAt,
                when(t.lastUsedAt),
                when(t.revokedAt),
              ]),
            },
          ],
          opts.format,
          tokens,
        ),
      );
    });
  });

  user
    .command("revoke-token")
    .description("revoke an API token by its id (see paddock user tokens <username>)")
    .argument("<id>")
    .addHelpText(
      "after",
      `\nExamples:\n  paddock user tokens alice\n  paddock user revoke-token 3f2a9c0d5e6b7a8f9e0d1c2b3a4f5e6d\n  paddock user revoke-token -- -q2-7wEjRBGTl0m1XzPz9A   (an older id that starts with "-")\n${STORE_NOTE}`,
    )
    .action(async (id: string) => {
      await withAccounts(async (accounts, actor) => {
        const revoked = await accounts.revokeApiToken(id, actor);
        if (!revoked) return fail(`there is no API token "${id}"`);
        process.stdout.write(`Revoked API token ${revoked.id} ("${revoked.name}").\n`);
      });
    });
}
