// Throwaway PostgreSQL databases for tests: created through the maintenance database, one per
// suite (paddock_test_<random>), emptied between tests and dropped at the end.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where test databases are created and dropped. */
export const POSTGRES_ADMIN_URL =
  process.env.PADDOCK_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** In CI, or when asked to, a PostgreSQL that cannot be reached fails the tests. */
export const POSTGRES_REQUIRED =
  (process.env.CI ?? "") !== "" || process.env.PADDOCK_REQUIRE_POSTGRES === "1";

async function run(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let reachability: Promise<string | undefined> | undefined;

/** Why PostgreSQL cannot be reached, or undefined when it can (asked once per test file). */
export function postgresUnreachable(): Promise<string | undefined> {
  reachability ??= run(POSTGRES_ADMIN_URL, "select 1").then(
    () => undefined,
    (e: unknown) => (e instanceof Error && e.message ? e.message : String(e)),
  );
  return reachability;
}

export const postgresAbsentMessage = (why: string) =>
  `PostgreSQL is absent (${POSTGRES_ADMIN_URL}: ${why}): the PostgreSQL store tests are skipped. ` +
  "Set PADDOCK_REQUIRE_POSTGRES=1 (or CI) to make this a failure.";

export const postgresRequiredMessage = (why: string) =>
  `PostgreSQL must be reachable (CI or PADDOCK_REQUIRE_POSTGRES=1 is set), but ${POSTGRES_ADMIN_URL} ` +
  `answered: ${why}`;

export class PostgresTestDatabase {
  // Identifiers cannot be bind parameters; this one is made of letters, digits and "_" only.
  readonly name = `paddock_test_${randomBytes(6).toString("hex")}`;
  readonly url: string;
  private created = false;

  constructor() {
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${this.name}`;
    this.url = url.toString();
  }

  /** An empty database: created the first time, emptied (schema and all) after that. */
  async empty(): Promise<string> {
    if (!this.created) {
      await run(POSTGRES_ADMIN_URL, `CREATE DATABASE "${this.name}"`);
      this.created = true;
    } else await run(this.url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    return this.url;
  }

  async drop(): Promise<void> {
    if (this.created)
      await run(POSTGRES_ADMIN_URL, `DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
    this.created = false;
  }
}
