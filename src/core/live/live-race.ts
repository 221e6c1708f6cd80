// A race as timing tells it, lap by lap: each car's laps, elapsed time, last and best lap and pit
// stops, the running order overall and per class, gaps and intervals, class places gained since
// the first lap. Pure and synchronous; fed LiveLap lines in any order.
//
// A line for a lap the car already has replaces the one held (timing resends a lap to correct
// it): applying the same lines twice, or in another order, gives the same state. Nothing is ever
// counted twice, because a car keeps one line per lap number.
import type { LiveCar, LiveGap, LiveLap } from "./live-types.js";
import { compareRunning } from "./running-order.js";

/** What the live race knows of the season's cars: entry id and class, by car number. */
export interface LiveEntry {
  readonly entryId: string;
  readonly classId: string;
}

export interface ApplyReport {
  /** Lines for laps not seen before. */
  readonly added: number;
  /** Lines for laps already held, which replaced them (equal lines included). */
  readonly replaced: number;
}

interface CarState {
  readonly number: string;
  readonly laps: Map<number, LiveLap>;
  /** The car's summary, recomputed when one of its laps changes. */
  summary: CarSummary | null;
}

/** One car's own facts, before it is placed in the running order. */
export interface CarSummary {
  readonly number: string;
  readonly entryId: string | null;
  readonly classId: string | null;
  readonly team: string | null;
  readonly driver: string | null;
  /** Every driver seen at the wheel, in the order of the laps they drove first. */
  readonly drivers: readonly string[];
  readonly laps: number;
  readonly elapsedMs: number;
  readonly lastLapMs: number | null;
  readonly bestLapMs: number | null;
  readonly bestLapNumber: number | null;
  readonly pitStops: number;
  /** Elapsed time at the end of lap 1 (null: lap 1 not received): the start order. */
  readonly firstLapMs: number | null;
}

/** Laps in ascending order (a car's laps map is small: hundreds at most). */
const lapsInOrder = (car: CarState): LiveLap[] =>
  [...car.laps.values()].sort((a, b) => a.lap - b.lap);

function summarise(car: CarState, entry: LiveEntry | undefined): CarSummary {
  const laps = lapsInOrder(car);
  const last = laps[laps.length - 1];
  let best: LiveLap | undefined;
  const drivers: string[] = [];
  // A pit stop is one in-lap: a lap crossed in the pit lane, or the lap before one with pit time
  // (a feed may say either or both; the set counts each stop once).
  const inLaps = new Set<number>();
  let klass: string | null = null;
  let team: string | null = null;
  let driver: string | null = null;
  for (const l of laps) {
    if (l.lapTimeMs !== null && l.lapTimeMs > 0 && (!best || l.lapTimeMs < (best.lapTimeMs ?? 0)))
      best = l;
    if (l.driver && !drivers.includes(l.driver)) drivers.push(l.driver);
    if (l.inPit) inLaps.add(l.lap);
    if (l.pitMs !== null) inLaps.add(l.lap - 1);
    klass = l.classId ?? klass;
    team = l.team ?? team;
    driver = l.driver ?? driver;
  }
  return {
    number: car.number,
    entryId: entry?.entryId ?? null,
    // The class as timing names it, spelt as the season does when it is the entry's own.
    classId:
      entry && (klass === null || klass.toLowerCase() === entry.classId.toLowerCase())
        ? entry.classId
        : klass,
    team,
    driver,
    drivers,
    laps: last?.lap ?? 0,
    elapsedMs: last?.elapsedMs ?? 0,
    lastLapMs: last?.lapTimeMs ?? null,
    bestLapMs: best?.lapTimeMs ?? null,
    bestLapNumber: best?.lap ?? null,
    pitStops: inLaps.size,
    firstLapMs: car.laps.get(1)?.elapsedMs ?? null,
  };
}

