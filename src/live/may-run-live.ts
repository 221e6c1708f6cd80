// Which rounds can still run live: the streams and the live pages show nothing live for a round
// whose official results are in (old live data must never stand in for them).
import type { Round, Season } from "../core/season.js";

/** Whether a round can still run live: some race of it without official results. */
export function mayRunLive(season: Season, round: Round): boolean {
  return round.races.some(
    (race) =>
      !(race.resultStatus === "official" && season.results.some((x) => x.raceId === race.id)),
  );
}
