// Password hashing with scrypt (memory-hard, in node:crypto): a stolen users table costs an
// attacker 32 MiB and tens of milliseconds per guess. Stored as `scrypt$N$r$p$saltB64$hashB64`,
// so the cost can be raised later and old hashes still verify.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type { ScryptOptions } from "node:crypto";

export const MIN_PASSWORD_LENGTH = 10;
/** Longer than any passphrase; keeps a request from making the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1000;

/** N = 2^15, r = 8, p = 1: 128 * N * r = 32 MiB per hash. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds on parameters read back from storage, so a corrupt row cannot exhaust the server. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** Node's default limit (32 MiB) is exactly what N = 2^15, r = 8 needs; scrypt wants headroom. */
const maxmem = (N: number, r: number) => 128 * N * r * 2;

/** A password refused by the rules below; the message says why, for people. */
export class WeakPasswordError extends Error {
  readonly code = "WEAK_PASSWORD";
  constructor(message: string) {
    super(message);
    this.name = "WeakPasswordError";
  }
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return `A password needs at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length}); a few words make a good one.`;
  if (length > MAX_PASSWORD_LENGTH)
    return `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

function derive(
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, keylen, options, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** Hashes a new password; throws WeakPasswordError when passwordProblem finds one. */
export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new WeakPasswordError(problem);
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = COST;
  const key = await derive(password, salt, KEY_BYTES, { N, r, p, maxmem: maxmem(N, r) });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Parses a stored hash; undefined when it is not one this module wrote. */
function parseHash(stored: string) {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^\d{1,8}$/.test(x ?? "") ? Number(x) : NaN));
  if (N === undefined || r === undefined || p === undefined) return undefined;
  // N must be a power of two above 1.
  if (!(N > 1 && N <= MAX_N && (N & (N - 1)) === 0)) return undefined;
  if (!(r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) return undefined;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const key = Buffer.from(parts[5] ?? "", "base64");
  if (salt.length === 0 || key.length < 16) return undefined;
  return { N, r, p, salt, key };
}

/**
 * Whether the password matches the stored hash. Compares in constant time; a stored value that is
 * not a valid hash never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH * 4) return false;
  const { N, r, p, salt, key } = parsed;
  const candidate = await derive(password, salt, key.length, { N, r, p, maxmem: maxmem(N, r) });
  return timingSafeEqual(candidate, key);
}

let dummy: Promise<string> | undefined;

/**
 * A valid hash of a random password, made once: logins for unknown usernames verify against it,
 * so they take as long as logins for known ones and do not reveal which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummy;
}
