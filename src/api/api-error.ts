// The one typed HTTP error and the one place that maps error codes to statuses. Domain code never
// sees HTTP; handlers throw ApiError with a stable code, and unknown faults become a bare 500.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Problem } from "../core/problems.js";
import { LiveFeedElsewhereError } from "../live/live-bus.js";
import { RaceOfficialError } from "../service/live-races.js";
import { BusyError, NotFoundError, ProblemsError } from "../service/service-errors.js";
import { VersionConflictError } from "../store/season-store.js";

export const ERROR_STATUS = {
  NOT_FOUND: 404,
  INVALID_REQUEST: 400,
  UNKNOWN_CLASS: 404,
  UNKNOWN_ROUND: 404,
  UNKNOWN_CHAMPIONSHIP: 404,
  ROUND_NOT_RACED: 409,
  RACE_OFFICIAL: 409,
  LIVE_FEED_ELSEWHERE: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INVALID_INPUT: 422,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
  BUSY: 503,
} as const;
export type ApiErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
  get status(): (typeof ERROR_STATUS)[ApiErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  /** INVALID_INPUT: every problem, with its file, line and field. */
  readonly problems?: readonly Problem[];
  /** CONFLICT: the season's version now, to reload from. */
  readonly currentVersion?: string | null;
}

/** Turns any error into `{ error, message }` with its status; internals never leak on a 500. */
export function errorResponse(
  err: unknown,
  c: Context,
  log: (line: Record<string, unknown>) => void,
): Response {
  if (err instanceof ApiError)
    return c.json<ErrorBody>({ error: err.code, message: err.message }, err.status);
  // The service's expected failures, mapped here and nowhere else.
  if (err instanceof ProblemsError)
    return c.json<ErrorBody>(
      { error: "INVALID_INPUT", message: err.message, problems: err.problems },
      ERROR_STATUS.INVALID_INPUT,
    );
  if (err instanceof VersionConflictError)
    return c.json<ErrorBody>(
      { error: "CONFLICT", message: err.message, currentVersion: err.currentVersion },
      ERROR_STATUS.CONFLICT,
    );
  // Hono's own (e.g. a body too large or of a type a route refuses): its status, our shape.
  if (err instanceof HTTPException)
    return c.json<ErrorBody>(
      { error: err.status === 415 ? "INVALID_REQUEST" : "HTTP_ERROR", message: err.message },
      err.status,
    );
  if (err instanceof RaceOfficialError)
    return c.json<ErrorBody>({ error: err.code, message: err.message }, ERROR_STATUS.RACE_OFFICIAL);
  // Two nodes fed the same round (several nodes: docs/live.md, "Several nodes").
  if (err instanceof LiveFeedElsewhereError)
    return c.json<ErrorBody>(
      { error: err.code, message: err.message },
      ERROR_STATUS.LIVE_FEED_ELSEWHERE,
    );
  if (err instanceof NotFoundError)
    return c.json<ErrorBody>({ error: "NOT_FOUND", message: err.message }, ERROR_STATUS.NOT_FOUND);
  if (err instanceof BusyError) {
    c.header("Retry-After", "60");
    return c.json<ErrorBody>({ error: "BUSY", message: err.message }, ERROR_STATUS.BUSY);
  }
  // decodeURIComponent on a malformed %-escape the URL guard did not see: the request's fault.
  if (err instanceof URIError)
    return c.json<ErrorBody>(
      { error: "INVALID_REQUEST", message: "The request has a malformed %-escape." },
      ERROR_STATUS.INVALID_REQUEST,
    );
  log({
    level: "error",
    msg: "unhandled error",
    path: c.req.path,
    error: err instanceof Error ? err.stack : String(err),
  });
  return c.json<ErrorBody>(
    { error: "INTERNAL", message: "Something went wrong on the server; it has been logged." },
    500,
  );
}
