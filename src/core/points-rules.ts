// The points-rules language: a plain, versioned JSON document, validated here. It says how a
// classification turns into points for each championship; the engine holds no series' rules.
// The JSON Schema in docs/schema/ is generated from this schema (npm run schema).
import { z } from "zod";
import {
  BONUS_CONDITIONS,
  CHAMPIONSHIP_KINDS,
  COUNTBACK_POSITIONS,
  COUNTBACK_RESULTS,
  FINISH_STATUSES,
} from "./vocabulary.js";
import type { BonusCondition, CountbackPosition, CountbackResults } from "./vocabulary.js";
import { int, parsePoints, ZERO } from "./points.js";
import type { Points } from "./points.js";
import { problem } from "./problems.js";
import type { Problem } from "./problems.js";
import { err, ok } from "./result.js";
import type { Result } from "./result.js";

export const RULES_FORMAT = "paddock-rules/1";

const pointsValue = z
  .union([z.number(), z.string()])
  .describe('points: a number, a decimal ("0.5") or a fraction ("1/7")');

const roundSelector = z
  .object({
    only: z.array(z.number().int().min(1)).optional().describe("these round numbers only"),
    except: z.array(z.number().int().min(1)).optional().describe("every round but these"),
  })
  .strict();

const effect = z
  .enum(["unawarded", "moveUp"])
  .describe(
    "unawarded: the car keeps its position and its points go to nobody; moveUp: the car is removed and the cars behind move up",
  );

const eligibilityRule = z.discriminatedUnion("rule", [
  z
    .object({
      rule: z.literal("minDistance"),
      fraction: pointsValue.describe(
        'share of the reference laps a car must complete, e.g. "7/10"',
      ),
      of: z.enum(["classWinner", "overallWinner"]),
      effect,
    })
    .strict(),
  z
    .object({
      rule: z.literal("status"),
      statuses: z
        .array(z.enum(FINISH_STATUSES))
        .min(1)
        .describe("finish statuses that score nothing"),
      effect,
    })
    .strict(),
  z
    .object({ rule: z.literal("ineligibleEntries"), effect })
    .strict()
    .describe("entries declared ineligible for points"),
]);

const bonus = z
  .object({
    kind: z.enum(["pole", "fastestLap", "mostLapsLed", "lapLed"]),
    points: pointsValue,
    onlyIfTop: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("only if the car's points position is at most this"),
    minLapsLed: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("lapLed: laps a car must lead to earn it (default 1)"),
    paidIf: z
      .enum(BONUS_CONDITIONS)
      .optional()
      .describe(
        "placed (default): the car holds a points position (placed, not withheld by an eligibility rule, a counting car); classified: its status is classified; anyFinish: whatever its finish, retired included, but not disqualified; always: a disqualified car too. A car declared ineligible never earns a bonus",
      ),
    credit: z
      .enum(["car", "driver"])
      .optional()
      .describe(
        "car (default): the car earns it, shared by its drivers like its points; driver: the driver the result names as having set the fastest lap earns it whole",
      ),
    carToo: z
      .boolean()
      .optional()
      .describe(
        "credit driver: whether teams' and manufacturers' championships still get it (default true)",
      ),
    rounds: roundSelector.optional(),
  })
  .strict()
  .describe(
    "pole, fastest lap and most laps led are split equally between the cars credited with them",
  );

const dropWindow = z
  .object({
    from: z.number().int().min(1).describe("first round of the window"),
    to: z.number().int().min(1).describe("last round of the window"),
    best: z.number().int().min(0).describe("results counted in the window"),
  })
  .strict();

