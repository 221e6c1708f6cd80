// Expected failures of the write use cases, typed so each shell maps them once (HTTP in
// api-error.ts, exit codes in the CLI). Version conflicts come from the store
// (VersionConflictError) and pass through unchanged.
import type { Problem } from "../core/problems.js";

/** The request names a season, race or round that does not exist. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** The input has problems (each with its file, line and field); nothing was written. */
export class ProblemsError extends Error {
  constructor(
    message: string,
    readonly problems: readonly Problem[],
  ) {
    super(message);
    this.name = "ProblemsError";
  }
}

/**
 * The input is valid but has warnings nobody confirmed having checked (each a problem with its
 * file, line and field); nothing was written. Sent again with the warnings accepted, it writes.
 */
export class UnconfirmedWarningsError extends ProblemsError {
  constructor(message: string, warnings: readonly Problem[]) {
    super(message, warnings);
    this.name = "UnconfirmedWarningsError";
  }
}

/** The server has too much of this kind of work waiting: nothing was done; try again later. */
export class BusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BusyError";
  }
}
