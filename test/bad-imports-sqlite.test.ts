// Bad input never half-writes: every broken file of fixtures/imports/bad (and a 50 MB upload) is
// sent through the HTTP API into a SQLite store on disk; each is refused with its coded problem
// naming line and field (from the case's expected.json), and afterwards the database files are
// byte-for-byte what they were before.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addUser, issueApiToken } from "../src/auth/accounts.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { MAX_IMPORT_BYTES } from "../src/imports/decode-text.js";
import { RaceControl } from "../src/service/race-control.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryAccountStore } from "../src/store/memory-account-store.js";
import { SqlStore } from "../src/store/sql/sql-store.js";
import { sqliteDialect } from "../src/store/sql/sqlite-dialect.js";

const ROOT = join(import.meta.dirname, "..");
const BAD = join(ROOT, "fixtures", "imports", "bad");
const S = "endurance-cup-2025";
const dir = mkdtempSync(join(tmpdir(), "paddock-bad-imports-"));
const dbPath = join(dir, "paddock.sqlite");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A hash of every file of the database (main file, and WAL and shared memory if present). */
function databaseBytes(): string {
  const h = createHash("sha256");
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest("hex");
}

interface Expected {
  file: string;
  layout: string;
  code: string;
  line?: number;
  field?: string;
  round?: number;
  stage: string;
}

const cases = readdirSync(BAD).map((name) => ({
  name,
  expected: JSON.parse(readFileSync(join(BAD, name, "expected.json"), "utf8")) as Expected,
}));

describe("broken result files through the API into SQLite", () => {
  it("refuses each with its code, line and field, and leaves the database byte-for-byte as it was", async () => {
    // The season, put once and the store closed, so the files on disk are settled.
    const first = await SqlStore.open(sqliteDialect(dbPath));
    const bundle = readSeasonBundle(join(ROOT, "fixtures", "seasons", S));
    if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
    await first.putSeason({
      season: bundle.value.season,
      rulesDocument: bundle.value.rulesDocument,
    });
    await first.close();
    const before = databaseBytes();

    const store = await SqlStore.open(sqliteDialect(dbPath));
    const accounts = new MemoryAccountStore();
    const user = await addUser(
      accounts,
      { username: "stew", role: "steward", password: "a long enough password" },
      "test",
    );
    if (!user.ok) throw new Error(user.error.message);
    const token = await issueApiToken(accounts, user.value.id, "test", "test");
    if (!token.ok) throw new Error(token.error.message);
    const service = new SeasonService(store, { versionTtlMs: 0 });
    const app = httpApp(service, () => {}, {
      accounts,
      requestLog: false,
      raceControl: { control: new RaceControl(store), store, presets: [] },
    });
    const put = (
      race: string,
      file: string,
      layout: string,
      bytes: Uint8Array,
      headers: Record<string, string> = {},
    ) =>
      app.request(
        `/api/seasons/${S}/races/${race}/results?${new URLSearchParams({ file, layout: "auto" === layout ? "auto" : layout })}`,
        {
          method: "PUT",
          body: bytes,
          headers: {
            Authorization: `Bearer ${token.value.secret}`,
            "Content-Type": "application/octet-stream",
            ...headers,
          },
        },
      );

    for (const { name, expected } of cases) {
      const bytes = new Uint8Array(readFileSync(join(BAD, name, expected.file)));
      const layout = expected.code === "UNKNOWN_LAYOUT" ? "auto" : expected.layout;
      const res = await put(`r${expected.round ?? 1}`, expected.file, layout, bytes);
      const body = (await res.json()) as { error: string; problems?: Record<string, unknown>[] };
      expect([name, res.status, body.error]).toEqual([name, 422, "INVALID_INPUT"]);
      expect(body.problems, name).toContainEqual(
        expect.objectContaining({
          code: expected.code,
          file: expected.file,
          ...(expected.line !== undefined ? { line: expected.line } : {}),
          ...(expected.field !== undefined ? { field: expected.field } : {}),
        }),
      );
    }

    // 50 MB: refused by its declared length before it is read, and while it streams in when no
    // length is declared (chunked uploads).
    const huge = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    expect(huge.length).toBeGreaterThan(MAX_IMPORT_BYTES);
    const declared = await put("r1", "huge.csv", "alkamel", huge, {
      "Content-Length": String(huge.length),
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toBe("PAYLOAD_TOO_LARGE");
    const streamed = await put("r1", "huge.csv", "alkamel", huge);
    expect(streamed.status).toBe(413);

    expect((await store.listChanges(S)).length).toBe(1);
    await store.close();
    expect(databaseBytes()).toBe(before);
  });
});
