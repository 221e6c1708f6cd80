// The account use cases the web pages, the JSON API and the CLI share: adding a user, checking a
// login, issuing an API token. Input is checked here once; expected failures come back as values.
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import {
  DuplicateUsernameError,
  isRole,
  normalizeUsername,
  ROLES,
  usernameProblem,
} from "../store/account-store.js";
import type { AccountStore, ApiToken, User } from "../store/account-store.js";
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from "./passwords.js";
import { newApiToken, secretHash } from "./secrets.js";

export interface AccountProblem {
  readonly code:
    | "INVALID_USERNAME"
    | "INVALID_NAME"
    | "INVALID_ROLE"
    | "WEAK_PASSWORD"
    | "DUPLICATE_USERNAME"
    | "UNKNOWN_USER";
  readonly message: string;
}

const MAX_NAME_LENGTH = 100;

export interface AddUserInput {
  readonly username: string;
  /** Defaults to the username. */
  readonly displayName?: string;
  readonly role: string;
  readonly password: string;
}

/** Checks and adds a user (the username in lower case, the password hashed). */
export async function addUser(
  accounts: AccountStore,
  input: AddUserInput,
  actor: string,
): Promise<Result<User, AccountProblem>> {
  const username = normalizeUsername(input.username);
  const badName = usernameProblem(username);
  if (badName) return err({ code: "INVALID_USERNAME", message: badName });
  if (!isRole(input.role))
    return err({
      code: "INVALID_ROLE",
      message: `A role is ${ROLES.join(" or ")}, not "${input.role}".`,
    });
  const displayName = (input.displayName ?? "").trim() || username;
  if ([...displayName].length > MAX_NAME_LENGTH)
    return err({
      code: "INVALID_NAME",
      message: `A display name has at most ${MAX_NAME_LENGTH} characters.`,
    });
  const weak = passwordProblem(input.password);
  if (weak) return err({ code: "WEAK_PASSWORD", message: weak });
  const passwordHash = await hashPassword(input.password);
  try {
    return ok(
      await accounts.createUser({ username, displayName, role: input.role, passwordHash }, actor),
    );
  } catch (e) {
    if (e instanceof DuplicateUsernameError)
      return err({ code: "DUPLICATE_USERNAME", message: e.message });
    throw e;
  }
}

/**
 * The active user with this username and password, or undefined. Takes as long for an unknown
 * username as for a known one, so the answer does not tell which usernames exist.
 */
export async function checkLogin(
  accounts: AccountStore,
  username: string,
  password: string,
): Promise<User | undefined> {
  const user = await accounts.getUserByUsername(normalizeUsername(username));
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !matches || user.disabledAt !== null) return undefined;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    createdAt: user.createdAt,
    disabledAt: user.disabledAt,
  };
}

/** A new API token for a user: the token itself, to show once, and what the store keeps. */
export async function issueApiToken(
  accounts: AccountStore,
  userId: string,
  name: string,
  actor: string,
): Promise<Result<{ token: ApiToken; secret: string }, AccountProblem>> {
  const label = name.trim();
  if (label === "" || [...label].length > MAX_NAME_LENGTH)
    return err({
      code: "INVALID_NAME",
      message: `Name the token (what it is for), in 1 to ${MAX_NAME_LENGTH} characters.`,
    });
  const user = await accounts.getUser(userId);
  if (!user || user.disabledAt !== null)
    return err({ code: "UNKNOWN_USER", message: "No active user to give the token to." });
  const secret = newApiToken();
  const token = await accounts.createApiToken(
    { userId, name: label, tokenHash: secretHash(secret) },
    actor,
  );
  return ok({ token, secret });
}

/**
 * Sets a user's new password (the same rules as a new user's): the store then ends every session
 * of theirs, so a session that knew the old password is worth nothing.
 */
export async function changePassword(
  accounts: AccountStore,
  userId: string,
  password: string,
  actor: string,
): Promise<Result<User, AccountProblem>> {
  const weak = passwordProblem(password);
  if (weak) return err({ code: "WEAK_PASSWORD", message: weak });
  const changed = await accounts.setPasswordHash(userId, await hashPassword(password), actor);
  if (!changed) return err({ code: "UNKNOWN_USER", message: "There is no such user." });
  return ok(changed);
}
