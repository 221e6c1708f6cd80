// Race times and gaps as timing systems print them. Al Kamel writes minutes with an apostrophe
// (5:44'41.101, 1'58.056), IMSA with colons (2:02:06.175, 1:54.154); Paddock keeps one form.

/** A gap to the leader: a time, a number of laps, or none (the leader itself). */
export type Gap =
  | { readonly kind: "time"; readonly ms: number }
  | { readonly kind: "laps"; readonly laps: number }
  | { readonly kind: "leader" };

// h:mm:ss.sss, h:mm'ss.sss, m:ss.sss, m'ss.sss or ss.sss. The fraction is optional once there is a
// minute separator; bare seconds need it, so a lap count such as "58" is never taken for a time.
// ’ and ′ stand in for the apostrophe when a spreadsheet has "smartened" the file.
const TIME = /^(?:(?:(\d+):)?(\d+)[:'’′])?(\d+)(?:\.(\d{1,3}))?$/;

/** Milliseconds of a race or lap time, or undefined when the text is not one. */
export function parseRaceTime(text: string): number | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [, hours, minutes, seconds = "", fraction] = m;
  if (minutes === undefined && fraction === undefined) return undefined;
  // Below the largest unit, fields are two digits and under 60, as every timing system prints.
  if (minutes !== undefined && (seconds.length !== 2 || Number(seconds) >= 60)) return undefined;
  if (hours !== undefined && (minutes?.length !== 2 || Number(minutes) >= 60)) return undefined;
  const ms =
    ((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds)) * 1000 +
    Number((fraction ?? "").padEnd(3, "0"));
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Milliseconds of a lap time: a race time above zero (timing writes 0 for a lap not timed). */
export function parseLapTime(text: string): number | undefined {
  const ms = parseRaceTime(text);
  return ms !== undefined && ms > 0 ? ms : undefined;
}

/** How a lap time may be written, for messages about one that cannot be read. */
export const LAP_TIME_EXAMPLES = "e.g. 1:47.123 or 1'47.123";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The canonical form: h:mm:ss.sss from an hour up, m:ss.sss below. */
export function formatRaceTime(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`not a race time: ${ms} ms`);
  const fraction = pad(ms % 1000, 3);
  const totalSeconds = Math.floor(ms / 1000);
  const seconds = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}:${pad(seconds, 2)}.${fraction}`;
  return `${Math.floor(totalMinutes / 60)}:${pad(totalMinutes % 60, 2)}:${pad(seconds, 2)}.${fraction}`;
}

const LEADER = /^(?:|-|–|—)$/;
const LAPS = /^\+?\s*(\d+)\s*(?:l|laps?|lps?)\.?$/i;

/** A gap as printed: "+22.481", "22.481", "1 Lap", "+3 Laps", "1L"; "-" or empty for the leader. */
export function parseGap(text: string): Gap | undefined {
  const t = text.trim();
  if (LEADER.test(t)) return { kind: "leader" };
  const laps = LAPS.exec(t);
  if (laps) {
    const n = Number(laps[1]);
    return n >= 1 && Number.isSafeInteger(n) ? { kind: "laps", laps: n } : undefined;
  }
  const ms = parseRaceTime(t.startsWith("+") ? t.slice(1) : t);
  return ms === undefined ? undefined : { kind: "time", ms };
}

/** "+22.481", "+1:02.345", "+1 lap", "+3 laps"; the leader has no gap, so an empty cell. */
export function formatGap(gap: Gap): string {
  switch (gap.kind) {
    case "leader":
      return "";
    case "laps":
      return `+${gap.laps} ${gap.laps === 1 ? "lap" : "laps"}`;
    case "time": {
      // Under a minute a gap reads as seconds, the way every timing screen shows it.
      const text = formatRaceTime(gap.ms);
      return `+${gap.ms < 60_000 ? text.slice(text.indexOf(":") + 1).replace(/^0(?=\d)/, "") : text}`;
    }
  }
}
