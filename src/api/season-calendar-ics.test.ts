import { describe, expect, it } from "vitest";
import type { Round, Season } from "../core/season.js";
import { foldLine, icsText, seasonCalendarIcs } from "./season-calendar-ics.js";

const round = (r: Partial<Round> & Pick<Round, "key" | "name">): Round => ({
  number: null,
  circuit: "Road Atlanta",
  date: "2003-10-18",
  status: "scheduled",
  races: [],
  note: "",
  ...r,
});

// Only the fields the feed reads; the rest of a season does not matter here.
const season = (rounds: Round[]) =>
  ({ id: "test-2025", name: "Test, Series; 2025", rounds }) as unknown as Season;

/** Unfolded content lines (RFC 5545, 3.1: CRLF followed by a space continues the line). */
const unfold = (ics: string) => ics.replace(/\r\n /g, "").split("\r\n");

describe("icsText", () => {
  it.each([
    ["plain", "plain"],
    ["a, b; c", "a\\, b\\; c"],
    ["back\\slash", "back\\\\slash"],
    ["two\nlines\r\nhere", "two\\nlines\\nhere"],
  ])("%j → %j", (text, escaped) => expect(icsText(text)).toBe(escaped));
});

describe("foldLine", () => {
  it("leaves a line of 75 octets alone", () =>
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75)));

  it("folds longer lines at 75 octets, never inside a UTF-8 character", () => {
    const line = `DESCRIPTION:${"Trois-Rivières ".repeat(12)}`;
    const folded = foldLine(line);
    for (const part of folded.split("\r\n"))
      expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(75);
    expect(
      folded
        .split("\r\n")
        .slice(1)
        .every((p) => p.startsWith(" ")),
    ).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(folded).not.toContain("\uFFFD");
  });
});

describe("seasonCalendarIcs", () => {
  const now = new Date("2025-05-10T08:30:00.123Z");
  const ics = seasonCalendarIcs(
    season([
      round({
        key: "1",
        number: 1,
        name: "Petit Le Mans",
        date: "2025-12-31",
        status: "completed",
      }),
      round({
        key: "mexico",
        name: "Grand Prix of Mexico",
        circuit: "Autódromo Hermanos Rodríguez, Mexico City",
        date: "2025-04-06",
        status: "cancelled",
        note: "called off; no replacement",
      }),
      round({ key: "2", number: 2, name: "No date yet", date: null }),
    ]),
    now,
  );
  const lines = unfold(ics);

  it("is a VCALENDAR of CRLF lines, none longer than 75 octets", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const l of ics.split("\r\n")) expect(Buffer.byteLength(l, "utf8")).toBeLessThanOrEqual(75);
    expect(lines).toContain("X-WR-CALNAME:Test\\, Series\\; 2025");
  });

  it("has one all-day VEVENT per dated round, with a stable UID, the circuit and the status", () => {
    const events = ics.split("BEGIN:VEVENT").slice(1).map(unfold);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual(
      expect.arrayContaining([
        "UID:test-2025-round-1@paddock",
        "DTSTAMP:20250510T083000Z",
        "DTSTART;VALUE=DATE:20251231",
        "DTEND;VALUE=DATE:20260101",
        "SUMMARY:Round 1: Petit Le Mans",
        "LOCATION:Road Atlanta",
        "STATUS:CONFIRMED",
      ]),
    );
    expect(events[1]).toEqual(
      expect.arrayContaining([
        "UID:test-2025-round-mexico@paddock",
        "SUMMARY:Grand Prix of Mexico",
        "LOCATION:Autódromo Hermanos Rodríguez\\, Mexico City",
        "DESCRIPTION:Test\\, Series\\; 2025. Cancelled. called off\\; no replacement",
        "STATUS:CANCELLED",
      ]),
    );
  });
});
