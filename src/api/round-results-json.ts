// A round's classification as the JSON API gives it: typed fields (numbers, booleans, ids with
// names, points per championship as exact strings), not the display text of the CSV and pages.
import { z } from "@hono/zod-openapi";
import type { Standings } from "../core/compute-standings.js";
import { racePoints, rowKey, rowPointsText } from "../formats/tables/race-points.js";
import type { PointsRules } from "../core/points-rules.js";
import { classificationOrder, positionRace } from "../core/race-positions.js";
import { describeDecision } from "../core/result-decisions.js";
import type { Race, Season } from "../core/season.js";
import { formatPoints } from "../core/points.js";
import {
  DECISION_KINDS,
  FINISH_STATUSES,
  INELIGIBLE_EFFECTS,
  RESULT_STATUSES,
} from "../core/vocabulary.js";

const PointsText = z
  .string()
  .openapi({ description: 'exact points: "20", "12.5" or "100/3"', example: "20" });
const Ref = z.object({ id: z.string(), name: z.string() });

export const RaceResultsSchema = z
  .object({
    round: z.number().int(),
    roundName: z.string(),
    race: Ref,
    resultStatus: z.enum(RESULT_STATUSES),
    publishedAt: z.string().nullable(),
    results: z.array(
      z.object({
        position: z.number().int().nullable().openapi({
          description:
            "official overall position, after the stewards' penalties; null for a disqualified car or one the source does not place",
        }),
        classPosition: z.number().int().nullable().openapi({ example: 1 }),
        pointsPosition: z.number().int().nullable().openapi({
          description: "position for points: after removed cars let the cars behind move up",
        }),
        class: z.string().nullable().openapi({ description: "the class the car raced in" }),
        scoringClass: z
          .string()
          .nullable()
          .openapi({ description: "the class it scores in (LMGTP scores in LMP900 in 2003)" }),
        number: z
          .string()
          .nullable()
          .openapi({ description: "car number as printed; null where unknown" }),
        entry: z.string().nullable(),
        team: Ref.nullable(),
        drivers: z.array(Ref),
        laps: z.number().int().nullable(),
        time: z.string().nullable(),
        gap: z.string().nullable(),
        bestLap: z.string().nullable().openapi({ example: "1:47.123" }),
        bestLapNumber: z.number().int().nullable(),
        fastestLap: z.boolean().openapi({ description: "credited with the race's fastest lap" }),
        fastestLapDriver: Ref.nullable().openapi({
          description: "the driver of a shared car who set its fastest lap, where stated",
        }),
        driverShares: z
          .array(PointsText)
          .nullable()
          .openapi({
            description:
              "the car's points split between its drivers, in the order of `drivers`, where stated",
            example: ["1", "0"],
          }),
        ineligible: z.enum(INELIGIBLE_EFFECTS).nullable().openapi({
          description:
            "declared ineligible for points: moveUp (the cars behind move up) or unawarded (its points go to nobody)",
        }),
        pole: z.boolean(),
        status: z.enum(FINISH_STATUSES),
        points: z.record(z.string(), PointsText).openapi({
          description: "points awarded for this row, by championship id",
          example: { teams: "20", drivers: "20" },
        }),
        decisions: z.array(
          z.object({
            id: z.string(),
            kind: z.enum(DECISION_KINDS),
            reason: z.string(),
            overturnedBy: z.string().nullable(),
            text: z.string().openapi({ description: "the decision in words" }),
          }),
        ),
      }),
    ),
  })
  .openapi("RaceResults");

export type RaceResultsJson = z.infer<typeof RaceResultsSchema>;

/** One race's classification (of one class, or all), in the order of the official result. */
export function raceResultsJson(
  season: Season,
  rules: PointsRules,
  standings: Standings,
  race: Race,
  classId?: string,
): RaceResultsJson {
  const team = new Map(season.teams.map((t) => [t.id, t.name]));
  const driver = new Map(season.drivers.map((d) => [d.id, d.name]));
  // Points awarded per row and championship, summed over the rules that gave them (scale, bonuses).
  const awarded = racePoints(standings.trail, race.id);
  const positioned = positionRace(season, rules, race.id).filter(
    (p) => classId === undefined || p.scoringClass === classId || p.row.classId === classId,
  );
  return {
    round: race.roundNumber,
    roundName: season.rounds.find((r) => r.number === race.roundNumber)?.name ?? "",
    race: { id: race.id, name: race.name },
    resultStatus: race.resultStatus,
    publishedAt: race.publishedAt,
    results: classificationOrder(positioned).map((p) => ({
      position: p.overallPosition,
      classPosition: p.classPosition,
      pointsPosition: p.pointsPosition,
      class: p.row.classId,
      scoringClass: p.scoringClass,
      number: p.row.number,
      entry: p.row.entryId,
      team:
        p.row.teamId === null
          ? null
          : { id: p.row.teamId, name: team.get(p.row.teamId) ?? p.row.teamId },
      drivers: p.row.driverIds.map((id) => ({ id, name: driver.get(id) ?? id })),
      laps: p.row.laps,
      time: p.row.time,
      gap: p.row.gap,
      bestLap: p.row.bestLap ?? null,
      bestLapNumber: p.row.bestLapNumber ?? null,
      fastestLap: p.row.fastestLap,
      fastestLapDriver:
        p.row.fastestLapDriverId === undefined
          ? null
          : {
              id: p.row.fastestLapDriverId,
              name: driver.get(p.row.fastestLapDriverId) ?? p.row.fastestLapDriverId,
            },
      driverShares: p.row.driverShares?.map(formatPoints) ?? null,
      ineligible: p.row.ineligible ?? null,
      pole: p.row.pole,
      status: p.status,
      points: Object.fromEntries(
        [...(awarded.get(rowKey(p.row.source)) ?? [])].map(([championship, competitors]) => [
          championship,
          rowPointsText(competitors),
        ]),
      ),
      decisions: p.decisions.map((x) => ({
        id: x.decision.id,
        kind: x.decision.kind,
        reason: x.decision.reason,
        overturnedBy: x.overturnedBy?.id ?? null,
        text: describeDecision(x.decision, x.overturnedBy ?? undefined),
      })),
    })),
  };
}
