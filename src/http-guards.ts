// Guards every request goes through, whatever route it names: the security headers of every answer,
// a URL whose %-escapes do not decode (400), a body larger than its route takes (413), and a form
// body that cannot be parsed (400).
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { ApiError } from "./api/api-error.js";
import { BODY_LIMITS, bodyKindOf, readUploadForm, tooLarge } from "./http-body.js";
import type { BodyKind } from "./http-body.js";

/**
 * The Content-Security-Policy of every answer. Pages run no script (none is inline; same-origin
 * files only, should one come); styles are an inline <style> block and style="" attributes; the
 * standings chart is an SVG image from this site. No other site may frame a page, forms post
 * only here, and a <base> element cannot redirect relative links.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
} as const;

/**
 * hono/secure-headers: the CSP above, X-Content-Type-Options: nosniff, X-Frame-Options: DENY,
 * Referrer-Policy: same-origin (not no-referrer: browsers then send "Origin: null" on form
 * posts, which the CSRF origin check refuses), HSTS without includeSubDomains (ignored over http).
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: [...CONTENT_SECURITY_POLICY.defaultSrc],
      imgSrc: [...CONTENT_SECURITY_POLICY.imgSrc],
      styleSrc: [...CONTENT_SECURITY_POLICY.styleSrc],
      objectSrc: [...CONTENT_SECURITY_POLICY.objectSrc],
      frameAncestors: [...CONTENT_SECURITY_POLICY.frameAncestors],
      baseUri: [...CONTENT_SECURITY_POLICY.baseUri],
      formAction: [...CONTENT_SECURITY_POLICY.formAction],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    strictTransportSecurity: "max-age=15552000",
  });
}

/** Whether every %-escape of the text decodes (to UTF-8). */
function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** 400 INVALID_REQUEST for a URL (path or query) with a malformed %-escape (`%ZZ`, `%E0%80%AF`). */
export function wellFormedUrl(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const at = url.indexOf("/", url.indexOf("//") + 2); // path and query, without scheme and host
    const rest = at < 0 ? "" : url.slice(at);
    if (rest.includes("%") && !decodes(rest.split("#")[0] ?? ""))
      throw new ApiError(
        "INVALID_REQUEST",
        "The URL has a malformed %-escape (each % is followed by two hex digits of UTF-8).",
      );
    await next();
  };
}

/**
 * 413 PAYLOAD_TOO_LARGE for a body larger than its route takes (BODY_LIMITS, by bodyKindOf):
 * refused by its declared length before it is read, or counted as it streams in. Upload bodies
 * are counted by their reader (readSharedBody), which never buffers them whole on this thread.
 */
export function bodyLimits(): MiddlewareHandler {
  const limited = (kind: BodyKind) =>
    bodyLimit({
      maxSize: BODY_LIMITS[kind],
      onError: () => {
        throw tooLarge(kind);
      },
    });
  const guards = { form: limited("form"), document: limited("document"), feed: limited("feed") };
  return async (c, next) => {
    const kind = bodyKindOf(c.req.method, c.req.path);
    if (kind !== "upload") return guards[kind](c, next);
    if (Number(c.req.header("Content-Length") ?? 0) > BODY_LIMITS.upload) throw tooLarge(kind);
    await next();
  };
}

const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * 400 INVALID_REQUEST for a form post whose body cannot be parsed (multipart without a boundary
 * or with garbage between them). Parses it once, here; hono keeps the parsed form for the route.
 * An upload route's form is read as it streams in and split in place (readUploadForm), so a
 * 40 MB file never stalls the other requests.
 */
export function parsedForm(): MiddlewareHandler {
  return async (c, next) => {
    const type = FORM_TYPE.exec(c.req.header("Content-Type") ?? "");
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && type) {
      if (bodyKindOf(c.req.method, c.req.path) === "upload") {
        await readUploadForm(c, type[1]?.toLowerCase() === "multipart/form-data");
        return next();
      }
      const parsed = await c.req.parseBody().then(
        () => true,
        () => false,
      );
      if (!parsed)
        throw new ApiError(
          "INVALID_REQUEST",
          "The form's body cannot be read (a multipart body needs its boundary and well-formed parts).",
        );
    }
    await next();
  };
}
