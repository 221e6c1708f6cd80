// Request bodies: how large each route's may be (the one route -> limit policy), and how an
// upload is read. An upload (up to 40 MB) is copied into shared memory chunk by chunk as it
// streams in and parsed there in place: this thread never makes a whole copy of it in one go (on
// a small machine that alone costs ~100 ms), and the import worker reads the same memory.
import type { Context } from "hono";
import { ApiError } from "./api/api-error.js";
import { MAX_IMPORT_BYTES } from "./imports/decode-text.js";

/** What a request body may weigh, by kind of route. */
export const BODY_LIMITS = {
  /** Login, account, users and every ordinary admin form or JSON write. */
  form: 16 * 1024,
  /** A document written whole: a new season, a points-rules document, rounds in bulk. */
  document: 1024 * 1024,
  /** A timing feed post: a tick's laps (paddock-live/1 JSON or Al Kamel lines). */
  feed: 1024 * 1024,
  /** A file with its form: a classification to import, an entry list (uploads only). */
  upload: MAX_IMPORT_BYTES + 64 * 1024,
} as const;
export type BodyKind = keyof typeof BODY_LIMITS;

const SEGMENT = "[^/]+";
const route = (method: string, pattern: string, kind: BodyKind) => ({
  method,
  path: new RegExp(`^${pattern.replaceAll(":id", SEGMENT)}$`),
  kind,
});

/** The routes that take more than a form; every other body is a form (BODY_LIMITS.form). */
const ROUTE_BODIES = [
  route("POST", "/admin/seasons/:id/races/:id/import", "upload"),
  route("POST", "/admin/seasons/:id/entry-list", "upload"),
  route("POST", "/admin/seasons/:id/entry-list/commit", "upload"),
  route("POST", "/api/seasons/:id/races/:id/results/preview", "upload"),
  route("PUT", "/api/seasons/:id/races/:id/results", "upload"),
  route("POST", "/api/seasons/:id/entry-list/preview", "upload"),
  route("POST", "/api/seasons/:id/entry-list", "upload"),
  route("POST", "/admin/seasons/new", "document"),
  route("POST", "/admin/seasons/:id/rules", "document"),
  route("POST", "/api/seasons", "document"),
  route("PUT", "/api/seasons/:id/rules", "document"),
  route("POST", "/api/seasons/:id/rounds/bulk", "document"),
  route("POST", "/api/seasons/:id/rounds/:id/live", "feed"),
] as const;

/** The kind of body a request's route takes (by method and path). */
export function bodyKindOf(method: string, path: string): BodyKind {
  return ROUTE_BODIES.find((r) => r.method === method && r.path.test(path))?.kind ?? "form";
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes / 1024} KB`;
}

/** 413 PAYLOAD_TOO_LARGE, naming the route's limit. */
export function tooLarge(kind: BodyKind): ApiError {
  const what = {
    form: `A form or request body here may be at most ${kb(BODY_LIMITS.form)} (files go to the upload pages and routes)`,
    document: `A season or rules document may be at most ${kb(BODY_LIMITS.document)}`,
    feed: `A timing feed post may be at most ${kb(BODY_LIMITS.feed)}: send the laps in smaller batches`,
    upload: `An uploaded file may be at most ${kb(MAX_IMPORT_BYTES)}`,
  }[kind];
  return new ApiError("PAYLOAD_TOO_LARGE", `${what}; this request is larger. Nothing was written.`);
}

/**
 * The request's body, copied chunk by chunk as it streams in into shared memory (which the import
 * worker reads without a copy); 413 once it passes `limit` bytes, declared or not.
 */
export async function readSharedBody(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header("Content-Length") ?? Number.NaN);
  if (declared > limit) throw tooLarge("upload");
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  // Pages of a SharedArrayBuffer are only touched where written: reserving the limit costs nothing.
  let memory = new Uint8Array(new SharedArrayBuffer(Number.isInteger(declared) ? declared : limit));
  let size = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.length > limit) throw tooLarge("upload");
      if (size + value.length > memory.length) {
        // More than declared (not over HTTP/1.1, whose parser stops at the length): grow once.
        const grown = new Uint8Array(new SharedArrayBuffer(limit));
        grown.set(memory.subarray(0, size));
        memory = grown;
      }
      memory.set(value, size);
      size += value.length;
    }
  } finally {
    reader.releaseLock();
  }
  return memory.subarray(0, size);
}

/** A file of a multipart upload: its bytes stay in the shared memory the body was read into. */
export interface UploadedFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by the form guard on upload routes: the files of a multipart body, by field name. */
    uploads: ReadonlyMap<string, UploadedFile> | undefined;
  }
}

/** The file sent in a multipart upload's field, if any (and not empty). */
export function uploadedFile(c: Context, field: string): UploadedFile | undefined {
  const file = c.var.uploads?.get(field);
  return file && file.bytes.length > 0 ? file : undefined;
}

const MAX_PARTS = 100;
const MAX_PART_HEADER_BYTES = 8 * 1024;

function malformed(why: string): ApiError {
  return new ApiError("INVALID_REQUEST", `The form's body cannot be read: ${why}.`);
}

