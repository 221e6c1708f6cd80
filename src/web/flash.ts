// What a form did, told on the page it redirects to: `?done=<message>&sig=<HMAC>`. The message is
// composed by the route from what it did; the signature (this process's key, the user's name and
// the message) makes sure a link made by someone else, or for someone else, shows nothing: the
// page never says text that only the URL supplied. After a restart old links show nothing.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";

const KEY = randomBytes(32);

const signature = (username: string, message: string): string =>
  createHmac("sha256", KEY).update(`${username}\u0000${message}`).digest("base64url");

/** `path` with the signed message for `username` to see after the redirect. */
export function flashHref(path: string, message: string, username: string): string {
  const query = new URLSearchParams({ done: message, sig: signature(username, message) });
  return `${path}${path.includes("?") ? "&" : "?"}${query.toString()}`;
}

/** The message the request's URL carries, if its signature is right for the logged-in user. */
export function flashMessage(c: Context): string | undefined {
  const message = c.req.query("done");
  const sig = c.req.query("sig");
  const username = c.var.user?.username;
  if (message === undefined || sig === undefined || username === undefined) return undefined;
  const expected = Buffer.from(signature(username, message));
  const sent = Buffer.from(sig);
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? message : undefined;
}