const countback = z
  .object({
    rule: z.literal("countback"),
    over: z
      .enum(COUNTBACK_RESULTS)
      .optional()
      .describe(
        "results read: placed (default): results holding a position; scoring: results whose position scored points; classified: results with status classified; finishingOrder: every start, unplaced cars after the placed ones by laps completed",
      ),
    withheld: z
      .boolean()
      .optional()
      .describe(
        "true: results whose points were withheld (eligibility rules, non-counting cars) are read too (default false)",
      ),
    position: z
      .enum(COUNTBACK_POSITIONS)
      .optional()
      .describe(
        "points (default): the position after points passed down (cars removed ahead moved up); classified: the position on the road, as classified",
      ),
  })
  .strict()
  .describe("most wins, then most second places, ...: the positions read, best first");

const tieBreak = z.union([
  z
    .enum(["countback", "latestResult", "earliestResults", "previousRound"])
    .describe(
      "latestResult: the better result in the latest race where they differ; earliestResults: the points-scoring results compared best place first, the one taken in an earlier round ahead; previousRound: the order of the table after the previous round, competitors with points there ahead",
    ),
  countback,
  z
    .object({
      rule: z.literal("statedOrder"),
      order: z
        .array(z.string().min(1))
        .min(1)
        .describe("competitor ids (or names), first ranked ahead; others stay level"),
    })
    .strict()
    .describe("a last resort stated by the rules: competitors still level ranked in this order"),
]);

const championship = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(1),
    kind: z.enum(CHAMPIONSHIP_KINDS),
    perClass: z
      .boolean()
      .default(true)
      .describe("one table per championship class, or one table for all classes"),
    classes: z
      .array(z.string())
      .optional()
      .describe("championship classes ranked (default: every championship class)"),
    scale: z
      .string()
      .optional()
      .describe("this championship's default scale (default: the document's)"),
    rounds: roundSelector.optional().describe("rounds that count for this championship"),
    counting: z
      .object({
        cars: z.union([
          z.literal("all"),
          z.literal("best"),
          z.object({ best: z.number().int().min(1) }).strict(),
        ]),
        nonCounting: z
          .enum(["unawarded", "nextCar"])
          .optional()
          .describe(
            "unawarded (default): positions of non-counting cars keep their points from everyone; nextCar (teams and manufacturers): they are removed and the next cars move up",
          ),
      })
      .strict()
      .optional()
      .describe(
        "which of a competitor's cars score in a race: a team's or manufacturer's best cars, or the cars a driver drove in one race (his best-placed ones)",
      ),
    sharedDrives: z
      .enum(["full", "split", "first", "none"])
      .optional()
      .describe(
        "drivers: each driver of a car gets full points, an equal share, only the first listed, or none (solo drives only); teams and manufacturers: full (default) or none (a car driven by more than one driver scores nothing for them)",
      ),
    minParticipation: z
      .object({
        races: z.number().int().min(1).optional().describe("races started"),
        classified: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("classified finishes (status classified)"),
        below: z
          .enum(["listed", "omitted"])
          .optional()
          .describe(
            "drivers below the minimum: listed unranked after the ranked (default) or left out of the table",
          ),
      })
      .strict()
      .optional()
      .describe("drivers: what it takes to be ranked (races started, classified finishes)"),
    bonuses: z.array(bonus).optional(),
    drop: z
      .object({
        unit: z
          .enum(["round", "race", "result"])
          .default("round")
          .describe(
            "what best-N counts: a round (all its races), a race, or a result (each car a driver drove in a race on its own)",
          ),
        best: z.number().int().min(0).optional().describe("best N results over the season"),
        windows: z.array(dropWindow).optional().describe("best N within each window of rounds"),
      })
      .strict()
      .optional(),
    excluded: z
      .object({
        points: z
          .enum(["shown", "hidden"])
          .describe("shown (default): an excluded competitor's points are printed; hidden: not"),
      })
      .strict()
      .optional()
      .describe(
        "competitors excluded from the championship by a stewards' decision: listed last, unranked, marked EX",
      ),
    listed: z
      .enum(["all", "scorers"])
      .optional()
      .describe(
        "who the table lists: every competitor with a result (default), or only those who scored points (as Formula One's tables up to the 1990s); an excluded competitor is always listed",
      ),
    cells: z
      .enum(["points", "positions"])
      .optional()
      .describe(
        "what a standings table's round cells show: the points scored (default, as ALMS published) or the finishing position, Ret/DSQ/DNS/NC, as Formula 1 tables do",
      ),
    tieBreaks: z
      .array(tieBreak)
      .optional()
      .describe(
        'applied in order (default ["countback"]); competitors still level share the position',
      ),
    levelRows: z
      .enum(["name", "earliestResults", "previousRound"])
      .optional()
      .describe(
        "how the rows of competitors sharing a place are listed (the place stays shared): by name (default); earliestResults: by their points-scoring results, best place first, the one that took it in an earlier round listed first, co-drivers of one car in the car's order; previousRound: in the order of the table after the previous round, those without points there after the others, as earliestResults lists them (as Formula One's published tables list them)",
      ),
  })
  .strict();