/** Ms when on the same lap as the car ahead, else whole laps. */
export function gapBetween(ahead: CarSummary, car: CarSummary): LiveGap {
  return ahead.laps === car.laps
    ? { ms: car.elapsedMs - ahead.elapsedMs }
    : { laps: ahead.laps - car.laps };
}

export class LiveRace {
  private readonly byNumber = new Map<string, CarState>();

  /** `entries`: the season's cars entered for this round, by number as printed. */
  constructor(private readonly entries: ReadonlyMap<string, LiveEntry> = new Map()) {}

  /** Applies timing lines (any order; a lap already held is replaced, never added twice). */
  apply(laps: readonly LiveLap[]): ApplyReport {
    let added = 0;
    let replaced = 0;
    for (const l of laps) {
      let car = this.byNumber.get(l.number);
      if (!car)
        this.byNumber.set(l.number, (car = { number: l.number, laps: new Map(), summary: null }));
      if (car.laps.has(l.lap)) replaced++;
      else added++;
      car.laps.set(l.lap, l);
      car.summary = null;
    }
    return { added, replaced };
  }

  /** Every lap line held (one per car and lap), car by car. */
  laps(): LiveLap[] {
    return [...this.byNumber.values()].flatMap((c) => [...c.laps.values()]);
  }

  /** Lap lines held (one per car and lap). */
  get lapCount(): number {
    let n = 0;
    for (const c of this.byNumber.values()) n += c.laps.size;
    return n;
  }

  /** Each car's own facts, in running order (most laps, then least elapsed time). */
  summaries(): CarSummary[] {
    const out: CarSummary[] = [];
    for (const c of this.byNumber.values())
      out.push((c.summary ??= summarise(c, this.entries.get(c.number))));
    return out.sort(compareRunning);
  }

  /** The running order with positions, gaps and intervals, overall and in class. */
  cars(): LiveCar[] {
    return liveCars(this.summaries());
  }
}

/** Places summaries already in running order: positions, gaps, intervals, places gained. */
export function liveCars(order: readonly CarSummary[]): LiveCar[] {
  const classKey = (c: CarSummary) => c.classId ?? "";
  // Start order per class: by elapsed time at the end of lap 1, among cars that have it.
  const startPlace = new Map<string, number>();
  const starters = order
    .filter((c) => c.firstLapMs !== null)
    .sort((a, b) => (a.firstLapMs ?? 0) - (b.firstLapMs ?? 0));
  const startCount = new Map<string, number>();
  for (const c of starters) {
    const n = (startCount.get(classKey(c)) ?? 0) + 1;
    startCount.set(classKey(c), n);
    startPlace.set(c.number, n);
  }
  const leader = order[0];
  const classLeader = new Map<string, CarSummary>();
  const classAhead = new Map<string, CarSummary>();
  const classCount = new Map<string, number>();
  return order.map((c, i): LiveCar => {
    const k = classKey(c);
    const classPosition = (classCount.get(k) ?? 0) + 1;
    classCount.set(k, classPosition);
    const ahead = i > 0 ? order[i - 1] : undefined;
    const inClassAhead = classAhead.get(k);
    const inClassLeader = classLeader.get(k) ?? c;
    classLeader.set(k, inClassLeader);
    classAhead.set(k, c);
    const start = startPlace.get(c.number);
    return {
      number: c.number,
      entryId: c.entryId,
      classId: c.classId,
      team: c.team,
      driver: c.driver,
      position: i + 1,
      classPosition,
      laps: c.laps,
      elapsedMs: c.elapsedMs,
      gap: leader && i > 0 ? gapBetween(leader, c) : null,
      classGap: inClassLeader !== c ? gapBetween(inClassLeader, c) : null,
      interval: ahead ? gapBetween(ahead, c) : null,
      classInterval: inClassAhead ? gapBetween(inClassAhead, c) : null,
      lastLapMs: c.lastLapMs,
      bestLapMs: c.bestLapMs,
      pitStops: c.pitStops,
      classPositionsGained: start === undefined ? 0 : start - classPosition,
    };
  });
}
