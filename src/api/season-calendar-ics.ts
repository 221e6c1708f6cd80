// A season's calendar as an iCalendar feed (RFC 5545): one all-day VEVENT per round with a known
// date, the circuit as LOCATION, a UID that stays the same across downloads (so a calendar app
// updates the event instead of adding another), and cancelled rounds as STATUS:CANCELLED.
import type { Season } from "../core/season.js";

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545, 3.3.11). */
export function icsText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** A content line folded at 75 octets, never inside a UTF-8 character (RFC 5545, 3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    // Continuation lines start with a space, which counts towards their 75 octets.
    if (octets + size > 75) {
      parts.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n");
}

const icsDate = (isoDate: string) => isoDate.replace(/-/g, "");

/** The day after an ISO date: DTEND of an all-day event is exclusive. */
function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** 20250510T083000Z */
const icsTimestamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/**
 * The feed. UIDs are `<season id>-round-<round key>@paddock`: the same on every download and
 * whichever address the server is reached at. `now` is DTSTAMP, when this copy was made. Rounds
 * without a date are left out: an event needs one.
 */
export function seasonCalendarIcs(season: Season, now: Date): string {
  const stamp = icsTimestamp(now);
  const events = season.rounds.flatMap((r) => {
    if (r.date === null) return [];
    const label = r.number === null ? r.name : `Round ${r.number}: ${r.name}`;
    const about = [
      `${season.name}${r.number === null ? "" : `, round ${r.number}`}.`,
      r.status === "cancelled" ? "Cancelled." : r.status === "completed" ? "Completed." : "",
      r.note,
    ].filter((x) => x !== "");
    return [
      "BEGIN:VEVENT",
      `UID:${icsText(`${season.id}-round-${r.key}@paddock`)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(r.date)}`,
      `DTEND;VALUE=DATE:${icsDate(nextDay(r.date))}`,
      `SUMMARY:${icsText(label)}`,
      `LOCATION:${icsText(r.circuit)}`,
      `DESCRIPTION:${icsText(about.join(" "))}`,
      `STATUS:${r.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    ];
  });
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Paddock//Paddock season calendar//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icsText(season.name)}`,
    ...events,
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