type TieBreakInput = z.output<typeof tieBreak>;

/** The default countback: placed results, withheld ones left out, positions after points passed down. */
const DEFAULT_COUNTBACK: Countback = {
  over: "placed",
  withheld: false,
  position: "points",
  slot: -1,
};

function tieBreaksOf(input: readonly TieBreakInput[]): {
  tieBreaks: TieBreak[];
  countbacks: Countback[];
} {
  const countbacks: Countback[] = [];
  const tieBreaks = input.map((tb): TieBreak => {
    if (tb === "latestResult" || tb === "earliestResults" || tb === "previousRound")
      return { rule: tb };
    if (tb === "countback") return { rule: "countback", countback: DEFAULT_COUNTBACK };
    if (tb.rule === "statedOrder") return { rule: "statedOrder", order: tb.order };
    const over = tb.over ?? "placed";
    const withheld = tb.withheld ?? false;
    const position = tb.position ?? "points";
    if (over === "placed" && !withheld && position === "points")
      return { rule: "countback", countback: DEFAULT_COUNTBACK };
    const cb = { over, withheld, position, slot: countbacks.length };
    countbacks.push(cb);
    return { rule: "countback", countback: cb };
  });
  return { tieBreaks, countbacks };
}

export const rulesDocumentSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(RULES_FORMAT),
    id: z.string().min(1),
    name: z.string().min(1),
    version: z.number().int().min(1).describe("the rules document's own revision"),
    description: z.string().optional(),
    scales: z
      .record(z.string(), z.array(pointsValue).min(1))
      .describe("points per position: first entry for P1"),
    defaultScale: z.string(),
    classMap: z
      .record(z.string(), z.string())
      .optional()
      .describe("raced class -> championship class it scores in (2003: LMGTP -> LMP900)"),
    eligibility: z.array(eligibilityRule).optional(),
    races: z
      .array(
        z
          .object({
            round: z.number().int().min(1),
            race: z
              .string()
              .optional()
              .describe("one race of the round (default: every race of it)"),
            championships: z.array(z.string()).optional().describe("default: every championship"),
            scale: z.string().optional(),
            multiplier: pointsValue.optional().describe('e.g. "1/2" for half points, 2 for double'),
            bonuses: z
              .boolean()
              .optional()
              .describe("false switches bonus points off for this race"),
            countback: z
              .boolean()
              .optional()
              .describe(
                "false: no countback reads this race's results (Formula One's sprints: ties are broken on Grand Prix results)",
              ),
          })
          .strict(),
      )
      .optional()
      .describe("per-round or per-race overrides"),
    shortRaces: z
      .array(
        z
          .object({
            below: pointsValue
              .optional()
              .describe('share of the scheduled laps the leader completed, e.g. "3/4"'),
            belowLaps: z
              .number()
              .int()
              .min(1)
              .optional()
              .describe("laps the leader completed, e.g. 2"),
            championships: z.array(z.string()).optional().describe("default: every championship"),
            scale: z.string().optional(),
            multiplier: pointsValue.optional().describe('e.g. "1/2" for half points'),
            bonuses: z.boolean().optional(),
          })
          .strict(),
      )
      .optional()
      .describe(
        "points of a race cut short, by the distance the leader completed: the first band the race falls below applies (list the shortest first); a race's own override in races wins",
      ),
    championships: z.array(championship).min(1),
  })
  .strict();

