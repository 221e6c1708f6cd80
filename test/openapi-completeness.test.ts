// Every route the app serves under /api is in the OpenAPI document (/api/openapi.json) with the
// same method and path, and the document describes nothing the app does not serve; the reference
// page (/api/docs) lists every operation; writes and account routes say what they need.
import { describe, expect, it } from "vitest";
import { httpApp } from "../src/http-app.js";
import { RaceControl } from "../src/service/race-control.js";
import { SeasonService } from "../src/service/season-service.js";
import { MemoryStore } from "../src/store/memory-store.js";

interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

function appOf(raceControl: boolean) {
  const store = new MemoryStore();
  const service = new SeasonService(store, { versionTtlMs: 0 });
  return httpApp(service, () => {}, {
    requestLog: false,
    ...(raceControl
      ? { raceControl: { control: new RaceControl(store), store, presets: [] } }
      : {}),
  });
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** "GET /api/seasons/:season": the app's routes under /api (handlers, not middleware). */
function served(app: ReturnType<typeof httpApp>): Set<string> {
  return new Set(
    app.routes
      .filter((r) => METHODS.has(r.method) && (r.path === "/api" || r.path.startsWith("/api/")))
      .map((r) => `${r.method} ${r.path}`),
  );
}

/** The document's operations in the same form: its server URL prefixed, {id} written :id. */
function documented(doc: OpenApiDocument): Set<string> {
  const base = doc.servers?.[0]?.url ?? "";
  return new Set(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.has(m.toUpperCase()))
        .map((m) => `${m.toUpperCase()} ${base}${path.replace(/\{([^}]+)\}/g, ":$1")}`),
    ),
  );
}

describe.each([
  ["with race control", true],
  ["read-only", false],
])("the OpenAPI document, %s", (_, raceControl) => {
  const app = appOf(raceControl);
  const document = async () =>
    (await (await app.request("/api/openapi.json")).json()) as OpenApiDocument;

  it("has every route the app serves under /api, and only those", async () => {
    const doc = await document();
    expect(doc.servers).toEqual([{ url: "/api" }]);
    const routes = served(app);
    const ops = documented(doc);
    expect(
      [...routes].filter((r) => !ops.has(r)),
      "served, not documented",
    ).toEqual([]);
    expect(
      [...ops].filter((o) => !routes.has(o)),
      "documented, not served",
    ).toEqual([]);
    // The account routes and the reference are served whether race control is there or not.
    for (const r of ["POST /api/auth/login", "DELETE /api/tokens/:id", "GET /api/docs"])
      expect(ops).toContain(r);
    expect([...ops].some((o) => o.startsWith("PUT "))).toBe(raceControl);
  });

  it("/api/docs lists every operation", async () => {
    const doc = await document();
    const page = await (await app.request("/api/docs")).text();
    const listed = new Set(
      [...page.matchAll(/<code>(GET|POST|PUT|PATCH|DELETE) (\/api\/[^<]*)<\/code>/g)].map(
        (m) => `${m[1]} ${m[2]?.replace(/\{([^}]+)\}/g, ":$1")}`,
      ),
    );
    expect(listed).toEqual(documented(doc));
  });

  it("an operation names a security scheme when, and only when, it refuses a stranger", async () => {
    const doc = await document();
    const schemes = doc.components?.securitySchemes ?? {};
    expect(schemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.session).toMatchObject({ type: "apiKey" });
    const base = doc.servers?.[0]?.url ?? "";
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item)) {
        const named = (op.security ?? []).flatMap((s) => Object.keys(s));
        for (const n of named) expect(schemes).toHaveProperty(n);
        const res = await app.request(`${base}${path.replace(/\{[^}]+\}/g, "x")}`, {
          method: method.toUpperCase(),
          headers: { Origin: "http://localhost" },
        });
        if (named.length > 0 !== (res.status === 401))
          wrong.push(
            `${method} ${path}: security ${JSON.stringify(named)}, a stranger gets ${res.status}`,
          );
      }
    expect(wrong).toEqual([]);
  });
});