/** A Content-Disposition parameter (name="…", filename="…"), quoted or not. */
function parameter(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i").exec(
    header,
  );
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2];
}

/**
 * A multipart/form-data body (RFC 7578) split into its fields and files. Only the delimiters are
 * searched (native indexOf); a file's bytes are a view of the body, not a copy. At most 100 parts,
 * each with at most 8 KB of headers; anything malformed is a 400.
 */
export function parseMultipart(
  body: Uint8Array,
  contentType: string,
): { fields: [string, string][]; files: Map<string, UploadedFile> } {
  const boundary = parameter(`;${contentType.split(";").slice(1).join(";")}`, "boundary");
  if (!boundary || boundary.length > 200) throw malformed("a multipart body needs its boundary");
  const buf = Buffer.from(body.buffer, body.byteOffset, body.length);
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: [string, string][] = [];
  const files = new Map<string, UploadedFile>();
  let at = buf.indexOf(first);
  // The first boundary opens the body, or a line after a preamble.
  if (at < 0 || (at > 0 && (buf[at - 2] !== 0x0d || buf[at - 1] !== 0x0a)))
    throw malformed("no part starts with the boundary");
  at += first.length;
  for (let parts = 0; ; parts++) {
    if (buf[at] === 0x2d && buf[at + 1] === 0x2d) break; // "--": the closing delimiter
    while (buf[at] === 0x20 || buf[at] === 0x09) at++; // transport padding
    if (buf[at] !== 0x0d || buf[at + 1] !== 0x0a)
      throw malformed("a boundary is not followed by a line break");
    if (parts >= MAX_PARTS) throw malformed(`more than ${MAX_PARTS} parts`);
    const start = at + 2;
    const headersEnd = buf.indexOf("\r\n\r\n", start);
    const headerBytes = headersEnd < 0 ? Number.POSITIVE_INFINITY : headersEnd - start;
    if (headerBytes > MAX_PART_HEADER_BYTES) throw malformed("a part's headers do not end");
    const headers = buf.toString("utf8", start, headersEnd).split("\r\n");
    const header = (name: string) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    const disposition = header("content-disposition");
    const name = disposition === undefined ? undefined : parameter(disposition, "name");
    if (name === undefined || !/^form-data\s*(;|$)/i.test(disposition ?? ""))
      throw malformed("a part is not a form field (Content-Disposition: form-data; name=…)");
    const dataStart = headersEnd + 4;
    const end = buf.indexOf(delimiter, dataStart);
    if (end < 0) throw malformed("the body ends inside a part");
    const filename = parameter(disposition ?? "", "filename");
    if (filename !== undefined)
      files.set(name, {
        name: filename,
        type: header("content-type") ?? "application/octet-stream",
        bytes: body.subarray(dataStart, end),
      });
    else fields.push([name, buf.toString("utf8", dataStart, end)]);
    at = end + delimiter.length;
  }
  return { fields, files };
}

/**
 * Reads an upload route's form (multipart or urlencoded) as it streams in, within the upload
 * limit: its fields become the form hono's parseBody() gives the route (and the CSRF check), its
 * files `c.var.uploads` (uploadedFile()).
 */
export async function readUploadForm(c: Context, multipart: boolean): Promise<void> {
  const body = await readSharedBody(c, BODY_LIMITS.upload);
  const form = new FormData();
  if (multipart) {
    const { fields, files } = parseMultipart(body, c.req.header("Content-Type") ?? "");
    for (const [name, value] of fields) form.append(name, value);
    c.set("uploads", files);
  } else {
    const text = Buffer.from(body.buffer, body.byteOffset, body.length).toString("utf8");
    for (const [name, value] of new URLSearchParams(text)) form.append(name, value);
  }
  // What hono's parseBody() reads first (bodyCache holds promises, whatever its type says).
  (c.req.bodyCache as { formData?: Promise<FormData> }).formData = Promise.resolve(form);
}