export type RulesDocumentInput = z.input<typeof rulesDocumentSchema>;
type RulesDocumentParsed = z.output<typeof rulesDocumentSchema>;

export type Effect = "unawarded" | "moveUp";

export type EligibilityRule =
  | {
      readonly rule: "minDistance";
      readonly fraction: Points;
      readonly of: "classWinner" | "overallWinner";
      readonly effect: Effect;
    }
  | { readonly rule: "status"; readonly statuses: readonly string[]; readonly effect: Effect }
  | { readonly rule: "ineligibleEntries"; readonly effect: Effect }
  /** Not written in a rules document: a result declared ineligible, with the result's effect. */
  | { readonly rule: "ineligibleResult"; readonly effect: Effect };

export interface RoundSelector {
  readonly only?: readonly number[];
  readonly except?: readonly number[];
}

export interface Bonus {
  readonly kind: "pole" | "fastestLap" | "mostLapsLed" | "lapLed";
  readonly points: Points;
  readonly onlyIfTop: number | null;
  readonly minLapsLed: number;
  readonly paidIf: BonusCondition;
  readonly credit: "car" | "driver";
  readonly carToo: boolean;
  readonly rounds: RoundSelector | null;
}

export interface Championship {
  readonly id: string;
  readonly name: string;
  readonly kind: (typeof CHAMPIONSHIP_KINDS)[number];
  readonly perClass: boolean;
  readonly classes: readonly string[] | null;
  readonly scale: string;
  readonly rounds: RoundSelector | null;
  readonly counting: {
    readonly best: number | null;
    readonly nonCounting: "unawarded" | "nextCar";
  };
  readonly sharedDrives: "full" | "split" | "first" | "none";
  /** Drivers: races started and classified finishes needed to be ranked; below them, listed or not. */
  readonly minParticipation: number;
  readonly minClassified: number;
  readonly belowMinimum: "listed" | "omitted";
  readonly bonuses: readonly Bonus[];
  readonly drop: {
    readonly unit: "round" | "race" | "result";
    readonly best: number | null;
    readonly windows: readonly {
      readonly from: number;
      readonly to: number;
      readonly best: number;
    }[];
  } | null;
  readonly tieBreaks: readonly TieBreak[];
  /** How rows sharing a place are listed: by name, or by who took their scoring results first. */
  readonly levelRows: "name" | "earliestResults" | "previousRound";
  /** How competitors excluded by a stewards' decision are listed: last, EX, points shown or not. */
  readonly excluded: { readonly points: "shown" | "hidden" };
  /** What the published table's round cells show: points scored, or finishing positions. */
  readonly cells: "points" | "positions";
  /** Who the table lists: everyone with a result, or only those who scored points. */
  readonly listed: "all" | "scorers";
  /** The countbacks other than the default one, each reading its own list (Tally.countbacks). */
  readonly countbacks: readonly Countback[];
}

/** A countback: which results it reads and which of their positions. */
export interface Countback {
  readonly over: CountbackResults;
  readonly withheld: boolean;
  readonly position: CountbackPosition;
  /** Index of its list in Tally.countbacks; -1 for the default (Tally.finishes). */
  readonly slot: number;
}

export type TieBreak =
  | { readonly rule: "countback"; readonly countback: Countback }
  | { readonly rule: "latestResult" | "earliestResults" | "previousRound" }
  | { readonly rule: "statedOrder"; readonly order: readonly string[] };

export interface RaceOverride {
  readonly round: number;
  readonly race: string | null;
  readonly championships: readonly string[] | null;
  readonly scale: string | null;
  readonly multiplier: Points | null;
  readonly bonuses: boolean | null;
  /** false: countbacks do not read the race's results. */
  readonly countback: boolean | null;
}

