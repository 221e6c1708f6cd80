// Random identifiers and secrets, and the hashes secrets are stored as. A session id or an API
// token is a bearer credential: the database keeps only its SHA-256, so a copy of the database
// (a backup, a leaked dump) lets no one log in.
import { createHash, randomBytes } from "node:crypto";

/** API tokens start with this, so they are easy to recognise in a script or a secret scanner. */
export const API_TOKEN_PREFIX = "pdk_";

/** `bytes` random bytes as base64url text (32 bytes: 43 characters, 256 bits). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** An identifier for a row (user, token, event): random, not guessable, 22 characters. */
export function randomId(): string {
  return randomSecret(16);
}

/** A new session id, for the cookie only. */
export function newSessionId(): string {
  return randomSecret(32);
}

/** A new API token: `pdk_` and 256 random bits. */
export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomSecret(32);
}

/** A new CSRF token for a session. */
export function newCsrfToken(): string {
  return randomSecret(32);
}

/** Whether text has the shape of an API token (not whether it is a valid one). */
export function looksLikeApiToken(text: string): boolean {
  return /^pdk_[A-Za-z0-9_-]{20,200}$/.test(text);
}

/** The SHA-256 of a secret, as the store keeps it (hex). */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
