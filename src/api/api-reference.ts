// A readable API reference page, rendered on the server from the OpenAPI document's routes.
import { html, raw } from "hono/html";
import { STYLES } from "../web/styles.js";

const ENDPOINTS: [string, string][] = [
  ["GET /api/series", "every series with its seasons"],
  ["GET /api/seasons", "every season: id, series, year, rounds raced, version"],
  ["GET /api/seasons/{season}", "one season: classes, rounds, teams, rules, provenance"],
  ["GET /api/seasons/{season}/calendar", "the calendar, cancelled rounds included (?format=csv)"],
  ["GET /api/seasons/{season}/classes", "the classes"],
  ["GET /api/seasons/{season}/teams", "teams with aliases"],
  ["GET /api/seasons/{season}/drivers", "drivers"],
  [
    "GET /api/seasons/{season}/entries",
    "the entry list with each driver's rounds (?class=GT, ?format=csv)",
  ],
  [
    "GET /api/seasons/{season}/rounds/{round}/results",
    "a round's classification with class and points positions and points earned (?class=, ?format=csv)",
  ],
  [
    "GET /api/seasons/{season}/standings",
    "standings with per-round points and markers (?class=, ?championship=, ?afterRound=, ?trail=true, ?format=csv)",
  ],
  ["GET /api/seasons/{season}/summary", "class winners per round, overall winner marked"],
  [
    "GET /api/seasons/{season}/scenarios?afterRound=8",
    "title scenarios: contenders, clinched titles, what each contender needs",
  ],
  ["GET /api/openapi.json", "the OpenAPI 3.1 document of all of the above"],
];

export function apiReferencePage(): string {
  const rows = ENDPOINTS.map(
    ([path, what]) =>
      html`<tr>
        <td><code>${path}</code></td>
        <td>${what}</td>
      </tr>`,
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
              Read-only, no key needed. Errors are <code>{"error": CODE, "message": "…"}</code> with
              the matching status. Points are exact strings: <code>"170"</code>,
              <code>"12.5"</code>, <code>"100/3"</code>. Responses carry an ETag; send it back in
              <code>If-None-Match</code> to get <code>304 Not Modified</code>. The machine-readable
              description is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
            </p>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Request</th>
                    <th scope="col">Returns</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
            </div>
            <p>
              Example:
              <a href="/api/seasons/alms-2003/standings?class=GT"
                ><code>/api/seasons/alms-2003/standings?class=GT</code></a
              >
            </p>
          </main>
        </body>
      </html>`,
  );
}