/** The points of a race cut short: paid when the leader completed less than the bound. */
export interface ShortRaceBand {
  /** Share of the scheduled laps, or (null) a number of laps. */
  readonly below: Points | null;
  readonly belowLaps: number | null;
  readonly championships: readonly string[] | null;
  readonly scale: string | null;
  readonly multiplier: Points | null;
  readonly bonuses: boolean | null;
}

/** How far a race was run: the leader's laps and the laps it was scheduled for. */
export interface RaceDistance {
  readonly laps: number;
  readonly scheduled: number | null;
}

export interface PointsRules {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly scales: ReadonlyMap<string, readonly Points[]>;
  readonly defaultScale: string;
  readonly classMap: ReadonlyMap<string, string>;
  readonly eligibility: readonly EligibilityRule[];
  readonly races: readonly RaceOverride[];
  readonly shortRaces: readonly ShortRaceBand[];
  readonly championships: readonly Championship[];
}

export function selects(selector: RoundSelector | null, round: number): boolean {
  if (!selector) return true;
  if (selector.only && !selector.only.includes(round)) return false;
  if (selector.except && selector.except.includes(round)) return false;
  return true;
}

/**
 * The band of shortRaces a race falls in, for one championship: the first whose bound the
 * leader's laps are under (a share of the scheduled laps needs them known). Null: run in full.
 */
export function shortRaceBand(
  rules: PointsRules,
  ch: Championship,
  distance: RaceDistance | null,
): ShortRaceBand | null {
  // Paid in full where the laps run or scheduled are unknown (a live race has none scheduled).
  if (distance === null || distance.laps < 0 || distance.scheduled === null) return null;
  for (const band of rules.shortRaces) {
    if (band.championships !== null && !band.championships.includes(ch.id)) continue;
    if (band.belowLaps !== null && distance.laps < band.belowLaps) return band;
    if (band.below !== null && distance.scheduled > 0) {
      // laps / scheduled < n / d, in whole numbers
      if (distance.laps * band.below.d < band.below.n * distance.scheduled) return band;
    }
  }
  return null;
}

/** A share as written in rules: "3/4". */
function fraction(p: Points): string {
  return p.d === 1 ? String(p.n) : `${p.n}/${p.d}`;
}

/**
 * The scale, multiplier and bonus switch of one race for one championship: the band of
 * shortRaces the race falls in (given how far it was run), then the race's own overrides.
 */
export function settingsForRace(
  rules: PointsRules,
  ch: Championship,
  roundNumber: number,
  raceId: string,
  distance: RaceDistance | null = null,
) {
  let scaleName = ch.scale;
  let multiplier: Points | null = null;
  let bonuses = true;
  let countback = true;
  const band = shortRaceBand(rules, ch, distance);
  let short: string | null = null;
  if (band !== null && distance !== null) {
    if (band.scale !== null) scaleName = band.scale;
    if (band.multiplier !== null) multiplier = band.multiplier;
    if (band.bonuses !== null) bonuses = band.bonuses;
    short =
      band.belowLaps !== null && distance.laps < band.belowLaps
        ? `a race cut short: the leader completed ${distance.laps} laps, under ${band.belowLaps}`
        : `a race cut short: the leader completed ${distance.laps} of ${distance.scheduled ?? "?"} laps, under ${fraction(band.below ?? ZERO)} of them`;
  }
  for (const o of rules.races) {
    if (o.round !== roundNumber) continue;
    if (o.race !== null && o.race !== raceId) continue;
    if (o.championships !== null && !o.championships.includes(ch.id)) continue;
    if (o.scale !== null) scaleName = o.scale;
    if (o.multiplier !== null) multiplier = o.multiplier;
    if (o.bonuses !== null) bonuses = o.bonuses;
    if (o.countback !== null) countback = o.countback;
  }
  return {
    scaleName,
    scale: rules.scales.get(scaleName) ?? [],
    multiplier,
    bonuses,
    countback,
    short,
  };
}
export type RaceSettings = ReturnType<typeof settingsForRace>;

