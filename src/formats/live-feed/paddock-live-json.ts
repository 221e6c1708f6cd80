// `paddock-live/1`: the JSON push format for timing systems other than Al Kamel (docs/live.md).
//
//   {"format":"paddock-live/1","laps":[{"number":"7","lap":12,"lapTime":"1:52.331",
//    "elapsed":"22:31.004","driver":"…","class":"HYPERCAR","team":"…","pit":null}]}
//
// Times are text as timing prints them (m:ss.sss, h:mm:ss.sss; Al Kamel's 1'52.331 too). Every
// problem names its place as a path: `laps[3].elapsed`.
import { z } from "zod";
import type { LiveLap } from "../../core/live/live-types.js";
import { problem } from "../../core/problems.js";
import type { Problem } from "../../core/problems.js";
import { LAP_TIME_EXAMPLES, formatRaceTime, parseRaceTime } from "../../core/race-time.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";

export const LIVE_FORMAT = "paddock-live/1";

/** A race time as text: checked here, read into ms by parseRaceTime. */
const time = (what: string) =>
  z.string().refine((t) => parseRaceTime(t) !== undefined, {
    message: `${what} is not a time (${LAP_TIME_EXAMPLES}, or h:mm:ss.sss)`,
  });

const optionalText = z.string().trim().max(200).nullable().optional();

export const liveLapSchema = z
  .object({
    number: z.string().trim().min(1, "the car number is empty").max(10),
    lap: z.number().int().min(1),
    lapTime: time("lapTime").nullable().optional(),
    elapsed: time("elapsed"),
    driver: optionalText,
    class: optionalText,
    team: optionalText,
    /** Time spent in the pit lane on this lap (the lap out of the pits), or null. */
    pit: time("pit").nullable().optional(),
    /** The lap ended in the pit lane (the lap into the pits). */
    inPit: z.boolean().optional(),
  })
  .strict();

export const liveFeedSchema = z
  .object({
    format: z.literal(LIVE_FORMAT),
    laps: z.array(liveLapSchema).max(5000),
  })
  .strict();

export type LiveFeedInput = z.input<typeof liveFeedSchema>;

const pathText = (path: readonly PropertyKey[]): string =>
  path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");

const ms = (t: string | null | undefined): number | null =>
  t === null || t === undefined ? null : (parseRaceTime(t) ?? null);

/** The laps of a parsed JSON body, or its problems, each naming its field path. */
export function lapsFromLiveJson(body: unknown, file = "feed"): Result<LiveLap[], Problem[]> {
  const parsed = liveFeedSchema.safeParse(body);
  if (!parsed.success)
    return err(
      parsed.error.issues
        .slice(0, 50)
        .map((i) =>
          problem(
            i.code === "invalid_type" && i.message.includes("undefined")
              ? "MISSING_FIELD"
              : "INVALID_FIELD",
            i.message,
            { file, field: pathText(i.path) || "body" },
          ),
        ),
    );
  return ok(
    parsed.data.laps.map((l) => {
      const lapTime = ms(l.lapTime);
      return {
        number: l.number,
        lap: l.lap,
        lapTimeMs: lapTime !== null && lapTime > 0 ? lapTime : null,
        elapsedMs: ms(l.elapsed) ?? 0,
        driver: l.driver || null,
        classId: l.class || null,
        team: l.team || null,
        pitMs: ms(l.pit),
        ...(l.inPit !== undefined ? { inPit: l.inPit } : {}),
      };
    }),
  );
}

/** JSON text to laps: MALFORMED_JSON when it does not parse. */
export function readLiveJson(text: string, file = "feed"): Result<LiveLap[], Problem[]> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return err([problem("MALFORMED_JSON", `not JSON: ${(e as Error).message}`, { file })]);
  }
  return lapsFromLiveJson(body, file);
}

/** A lap as paddock-live/1 writes it (the CLI's replay and tests send these). */
export function liveLapJson(l: LiveLap): z.input<typeof liveLapSchema> {
  const t = (v: number | null) => (v === null ? null : formatRaceTime(v));
  return {
    number: l.number,
    lap: l.lap,
    lapTime: t(l.lapTimeMs),
    elapsed: formatRaceTime(l.elapsedMs),
    driver: l.driver,
    class: l.classId,
    team: l.team,
    pit: t(l.pitMs),
    ...(l.inPit ? { inPit: true } : {}),
  };
}
