// The second baseline: the same teams' standings as the SQLite baseline's query, in DuckDB
// (@duckdb/node-api, in-memory, its default thread count). Rows are loaded through an appender,
// apart from the timed query; only the query (run and read back as objects) is compared with
// the engine.
import { DuckDBInstance, version } from "@duckdb/node-api";
import type { DuckDBAppender, DuckDBConnection, DuckDBPreparedStatement } from "@duckdb/node-api";
import type { PointsRules } from "../src/core/points-rules.js";
import type { Season } from "../src/core/season.js";
import { TEAMS_STANDINGS_SQL } from "./sql-baseline.js";
import type { TeamTotal } from "./sql-baseline.js";

/**
 * The SQLite query in DuckDB's dialect: `$name` parameters, a plain join to the scale (the
 * CROSS JOIN ... ON that steers SQLite's planner is not DuckDB syntax), an INTEGER total (DuckDB
 * sums integers as HUGEINT) and quoted camel-case column names.
 */
export const DUCKDB_TEAMS_STANDINGS_SQL = TEAMS_STANDINGS_SQL.replace(
  /:fraction_([nd])/g,
  "$$fraction_$1",
)
  .replace("FROM best_car b CROSS JOIN scale s ON", "FROM best_car b JOIN scale s ON")
  .replace(
    "SELECT class_id AS classId, team_id AS teamId, SUM(points) AS total",
    'SELECT class_id AS "classId", team_id AS "teamId", CAST(SUM(points) AS INTEGER) AS total',
  );

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendInt(appender: DuckDBAppender, value: number | null): void {
  if (value === null) appender.appendNull();
  else appender.appendInteger(value);
}

export class DuckDbBaseline {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly query: DuckDBPreparedStatement,
    readonly threads: number,
  ) {}

  /** Creates the in-memory database and loads the season's rows and the rules' scale. */
  static async create(season: Season, rules: PointsRules): Promise<DuckDbBaseline> {
    const scale = rules.scales.get(rules.defaultScale) ?? [];
    const minDistance = rules.eligibility.find((e) => e.rule === "minDistance");
    if (!minDistance || minDistance.rule !== "minDistance" || minDistance.of !== "classWinner")
      throw new Error("the DuckDB baseline expects a minDistance rule against the class winner");

    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(`
        CREATE TABLE results (
          race_id VARCHAR NOT NULL,
          class_id VARCHAR,
          team_id VARCHAR,
          car_number VARCHAR,
          position INTEGER,
          laps INTEGER,
          status VARCHAR NOT NULL
        );
        CREATE TABLE scale (pos INTEGER PRIMARY KEY, points INTEGER NOT NULL);
      `);
      const scaleRows = await connection.createAppender("scale");
      scale.forEach((p, i) => {
        if (p.d !== 1) throw new Error("the DuckDB baseline expects whole points on the scale");
        scaleRows.appendInteger(i + 1);
        scaleRows.appendInteger(p.n);
        scaleRows.endRow();
      });
      scaleRows.closeSync();
      const rows = await connection.createAppender("results");
      for (const r of season.results) {
        rows.appendVarchar(r.raceId);
        appendText(rows, r.classId);
        appendText(rows, r.teamId);
        appendText(rows, r.number);
        appendInt(rows, r.position);
        appendInt(rows, r.laps);
        rows.appendVarchar(r.status);
        rows.endRow();
      }
      rows.closeSync();
      const query = await connection.prepare(DUCKDB_TEAMS_STANDINGS_SQL);
      query.bind({ fraction_n: minDistance.fraction.n, fraction_d: minDistance.fraction.d });
      const threads = await connection.runAndReadAll("SELECT current_setting('threads') AS t");
      const t = Number(threads.getRowObjectsJS()[0]?.t ?? 0);
      return new DuckDbBaseline(instance, connection, query, t);
    } catch (e) {
      connection.closeSync();
      instance.closeSync();
      throw e;
    }
  }

  /** Runs the standings query once and reads its rows back. */
  async totals(): Promise<TeamTotal[]> {
    const reader = await this.query.runAndReadAll();
    return reader.getRowObjectsJS() as unknown as TeamTotal[];
  }

  static version(): string {
    return version();
  }

  close(): void {
    this.query.destroySync();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