/** Validates a rules document (already parsed from JSON) into PointsRules. */
export function rulesFromInput(input: unknown, file?: string): Result<PointsRules, Problem[]> {
  const where = (path: readonly PropertyKey[]) => ({
    ...(file ? { file } : {}),
    field: path.map(String).join(".") || "(document)",
  });
  if (
    typeof input === "object" &&
    input !== null &&
    "format" in input &&
    input.format !== RULES_FORMAT
  )
    return err([
      problem(
        "UNSUPPORTED_RULES_VERSION",
        `rules format "${String(input.format)}" is not supported; this Paddock reads "${RULES_FORMAT}"`,
        where(["format"]),
      ),
    ]);
  const parsed = rulesDocumentSchema.safeParse(input);
  if (!parsed.success)
    return err(
      parsed.error.issues.map((i) =>
        problem(
          "INVALID_RULES",
          i.message,
          where(i.code === "unrecognized_keys" ? [...i.path, ...i.keys] : i.path),
        ),
      ),
    );
  return rulesFromDocument(parsed.data, where);
}

function rulesFromDocument(
  doc: RulesDocumentParsed,
  where: (path: readonly PropertyKey[]) => { file?: string; field: string },
): Result<PointsRules, Problem[]> {
  const problems: Problem[] = [];
  const bad = (message: string, path: PropertyKey[]) =>
    problems.push(problem("INVALID_RULES", message, where(path)));
  const pts = (v: number | string, path: PropertyKey[]): Points => {
    const p = parsePoints(String(v));
    if (!p) bad(`"${v}" is not a number of points`, path);
    return p ?? int(0);
  };
  const scales = new Map<string, Points[]>();
  for (const [name, values] of Object.entries(doc.scales))
    scales.set(
      name,
      values.map((v, i) => pts(v, ["scales", name, i])),
    );
  const scaleRef = (name: string, path: PropertyKey[]) => {
    if (!scales.has(name))
      problems.push(
        problem("UNKNOWN_SCALE", `scale "${name}" is not defined in scales`, where(path)),
      );
  };
  scaleRef(doc.defaultScale, ["defaultScale"]);
  const selector = (
    s: { only?: number[] | undefined; except?: number[] | undefined } | undefined,
  ): RoundSelector | null =>
    s ? { ...(s.only ? { only: s.only } : {}), ...(s.except ? { except: s.except } : {}) } : null;

  const ids = new Set<string>();
  const championships: Championship[] = doc.championships.map((ch, i) => {
    if (ids.has(ch.id)) bad(`championship id "${ch.id}" is used twice`, ["championships", i, "id"]);
    ids.add(ch.id);
    if (ch.scale) scaleRef(ch.scale, ["championships", i, "scale"]);
    if (ch.kind === "drivers" && ch.counting?.nonCounting === "nextCar")
      bad(
        'a driver\'s other cars cannot let the next cars move up: drivers take nonCounting "unawarded"',
        ["championships", i, "counting", "nonCounting"],
      );
    if (ch.kind !== "drivers" && ch.minParticipation)
      bad("minParticipation applies to drivers' championships", ["championships", i]);
    if (
      ch.kind !== "drivers" &&
      ch.sharedDrives &&
      ch.sharedDrives !== "full" &&
      ch.sharedDrives !== "none"
    )
      bad(`teams and manufacturers take sharedDrives "full" or "none", not "${ch.sharedDrives}"`, [
        "championships",
        i,
        "sharedDrives",
      ]);
    for (const [w, win] of (ch.drop?.windows ?? []).entries())
      if (win.from > win.to)
        bad("a window's from is after its to", ["championships", i, "drop", "windows", w]);
    const cars = ch.counting?.cars ?? "all";
    return {
      id: ch.id,
      name: ch.name,
      kind: ch.kind,
      perClass: ch.perClass,
      classes: ch.classes ?? null,
      scale: ch.scale ?? doc.defaultScale,
      rounds: selector(ch.rounds),
      counting: {
        best: cars === "all" ? null : cars === "best" ? 1 : cars.best,
        nonCounting: ch.counting?.nonCounting ?? "unawarded",
      },
      sharedDrives: ch.sharedDrives ?? "full",
      minParticipation: ch.minParticipation?.races ?? 0,
      minClassified: ch.minParticipation?.classified ?? 0,
      belowMinimum: ch.minParticipation?.below ?? "listed",
      bonuses: (ch.bonuses ?? []).map((b, j) => ({
        kind: b.kind,
        points: pts(b.points, ["championships", i, "bonuses", j, "points"]),
        onlyIfTop: b.onlyIfTop ?? null,
        minLapsLed: b.minLapsLed ?? 1,
        paidIf: b.paidIf ?? "placed",
        credit: b.credit ?? "car",
        carToo: b.carToo ?? true,
        rounds: selector(b.rounds),
      })),
      drop: ch.drop
        ? { unit: ch.drop.unit, best: ch.drop.best ?? null, windows: ch.drop.windows ?? [] }
        : null,
      excluded: { points: ch.excluded?.points ?? "shown" },
      cells: ch.cells ?? "points",
      listed: ch.listed ?? "all",
      levelRows: ch.levelRows ?? "name",
      ...tieBreaksOf(ch.tieBreaks ?? ["countback"]),
    };
  });

  // An override or band limited to championships names defined ones.
  const championshipRefs = (list: readonly string[] | undefined, path: PropertyKey[]) => {
    for (const id of list ?? [])
      if (!ids.has(id))
        problems.push(
          problem("UNKNOWN_CHAMPIONSHIP", `championship "${id}" is not defined`, where(path)),
        );
  };

  const races: RaceOverride[] = (doc.races ?? []).map((r, i) => {
    if (r.scale) scaleRef(r.scale, ["races", i, "scale"]);
    championshipRefs(r.championships, ["races", i, "championships"]);
    return {
      round: r.round,
      race: r.race ?? null,
      championships: r.championships ?? null,
      scale: r.scale ?? null,
      multiplier: r.multiplier === undefined ? null : pts(r.multiplier, ["races", i, "multiplier"]),
      bonuses: r.bonuses ?? null,
      countback: r.countback ?? null,
    };
  });

  const shortRaces: ShortRaceBand[] = (doc.shortRaces ?? []).map((r, i) => {
    if (r.scale) scaleRef(r.scale, ["shortRaces", i, "scale"]);
    if ((r.below === undefined) === (r.belowLaps === undefined))
      problems.push(
        problem(
          "INVALID_RULES",
          "a short-race band gives either below (a share of the scheduled laps) or belowLaps",
          where(["shortRaces", i]),
        ),
      );
    championshipRefs(r.championships, ["shortRaces", i, "championships"]);
    return {
      below: r.below === undefined ? null : pts(r.below, ["shortRaces", i, "below"]),
      belowLaps: r.belowLaps ?? null,
      championships: r.championships ?? null,
      scale: r.scale ?? null,
      multiplier:
        r.multiplier === undefined ? null : pts(r.multiplier, ["shortRaces", i, "multiplier"]),
      bonuses: r.bonuses ?? null,
    };
  });

  const eligibility: EligibilityRule[] = (doc.eligibility ?? []).map((e, i) =>
    e.rule === "minDistance"
      ? { ...e, fraction: pts(e.fraction, ["eligibility", i, "fraction"]) }
      : e,
  );

  if (problems.length > 0) return err(problems);
  return ok({
    id: doc.id,
    name: doc.name,
    version: doc.version,
    description: doc.description ?? "",
    scales,
    defaultScale: doc.defaultScale,
    classMap: new Map(Object.entries(doc.classMap ?? {})),
    eligibility,
    races,
    shortRaces,
    championships,
  });
}

/** The JSON Schema of the rules document, for editors and other tools. */
export function rulesJsonSchema(): unknown {
  return z.toJSONSchema(rulesDocumentSchema, { io: "input" });
}
