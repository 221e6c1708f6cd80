// The domain's words, defined once. Every enumeration is a const list with a derived union type,
// so a new value fails to compile wherever a switch over it is not yet exhaustive.

/** A round on the calendar is scheduled, was raced (completed) or was called off (cancelled). */
export const ROUND_STATUSES = ["scheduled", "completed", "cancelled"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/**
 * How a car's race ended, as the classification states it.
 * classified: took the flag and met the classification distance; not_classified: running at the
 * end but too far behind; dnf: retired; dsq: disqualified; dns: entered, did not start.
 */
export const FINISH_STATUSES = ["classified", "not_classified", "dnf", "dsq", "dns"] as const;
export type FinishStatus = (typeof FINISH_STATUSES)[number];

/** Who a championship ranks. */
export const CHAMPIONSHIP_KINDS = ["teams", "drivers", "manufacturers"] as const;
export type ChampionshipKind = (typeof CHAMPIONSHIP_KINDS)[number];

/**
 * When a bonus (pole, fastest lap, laps led) is paid to the car credited with it. placed: the car
 * holds a points position (today's default); classified: its status is classified, whatever its
 * position; anyFinish: whatever its finish, a retired car included (1950s fastest laps).
 */
export const BONUS_CONDITIONS = ["placed", "classified", "anyFinish", "always"] as const;
export type BonusCondition = (typeof BONUS_CONDITIONS)[number];

/**
 * The results a countback tie-break reads. placed: results holding a position in the
 * classification; scoring: results whose position scored points on the race's scale; classified: results whose status is classified; finishingOrder: every start,
 * the cars the classification does not place ranked after those it does, by laps completed.
 */
export const COUNTBACK_RESULTS = ["placed", "scoring", "classified", "finishingOrder"] as const;
export type CountbackResults = (typeof COUNTBACK_RESULTS)[number];

/**
 * The position a countback reads from a result. points: after points passed down (cars removed
 * by eligibility rules, or non-counting cars under nextCar, ahead of it let it move up);
 * classified: its position on the road as classified.
 */
export const COUNTBACK_POSITIONS = ["points", "classified"] as const;
export type CountbackPosition = (typeof COUNTBACK_POSITIONS)[number];

/**
 * What declaring one result ineligible for points does (a result's `ineligible` fact; the same
 * words as an eligibility rule's effect). moveUp: the car is removed before positions are counted,
 * so the cars behind move up; unawarded: it keeps its position and its points go to nobody.
 */
export const INELIGIBLE_EFFECTS = ["moveUp", "unawarded"] as const;
export type IneligibleEffect = (typeof INELIGIBLE_EFFECTS)[number];

/** Stewards' decisions a season records; each carries a reason. */
export const DECISION_KINDS = [
  "disqualify",
  "time_penalty",
  "position_penalty",
  "reinstate",
  "deduct_points",
  "exclude_from_championship",
  "wipe_points",
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** A race's results are provisional until the organiser publishes them official. */
export const RESULT_STATUSES = ["provisional", "official"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** Markers shown beside a round's points in a standings table. */
export const CELL_MARKERS = [
  "counted", // scored and counted
  "dropped", // scored, but not among the results that count (best-N rules)
  "no_points", // took part, outside the points or withheld
  "not_classified",
  "dnf",
  "dsq",
  "dns",
  "excluded", // the round does not count for this championship
] as const;
export type CellMarker = (typeof CELL_MARKERS)[number];

/** Output formats every CLI listing offers. */
export const OUTPUT_FORMATS = ["table", "json", "csv", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
