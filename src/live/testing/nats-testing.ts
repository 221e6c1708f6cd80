// NATS for tests: where it is, whether it must be there (CI), and a bus on a stream of the test's
// own (removed at the end), so runs never see each other's updates.
import { randomBytes } from "node:crypto";
import { connect } from "@nats-io/transport-node";
import type { LiveUpdate } from "../../core/live/live-types.js";
import { NatsLiveBus } from "../nats-live-bus.js";

export const NATS_TEST_URL = process.env.PADDOCK_TEST_NATS_URL ?? "nats://127.0.0.1:4222";

/** In CI, or when asked to, a NATS server that cannot be reached fails the tests. */
export const NATS_REQUIRED =
  (process.env.CI ?? "") !== "" || process.env.PADDOCK_REQUIRE_NATS === "1";

/** Why NATS cannot be reached, or undefined when it can. */
export async function natsUnreachable(): Promise<string | undefined> {
  try {
    const nc = await connect({ servers: NATS_TEST_URL, timeout: 2000, reconnect: false });
    await nc.close();
    return undefined;
  } catch (e) {
    return e instanceof Error && e.message ? e.message : String(e);
  }
}

export const natsAbsentMessage = (why: string) =>
  `NATS is absent (${NATS_TEST_URL}: ${why}): the NATS tests are skipped. ` +
  "Set PADDOCK_REQUIRE_NATS=1 (or CI) to make this a failure.";

/** A stream name and subject prefix no other run uses. */
export function testStream(): { stream: string; subjectPrefix: string } {
  const id = randomBytes(5).toString("hex");
  return { stream: `PADDOCK_LIVE_TEST_${id}`, subjectPrefix: `paddock.test.${id}` };
}

export function natsTestBus(
  names: { stream: string; subjectPrefix: string },
  name = "test",
): Promise<NatsLiveBus> {
  return NatsLiveBus.connect({ servers: NATS_TEST_URL, name, ...names });
}

/** A LiveUpdate for bus and stream tests (the live core computes real ones). */
export function testUpdate(
  seasonId: string,
  round: number,
  seq: number,
  extra: Partial<LiveUpdate> = {},
): LiveUpdate {
  return {
    seasonId,
    round,
    raceId: `r${round}`,
    seq,
    provisional: true,
    leaderLaps: seq,
    cars: [],
    racePoints: {},
    standings: [],
    computeMs: 0.5,
    ...extra,
  };
}
