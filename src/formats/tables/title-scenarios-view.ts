// Title scenarios for people: one line per contender saying what it needs, and the state of each
// title (open, clinched with races to go, decided). The web's standings page shows these; the
// numbers come from the engine (core/title-scenarios.ts), the words only are made here.
import { formatPointsForPeople } from "../../core/points.js";
import type { Outlook, TitleScenario } from "../../core/title-scenarios.js";

export type TitleState = "open" | "clinched" | "decided";

/** Open while a rival can still catch the leader; clinched with races left; decided after. */
export function titleState(x: TitleScenario): TitleState {
  if (!x.clinched) return "open";
  return x.remainingRaces.length > 0 ? "clinched" : "decided";
}

/** The leader, or the champion once the title is clinched or decided. */
export const titleHolder = (x: TitleScenario): Outlook | undefined =>
  x.outlooks.find((o) => o.status === "champion") ?? x.outlooks[0];

/** What a contender needs, in words (see outlookNeeds). */
export interface Needs {
  /** "11 more points than the leader to draw level" (if the leader scores no more). */
  readonly drawLevel: string;
  /**
   * With one race left, for each finish the contender might take, where each rival must finish
   * at best: "P1: Corvette Racing must finish P5 or lower"; consecutive finishes that ask the same of every
   * rival read as one range ("P4 to P6: …").
   */
  readonly lastRace: readonly string[];
}

/** What a contender needs; undefined for the leader and for anyone no longer in contention. */
export function outlookNeeds(x: TitleScenario, o: Outlook): Needs | undefined {
  if (o.status !== "contender" || o === x.outlooks[0]) return undefined;
  const name = (id: string) =>
    x.outlooks.find((other) => other.competitor.id === id)?.competitor.name ?? id;
  const drawLevel = `${formatPointsForPeople(o.pointsToDrawLevel)} more points than the leader to draw level`;
  const finishes: { from: number; to: number; text: string }[] = [];
  for (const p of o.lastRace ?? []) {
    if (!p.rivals.every((r) => r.mustScoreLessThan !== null)) continue;
    const text = p.rivals
      .map(
        (r) =>
          `${name(r.competitorId)} ${r.tieOnly ? "must score 0 (a tie, decided by the tie-breaks)" : r.mayFinishAtBest === null ? "must finish out of the points" : `must finish P${r.mayFinishAtBest} or lower`}`,
      )
      .join(", ");
    const last = finishes.at(-1);
    if (last && last.text === text && last.to === p.position - 1) last.to = p.position;
    else finishes.push({ from: p.position, to: p.position, text });
  }
  return {
    drawLevel,
    lastRace: finishes.map(
      (f) => `${f.from === f.to ? `P${f.from}` : `P${f.from} to P${f.to}`}: ${f.text}`,
    ),
  };
}
