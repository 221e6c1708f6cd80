// The baseline: the same teams' standings computed by one SQL query in SQLite (better-sqlite3,
// in-memory). Loading the rows (with an index on race, class and position, and ANALYZE) is timed
// apart from the query; only the query is compared with the engine.
import Database from "better-sqlite3";
import type { PointsRules } from "../src/core/points-rules.js";
import type { Season } from "../src/core/season.js";

export interface TeamTotal {
  readonly classId: string;
  readonly teamId: string;
  readonly total: number;
}

/**
 * The 2003 ALMS teams' rules in SQL, per race and class:
 * 1. disqualified cars are removed and the cars behind move up (class position = ROW_NUMBER over
 *    the overall position of the cars left);
 * 2. a car under fraction_n/fraction_d of its class winner's laps keeps its position but scores
 *    nothing (the engine takes the most laps of any car left in the class; the synthetic
 *    classifications are ordered by laps, so that is the class winner's);
 * 3. only a team's best eligible car scores; its other cars' positions go to nobody;
 * 4. points from the scale table, summed per team and class; every team that raced in a class is
 *    listed (with 0 if it scored nothing), as the engine lists it.
 */
export const TEAMS_STANDINGS_SQL = `
WITH classified AS (
  SELECT race_id, class_id, team_id, laps,
         ROW_NUMBER() OVER by_position AS class_pos,
         FIRST_VALUE(laps) OVER by_position AS winner_laps
  FROM results
  WHERE status <> 'dsq'
  WINDOW by_position AS (PARTITION BY race_id, class_id ORDER BY position)
),
eligible AS (
  SELECT race_id, class_id, team_id, class_pos
  FROM classified
  WHERE laps * :fraction_d >= winner_laps * :fraction_n
),
best_car AS (
  SELECT class_id, team_id, class_pos,
         ROW_NUMBER() OVER (PARTITION BY race_id, class_id, team_id ORDER BY class_pos) AS car_rank
  FROM eligible
),
scored AS (
  -- CROSS JOIN keeps best_car as the outer loop, so each car looks its points up in the scale's
  -- primary key (left to itself, SQLite scans the scale and indexes best_car: about 10% slower).
  SELECT b.class_id, b.team_id, s.points
  FROM best_car b CROSS JOIN scale s ON s.pos = b.class_pos
  WHERE b.car_rank = 1
)
SELECT class_id AS classId, team_id AS teamId, SUM(points) AS total
FROM (
  SELECT class_id, team_id, points FROM scored
  UNION ALL
  SELECT DISTINCT class_id, team_id, 0 FROM results WHERE class_id IS NOT NULL AND team_id IS NOT NULL
)
GROUP BY class_id, team_id
ORDER BY class_id, total DESC, team_id
`;

export class SqlBaseline {
  private readonly db: Database.Database;
  private readonly query: Database.Statement<{ fraction_n: number; fraction_d: number }, TeamTotal>;
  private readonly params: { fraction_n: number; fraction_d: number };

  /** Creates the in-memory database and loads the season's rows and the rules' scale. */
  constructor(season: Season, rules: PointsRules, options: { index: boolean }) {
    const scale = rules.scales.get(rules.defaultScale) ?? [];
    const minDistance = rules.eligibility.find((e) => e.rule === "minDistance");
    if (!minDistance || minDistance.rule !== "minDistance" || minDistance.of !== "classWinner")
      throw new Error("the SQL baseline expects a minDistance rule against the class winner");
    this.params = { fraction_n: minDistance.fraction.n, fraction_d: minDistance.fraction.d };

    this.db = new Database(":memory:");
    this.db.pragma("journal_mode = OFF");
    this.db.pragma("synchronous = OFF");
    this.db.exec(`
      CREATE TABLE results (
        race_id TEXT NOT NULL,
        class_id TEXT,
        team_id TEXT,
        car_number TEXT,
        position INTEGER,
        laps INTEGER,
        status TEXT NOT NULL
      );
      CREATE TABLE scale (pos INTEGER PRIMARY KEY, points INTEGER NOT NULL);
    `);
    const insertScale = this.db.prepare("INSERT INTO scale (pos, points) VALUES (?, ?)");
    scale.forEach((p, i) => {
      if (p.d !== 1) throw new Error("the SQL baseline expects whole points on the scale");
      insertScale.run(i + 1, p.n);
    });
    const insert = this.db.prepare(
      "INSERT INTO results (race_id, class_id, team_id, car_number, position, laps, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const r of season.results)
        insert.run(r.raceId, r.classId, r.teamId, r.number, r.position, r.laps, r.status);
    })();
    if (options.index)
      this.db.exec("CREATE INDEX results_by_race_class ON results (race_id, class_id, position)");
    this.db.exec("ANALYZE");
    this.query = this.db.prepare<{ fraction_n: number; fraction_d: number }, TeamTotal>(
      TEAMS_STANDINGS_SQL,
    );
  }

  /** Runs the standings query once. */
  totals(): TeamTotal[] {
    return this.query.all(this.params);
  }

  /** SQLite's plan for the query, for the report. */
  plan(): string[] {
    return this.db
      .prepare<{ fraction_n: number; fraction_d: number }, { detail: string }>(
        `EXPLAIN QUERY PLAN ${TEAMS_STANDINGS_SQL}`,
      )
      .all(this.params)
      .map((r) => r.detail);
  }

  static sqliteVersion(): string {
    const db = new Database(":memory:");
    try {
      return (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
    } finally {
      db.close();
    }
  }

  close(): void {
    this.db.close();
  }
}
