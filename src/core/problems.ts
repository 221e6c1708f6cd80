// A problem is an expected failure with a stable code, a message for people, and where it happened.

export const PROBLEM_CODES = [
  // bundle files
  "FILE_MISSING",
  "FILE_ENCODING",
  "FILE_TOO_LARGE",
  "BINARY_FILE",
  "UNKNOWN_LAYOUT",
  "MALFORMED_CSV",
  "MALFORMED_JSON",
  "MISSING_COLUMN",
  "UNKNOWN_COLUMN",
  "DUPLICATE_COLUMN",
  "EMPTY_FILE",
  // fields
  "MISSING_FIELD",
  "INVALID_FIELD",
  // references between parts of a season
  "UNKNOWN_CLASS",
  "UNKNOWN_TEAM",
  "UNKNOWN_CAR",
  "AMBIGUOUS_CAR",
  "UNKNOWN_DRIVER",
  "UNKNOWN_ROUND",
  "UNKNOWN_RACE",
  "UNKNOWN_ENTRY",
  "UNKNOWN_CHAMPIONSHIP",
  "UNKNOWN_SCALE",
  // consistency
  "DUPLICATE_ID",
  "IN_USE",
  "DUPLICATE_POSITION",
  "DUPLICATE_CLASS_POSITION",
  "DUPLICATE_CAR",
  "MIXED_CLASS_POSITIONS",
  "ROUND_NOT_RACED",
  // an imported classification's consistency (src/imports/check-classification.ts): warnings
  "POSITION_GAP",
  "CLASSIFIED_ZERO_LAPS",
  "LAPS_OUT_OF_ORDER",
  "TIME_OUT_OF_ORDER",
  "FASTEST_LAP_BEYOND_LAPS",
  // rules
  "INVALID_RULES",
  "UNSUPPORTED_RULES_VERSION",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

export function problem(
  code: ProblemCode,
  message: string,
  where: { file?: string; line?: number; field?: string } = {},
): Problem {
  return { code, message, ...where };
}

/** "file:line field: CODE message", the way every shell prints a problem. */
export function formatProblem(p: Problem): string {
  const place = [p.file, p.line !== undefined ? String(p.line) : undefined]
    .filter(Boolean)
    .join(":");
  const field = p.field ? ` [${p.field}]` : "";
  return `${place ? `${place}${field}: ` : field ? `${field.trim()}: ` : ""}${p.code} ${p.message}`;
}
