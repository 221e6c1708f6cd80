// A steward with an API token, for tests that write through the API (the timing feed, imports).
import { addUser, issueApiToken } from "../../src/auth/accounts.js";
import type { AccountStore } from "../../src/store/account-store.js";

/** Adds a steward named `username` to the accounts and returns a fresh API token's secret. */
export async function stewardToken(
  accounts: AccountStore,
  username = "timing",
  label = "timing feed",
): Promise<string> {
  const user = await addUser(
    accounts,
    { username, role: "steward", password: "a long enough password" },
    "test",
  );
  if (!user.ok) throw new Error(user.error.message);
  const issued = await issueApiToken(accounts, user.value.id, label, "test");
  if (!issued.ok) throw new Error(issued.error.message);
  return issued.value.secret;
}
