// Raw season input, as parsers produce it: the JSON part is shaped by a schema, the CSV rows are
// plain string records with the place they came from. seasonFromInput() validates all of it.
import { z } from "zod";
import { RESULT_STATUSES, ROUND_STATUSES } from "./vocabulary.js";

export const SEASON_FORMAT = "paddock-season/1";

/** The id rule: what a URL path segment, a file name and a CSV cell all carry unchanged. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const ID_RULE = "ids are letters, digits, '.', '_' and '-', starting with a letter or digit";
const id = z.string().regex(ID_PATTERN, ID_RULE);

/** The field a schema issue concerns, as "rounds.2.races.0.id"; unknown keys listed by name. */
export function issueField(issue: {
  path: readonly PropertyKey[];
  code: string;
  keys?: readonly string[];
}): string {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys)
    return issue.keys.map((k) => [...path, k].join(".")).join(", ");
  return path.join(".") || "(document)";
}

export const seasonFileSchema = z
  .object({
    format: z.literal(SEASON_FORMAT),
    id,
    series: z.object({ id, name: z.string().min(1) }).strict(),
    year: z.number().int().min(1890).max(3000),
    name: z.string().min(1),
    classes: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            championship: z
              .boolean()
              .optional()
              .describe("false: races, but has no championship of its own"),
          })
          .strict(),
      )
      .min(1),
    rounds: z
      .array(
        z
          .object({
            number: z
              .number()
              .int()
              .min(1)
              .nullable()
              .describe("null for an event cancelled before it got a number"),
            key: id.optional(),
            name: z.string().min(1),
            circuit: z.string(),
            short_name: z
              .string()
              .regex(/^[A-Z0-9]{2,5}$/, "2 to 5 capital letters or digits, as SEB or PET")
              .optional()
              .describe(
                "the venue's short label in standings round headers (SEB, PET); derived from the circuit when absent",
              ),
            date: z.iso.date().nullable().optional(),
            status: z.enum(ROUND_STATUSES),
            note: z.string().optional(),
            races: z
              .array(
                z
                  .object({
                    id,
                    name: z.string().min(1),
                    results: z
                      .string()
                      .optional()
                      .describe("classification CSV, relative to the bundle"),
                    result_status: z
                      .enum(RESULT_STATUSES)
                      .optional()
                      .describe("provisional until published official; official when absent"),
                    published_at: z.iso
                      .datetime({ offset: true })
                      .optional()
                      .describe("when the results were published official"),
                    scheduled_laps: z
                      .number()
                      .int()
                      .min(1)
                      .optional()
                      .describe("the laps the race was scheduled for (rules on races cut short)"),
                  })
                  .strict(),
              )
              .optional(),
          })
          .strict(),
      )
      .describe("the calendar; empty while a new season is being set up"),
    teams: z.array(
      z
        .object({
          id,
          name: z.string().min(1),
          nationality: z.string().optional(),
          aliases: z.array(z.string().min(1)).optional(),
        })
        .strict(),
    ),
    rules: z.string().describe("points rules document, relative to the bundle"),
    entries: z.string().describe("entries CSV"),
    drivers: z.string().optional().describe("driver line-ups CSV"),
    decisions: z.string().optional().describe("stewards' decisions CSV"),
    provenance: z.array(z.string()).optional(),
  })
  .strict();

export type SeasonFileInput = z.infer<typeof seasonFileSchema>;

/** A CSV row as read: column name -> cell text, with its place in the file. */
export interface RowInput {
  readonly file: string;
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface RaceResultsInput {
  readonly raceId: string;
  readonly rows: readonly RowInput[];
}

export interface SeasonInput {
  readonly file: string;
  readonly season: SeasonFileInput;
  readonly entries: readonly RowInput[];
  readonly drivers: readonly RowInput[];
  readonly results: readonly RaceResultsInput[];
  readonly decisions: readonly RowInput[];
}

/** The columns each CSV of a bundle may hold; the first list is required. */
export const CSV_COLUMNS = {
  entries: {
    required: ["number", "class", "team"],
    optional: [
      "id",
      "chassis",
      "engine",
      "tyre",
      "manufacturer",
      "rounds",
      "points_eligible",
      "note",
      "source",
    ],
  },
  drivers: {
    required: ["entry", "driver"],
    optional: ["nationality", "aliases", "rounds", "not_started", "note", "source"],
  },
  results: {
    required: ["pos", "number"],
    optional: [
      "class_pos",
      "class",
      "team",
      "drivers",
      "chassis",
      "engine",
      "tyre",
      "laps",
      "time",
      "gap",
      "status",
      "pole",
      "fastest_lap",
      "best_lap",
      "best_lap_number",
      "laps_led",
      "entry",
      "fastest_lap_driver",
      "driver_shares",
      "ineligible",
      "note",
      "source",
    ],
  },
  decisions: {
    required: ["id", "kind", "reason"],
    optional: [
      "date",
      "round",
      "race",
      "class",
      "number",
      "team",
      "entry",
      "driver",
      "manufacturer",
      "championship",
      "points",
      "seconds",
      "places",
      "upto_round",
      "overturns",
      "source",
    ],
  },
} as const;
export type CsvKind = keyof typeof CSV_COLUMNS;

/** The JSON Schema of season.json, for editors and other tools. */
export function seasonJsonSchema(): unknown {
  return z.toJSONSchema(seasonFileSchema, { io: "input" });
}
