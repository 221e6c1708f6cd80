// A readable API reference page, rendered on the server from the OpenAPI document: every
// operation it describes, grouped by tag, with what it needs (nothing, or a token or login).
import { html, raw } from "hono/html";
import { STYLES } from "../web/styles.js";

/** The parts of an OpenAPI 3.1 document the page reads. */
export interface ReferenceDocument {
  readonly servers?: readonly { readonly url: string }[];
  readonly paths?: Readonly<Record<string, object>>;
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly needs: string;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const TAG_ORDER = ["seasons", "results", "standings", "race control", "accounts", "reference"];

function operations(doc: ReferenceDocument): Operation[] {
  const base = doc.servers?.[0]?.url ?? "";
  const list: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) {
      const op = (item as Record<string, unknown>)[method] as
        { summary?: string; tags?: string[]; security?: Record<string, unknown>[] } | undefined;
      if (!op) continue;
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      list.push({
        method: method.toUpperCase(),
        path: `${base}${path}`,
        tag: op.tags?.[0] ?? "race control",
        summary: op.summary ?? "",
        needs:
          schemes.length === 0
            ? "—"
            : schemes.includes("bearer")
              ? "API token or login"
              : "login (session cookie)",
      });
    }
  const rank = (tag: string) => (TAG_ORDER.includes(tag) ? TAG_ORDER.indexOf(tag) : 99);
  return list.sort((a, b) => rank(a.tag) - rank(b.tag));
}

export function apiReferencePage(doc: ReferenceDocument): string {
  const ops = operations(doc);
  const tags = [...new Set(ops.map((o) => o.tag))];
  const sections = tags.map(
    (tag) =>
      html`<h2>${tag[0]?.toUpperCase()}${tag.slice(1)}</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">What it does</th>
                <th scope="col">Needs</th>
              </tr>
            </thead>
            <tbody>
              ${ops
                .filter((o) => o.tag === tag)
                .map(
                  (o) =>
                    html`<tr>
                      <td><code>${o.method} ${o.path}</code></td>
                      <td>${o.summary}</td>
                      <td>${o.needs}</td>
                    </tr>`,
                )}
            </tbody>
          </table>
        </div>`,
  );
  return String(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>API reference — Paddock</title>
          <style>
            ${raw(STYLES)}
          </style>
        </head>
        <body>
          <header class="site"><a href="/">Paddock</a></header>
          <main>
            <h1>Paddock JSON API</h1>
            <p>
              Reading needs no key. Writes need an API token (<code
                >Authorization: Bearer pdk_…</code
              >, made on <a href="/account">your account page</a> or with
              <code>POST /api/tokens</code>) or the login cookie of
              <code>POST /api/auth/login</code> with its CSRF token in <code>X-CSRF-Token</code>.
              Errors are <code>{"error": CODE, "message": "…"}</code> with the matching status.
              Points are exact strings: <code>"170"</code>, <code>"12.5"</code>,
              <code>"100/3"</code>. Reads carry an ETag; send it back in
              <code>If-None-Match</code> to get <code>304 Not Modified</code>. The machine-readable
              description is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1), with
              every request's parameters and body and every answer's fields.
            </p>
            ${sections}
            <p>
              Example:
              <a href="/api/seasons/alms-2003/standings?class=GT"
                ><code>/api/seasons/alms-2003/standings?class=GT</code></a
              >; a season's calendar in your calendar app:
              <a href="/api/seasons/alms-2003/calendar.ics"
                ><code>/api/seasons/alms-2003/calendar.ics</code></a
              >.
            </p>
          </main>
        </body>
      </html>`,
  );
}
