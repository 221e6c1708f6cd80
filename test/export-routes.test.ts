// The export downloads in process (app.request): content types, attachment file names, bodies
// that match the published 2003 tables, the error shape, and the links the pages show.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { httpApp } from "../src/http-app.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

const root = join(import.meta.dirname, "..");
const published = parse(
  readFileSync(join(root, "fixtures", "alms-2003", "standings-published.csv"), "utf8"),
  { columns: true },
) as Record<string, string>[];
const gt = published.filter((r) => r["class"] === "GT");
let app: ReturnType<typeof httpApp>;

beforeAll(async () => {
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error("alms-2003 does not validate");
  const store = new MemoryStore();
  await store.putSeason({ season: read.value.season, rulesDocument: read.value.rulesDocument });
  const hostile = structuredClone(read.value.season);
  await store.putSeason({
    season: {
      ...hostile,
      id: "hostile",
      teams: hostile.teams.map((t) =>
        t.id === "alex-job-racing" ? { ...t, name: "[[x]] | {{y}} <script>" } : t,
      ),
    },
    rulesDocument: read.value.rulesDocument,
  });
  app = httpApp(new SeasonService(store, { versionTtlMs: 0 }), () => {});
});

describe("export downloads", () => {
  it.each([
    [
      "/seasons/alms-2003/export/standings.csv?class=GT",
      "text/csv; charset=utf-8",
      "alms-2003-standings-gt.csv",
    ],
    [
      "/seasons/alms-2003/export/standings.json?class=GT",
      "application/json",
      "alms-2003-standings-gt.json",
    ],
    [
      "/seasons/alms-2003/export/standings.md?class=GT",
      "text/markdown; charset=utf-8",
      "alms-2003-standings-gt.md",
    ],
    [
      "/seasons/alms-2003/export/standings.wiki?class=gt",
      "text/plain; charset=utf-8",
      "alms-2003-standings-gt.wiki",
    ],
    [
      "/seasons/alms-2003/export/standings.wiki?class=GT&championship=teams",
      "text/plain; charset=utf-8",
      "alms-2003-standings-gt-teams.wiki",
    ],
    [
      "/seasons/alms-2003/export/standings.csv?afterRound=8",
      "text/csv; charset=utf-8",
      "alms-2003-standings-after-round-8.csv",
    ],
    [
      "/seasons/alms-2003/export/rounds/7/results.wiki",
      "text/plain; charset=utf-8",
      "alms-2003-round-7-results.wiki",
    ],
    [
      "/seasons/alms-2003/export/rounds/7/results.csv?class=GTS",
      "text/csv; charset=utf-8",
      "alms-2003-round-7-results-gts.csv",
    ],
    [
      "/seasons/alms-2003/export/summary.md",
      "text/markdown; charset=utf-8",
      "alms-2003-summary.md",
    ],
    ["/seasons/alms-2003/export/summary.json", "application/json", "alms-2003-summary.json"],
  ])("%s", async (path, contentType, fileName) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(contentType);
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="${fileName}"`);
    expect((await res.text()).length).toBeGreaterThan(0);
  });

  it("the GT standings CSV holds the published GT rows", async () => {
    const res = await app.request("/seasons/alms-2003/export/standings.csv?class=GT");
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r["pos"], r["team"], r["total"]])).toEqual(
      gt.map((r) => [r["pos"], r["team"], r["total"]]),
    );
  });

  it("the GT standings wikitext has a gold cell for the leader's round win", async () => {
    const text = await (
      await app.request("/seasons/alms-2003/export/standings.wiki?class=GT")
    ).text();
    const leader = gt.find((r) => r["pos"] === "1")!;
    expect(text).toContain(
      `| style="text-align:left" | ${leader["team"]}\n| style="background:#FFFFBF" | ${leader["r1"]}\n`,
    );
    expect(text).toContain("|+ Key");
  });

  it("a second read is served from the cache with an ETag, the same headers and body", async () => {
    const path = "/seasons/alms-2003/export/standings.csv?class=LMP900";
    const first = await app.request(path);
    const second = await app.request(path);
    expect(second.headers.get("ETag")).toBeTruthy();
    expect(second.headers.get("Content-Disposition")).toBe(
      first.headers.get("Content-Disposition"),
    );
    expect(await second.text()).toBe(await first.text());
  });

  it("hostile names cannot break the wikitext table", async () => {
    const text = await (
      await app.request("/seasons/hostile/export/standings.wiki?class=GT")
    ).text();
    expect(text).toContain("&#91;&#91;x&#93;&#93; &#124; &#123;&#123;y&#125;&#125; &lt;script&gt;");
    expect(text).not.toContain("[[x]]");
    expect(text).not.toContain("<script>");
  });

  it.each([
    ["/seasons/alms-1999/export/standings.csv", 404, "NOT_FOUND"],
    ["/seasons/alms-2003/export/standings.pdf", 404, "NOT_FOUND"],
    ["/seasons/alms-2003/export/podium.csv", 404, "NOT_FOUND"],
    ["/seasons/alms-2003/export/standings.csv?class=F1", 404, "UNKNOWN_CLASS"],
    ["/seasons/alms-2003/export/standings.csv?class=LMGTP", 404, "NOT_FOUND"],
    ["/seasons/alms-2003/export/standings.csv?championship=drivers", 404, "UNKNOWN_CHAMPIONSHIP"],
    ["/seasons/alms-2003/export/standings.csv?afterRound=x", 400, "INVALID_REQUEST"],
    ["/seasons/alms-2003/export/standings.csv?afterRound=12", 404, "UNKNOWN_ROUND"],
    ["/seasons/alms-2003/export/rounds/12/results.csv", 404, "UNKNOWN_ROUND"],
    ["/seasons/alms-2003/export/rounds/x/results.csv", 400, "INVALID_REQUEST"],
    ["/seasons/alms-2003/export/rounds/7/standings.csv", 404, "NOT_FOUND"],
    ["/seasons/alms-2003/export/summary.wiki?class=LMGTP", 404, "UNKNOWN_CLASS"],
  ])("%s: %s %s", async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe(code);
    expect(body.message.length).toBeGreaterThan(0);
  });
});

describe("pages link their downloads", () => {
  it.each([
    ["/seasons/alms-2003/standings?class=GT", "/seasons/alms-2003/export/standings", "?class=GT"],
    ["/seasons/alms-2003/rounds/7", "/seasons/alms-2003/export/rounds/7/results", ""],
    ["/seasons/alms-2003", "/seasons/alms-2003/export/summary", ""],
  ])("%s", async (page, base, query) => {
    const html = await (await app.request(page)).text();
    expect(html).toContain("Download:");
    for (const [ext, label] of [
      ["csv", "CSV"],
      ["json", "JSON"],
      ["md", "Markdown"],
      ["wiki", "Wikitext"],
    ]) {
      const href = `${base}.${ext}${query}`;
      expect(html).toMatch(new RegExp(`href="${href.replace(/[.?]/g, "\\$&")}"[^>]*>${label}<`));
      expect((await app.request(href)).status).toBe(200);
    }
  });

  it("the standings page after a round links the downloads after that round", async () => {
    const html = await (
      await app.request("/seasons/alms-2003/standings?class=GT&afterRound=8")
    ).text();
    expect(html).toContain(
      'href="/seasons/alms-2003/export/standings.csv?class=GT&amp;afterRound=8"',
    );
  });
});
