// The one typed HTTP error and the one place that maps error codes to statuses. Domain code never
// sees HTTP; handlers throw ApiError with a stable code, and unknown faults become a bare 500.
import type { Context } from "hono";

export const ERROR_STATUS = {
  NOT_FOUND: 404,
  INVALID_REQUEST: 400,
  UNKNOWN_CLASS: 404,
  UNKNOWN_ROUND: 404,
  UNKNOWN_CHAMPIONSHIP: 404,
  ROUND_NOT_RACED: 409,
  INTERNAL: 500,
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
}

/** Turns any error into `{ error, message }` with its status; internals never leak on a 500. */
export function errorResponse(
  err: unknown,
  c: Context,
  log: (line: Record<string, unknown>) => void,
): Response {
  if (err instanceof ApiError)
    return c.json<ErrorBody>({ error: err.code, message: err.message }, err.status);
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
