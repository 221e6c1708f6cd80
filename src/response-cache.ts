// Whole-response caching for reads: a GET's body is kept per (content version, URL) and served
// again until the season changes; its ETag is a hash of the body, and a matching If-None-Match is
// answered 304 before anything is computed. Bounded, least recently used first out.
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";

interface Cached {
  /** Encoded once: sending bytes spares a UTF-8 encoding per answer. */
  readonly body: Uint8Array;
  readonly etag: string;
  /** The response's headers, ETag included. */
  readonly headers: Readonly<Record<string, string>>;
}

const CACHEABLE = /^(application\/json|text\/html|text\/csv|text\/calendar|image\/svg\+xml)/;

/** `versionOf(path)` names the content a path shows; undefined when the path is not cached. */
export function responseCache(
  versionOf: (path: string) => Promise<string | undefined>,
  capacity = 512,
): MiddlewareHandler {
  const cache = new Map<string, Cached>();
  const answer = (hit: Cached, ifNoneMatch: string | undefined): Response => {
    const matches =
      ifNoneMatch !== undefined &&
      ifNoneMatch.split(",").some((t) => t.trim() === hit.etag || t.trim() === `W/${hit.etag}`);
    return matches
      ? new Response(null, {
          status: 304,
          headers: { etag: hit.etag, "cache-control": hit.headers["cache-control"] ?? "" },
        })
      : new Response(hit.body, { status: 200, headers: hit.headers });
  };
  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    const version = await versionOf(c.req.path);
    if (version === undefined) return next();
    const url = c.req.url;
    const at = url.indexOf("/", url.indexOf("//") + 2); // path and query, without scheme and host
    const key = `${version}\u0000${at < 0 ? "/" : url.slice(at)}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key); // keep the most recently used last
      cache.set(key, hit);
      c.res = answer(hit, c.req.header("If-None-Match"));
      return;
    }
    await next();
    const type = c.res.headers.get("Content-Type") ?? "";
    if (c.res.status !== 200 || !CACHEABLE.test(type)) return;
    // A per-user answer (audit log, admin pages) is never kept for others, whatever its path.
    if (/no-store|private/i.test(c.res.headers.get("Cache-Control") ?? "")) return;
    const body = await c.res.text();
    const headers: Record<string, string> = {};
    // Header names come lower-cased from the Headers object.
    c.res.headers.forEach((v, k) => {
      if (k !== "etag" && k !== "content-length") headers[k] = v;
    });
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    const entry: Cached = { body: Buffer.from(body, "utf8"), etag, headers: { ...headers, etag } };
    cache.set(key, entry);
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
    c.res = answer(entry, c.req.header("If-None-Match"));
  };
}
