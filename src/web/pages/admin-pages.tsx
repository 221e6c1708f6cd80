// Race control's pages: the season dashboard (rounds, imports, publication, decisions), the import
// preview, the audit log with each change's before/after, and the forms of season
// administration. Per-user pages, sent with Cache-Control: no-store; every form carries the
// session's CSRF token and the season version it was prepared from (optimistic concurrency).
// Everything shown goes through JSX, which escapes it: names from uploaded files stay text.
import type { Child } from "hono/jsx";
import type { AuthUser } from "../../auth/auth.js";
import { CSRF_FIELD } from "../../auth/auth.js";
import type { Problem } from "../../core/problems.js";
import { formatProblem } from "../../core/problems.js";
import { numberedRounds } from "../../core/season.js";
import type { Season } from "../../core/season.js";
import { DECISION_KINDS, ROUND_STATUSES } from "../../core/vocabulary.js";
import type { RulesPreset } from "../../formats/rules-presets.js";
import { additionCount } from "../../imports/classification-additions.js";
import type { ClassificationAdditions } from "../../imports/classification-additions.js";
import { IMPORT_LAYOUTS, LAYOUT_LABELS } from "../../imports/result-layouts.js";
import type { ImportPreview } from "../../service/result-import.js";
import { changedColumns } from "../../service/season-diff.js";
import type { RowChange } from "../../service/season-diff.js";
import type { AuditPage as AuditPaging } from "../../service/audit-log.js";
import type {
  SeasonChangeRecord,
  SeasonSummary,
  VersionedSeason,
} from "../../store/season-store.js";
import { Layout } from "../layout.js";
import type { Crumb } from "../layout.js";
import { roundHref, seasonHref } from "../page-parts.js";
import { RemoveButton, SeasonMaintenance, SetupShortcuts, entryLabel } from "./correction-pages.js";
import { EntryListForm } from "./entry-list-pages.js";

export const adminHref = (season?: string) =>
  season === undefined ? "/admin" : `/admin/seasons/${encodeURIComponent(season)}`;

/** What a page needs to know about the request: who, and the CSRF token for its forms. */
export interface AdminContext {
  readonly user: AuthUser;
  readonly csrf: string;
}

/** A notice at the top of a page: what just happened, or what went wrong. */
export interface Notice {
  readonly kind: "done" | "error";
  readonly message: string;
  readonly problems?: readonly Problem[];
}

const when = (iso: string | null) =>
  iso === null ? "—" : `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function Csrf(props: { ctx: AdminContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.ctx.csrf} />;
}

export function Version(props: { version: string }) {
  return <input type="hidden" name="expectedVersion" value={props.version} />;
}

function NoticeBox(props: { notice: Notice | undefined }) {
  const n = props.notice;
  if (!n) return null;
  return (
    <div role={n.kind === "error" ? "alert" : "status"} class={`notice ${n.kind}`}>
      <p>{n.message}</p>
      {n.problems && n.problems.length > 0 ? (
        <ul class="problems">
          {n.problems.slice(0, 200).map((p) => (
            <li>
              <code>{formatProblem(p)}</code>
            </li>
          ))}
          {n.problems.length > 200 ? <li>… and {n.problems.length - 200} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

export function AdminLayout(props: {
  ctx: AdminContext;
  title: string;
  crumbs: readonly Crumb[];
  notice?: Notice | undefined;
  children?: Child;
}) {
  return (
    <Layout
      title={props.title}
      crumbs={[{ label: "Race control", href: "/admin" }, ...props.crumbs]}
      signedIn
    >
      <form method="post" action="/logout" class="note signed-in">
        Logged in as <strong>{props.ctx.user.displayName}</strong> ({props.ctx.user.role}) ·{" "}
        <a href="/account">Account</a>
        {props.ctx.user.role === "admin" ? (
          <>
            {" · "}
            <a href="/admin/users">Users</a>
          </>
        ) : null}{" "}
        · <Csrf ctx={props.ctx} />
        <button type="submit">Log out</button>
      </form>
      <h1>{props.title}</h1>
      <NoticeBox notice={props.notice} />
      {props.children}
    </Layout>
  );
}

export function AdminHomePage(props: {
  ctx: AdminContext;
  seasons: readonly SeasonSummary[];
  notice?: Notice;
}) {
  return (
    <AdminLayout ctx={props.ctx} title="Race control" crumbs={[]} notice={props.notice}>
      <p class="note">Import classifications, apply stewards' decisions and publish results.</p>
      <table>
        <thead>
          <tr>
            <th>Season</th>
            <th>Series</th>
            <th class="num">Rounds raced</th>
            <th class="num">Version</th>
          </tr>
        </thead>
        <tbody>
          {props.seasons.map((s) => (
            <tr>
              <td>
                <a href={adminHref(s.id)}>{s.name}</a>
              </td>
              <td>{s.seriesName}</td>
              <td class="num">
                {s.completedRounds} / {s.rounds}
              </td>
              <td class="num">{s.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.ctx.user.role === "admin" ? (
        <p>
          <a href="/admin/seasons/new">Create a season</a>
        </p>
      ) : null}
    </AdminLayout>
  );
}

export function NewSeasonPage(props: {
  ctx: AdminContext;
  presets: readonly RulesPreset[];
  values?: Readonly<Record<string, string>>;
  notice?: Notice;
}) {
  const v = props.values ?? {};
  return (
    <AdminLayout
      ctx={props.ctx}
      title="Create a season"
      crumbs={[{ label: "New season" }]}
      notice={props.notice}
    >
      <form method="post" action="/admin/seasons/new" class="stack">
        <Csrf ctx={props.ctx} />
        <label>
          Season id (letters, digits, - and _){" "}
          <input name="id" required value={v.id ?? ""} pattern="[A-Za-z0-9][A-Za-z0-9._-]*" />
        </label>
        <label>
          Name <input name="name" required value={v.name ?? ""} />
        </label>
        <label>
          Year{" "}
          <input name="year" type="number" min="1890" max="3000" required value={v.year ?? ""} />
        </label>
        <label>
          Series id{" "}
          <input
            name="seriesId"
            required
            value={v.seriesId ?? ""}
            pattern="[A-Za-z0-9][A-Za-z0-9._-]*"
          />
        </label>
        <label>
          Series name <input name="seriesName" required value={v.seriesName ?? ""} />
        </label>
        <label>
          Classes, one per line: id, then name (e.g. "LMP2 Le Mans Prototype 2")
          <textarea name="classes" rows={4} required>
            {v.classes ?? ""}
          </textarea>
        </label>
        <label>
          Points rules
          <select name="preset">
            {props.presets.map((p) => (
              <option value={p.id} selected={v.preset === p.id}>
                {p.name}
              </option>
            ))}
            <option value="custom" selected={v.preset === "custom"}>
              My own rules document (below)
            </option>
          </select>
        </label>
        <details>
          <summary>What the presets do</summary>
          <dl>
            {props.presets.map((p) => (
              <>
                <dt>{p.name}</dt>
                <dd>{p.description}</dd>
              </>
            ))}
          </dl>
        </details>
        <label>
          Rules document (paddock-rules/1 JSON; used when "My own" is chosen; see
          /docs/points-rules.md)
          <textarea name="rules" rows={8}>
            {v.rules ?? ""}
          </textarea>
        </label>
        <label>
          Reason (kept in the audit log) <input name="reason" value={v.reason ?? ""} />
        </label>
        <button type="submit">Create the season</button>
      </form>
      <p class="note">Add rounds, teams and entries on the season's page once it exists.</p>
    </AdminLayout>
  );
}

function RaceActions(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  raceId: string;
  status: string;
}) {
  const s = props.season;
  const next = props.status === "official" ? "provisional" : "official";
  return (
    <form
      method="post"
      action={`${adminHref(s.season.id)}/races/${encodeURIComponent(props.raceId)}/publication`}
      class="inline"
    >
      <Csrf ctx={props.ctx} />
      <Version version={s.version} />
      <input type="hidden" name="status" value={next} />
      <button type="submit">
        {next === "official" ? "Publish official" : "Back to provisional"}
      </button>
    </form>
  );
}

export function SeasonAdminPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  notice?: Notice;
}) {
  const s = props.season.season;
  const base = adminHref(s.id);
  const rows = new Map<string, number>();
  for (const r of s.results) rows.set(r.raceId, (rows.get(r.raceId) ?? 0) + 1);
  const isAdmin = props.ctx.user.role === "admin";
  return (
    <AdminLayout ctx={props.ctx} title={s.name} crumbs={[{ label: s.name }]} notice={props.notice}>
      <p class="note">
        Version {props.season.version} · <a href={seasonHref(s.id)}>public pages</a> ·{" "}
        <a href={`${base}/audit`}>audit log</a>
        {isAdmin ? (
          <>
            {" · "}
            <a href={`${base}/rules`}>points rules</a> · <a href={`${base}/teams`}>teams</a> ·{" "}
            <a href={`${base}/entries`}>entries and line-ups</a>
          </>
        ) : null}
      </p>
      <h2>Calendar and results</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th class="num">Rnd</th>
              <th>Event</th>
              <th>Date</th>
              <th>Status</th>
              <th>Race</th>
              <th class="num">Rows</th>
              <th>Results</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {s.rounds.flatMap((round) => {
              const races = round.races.length > 0 ? round.races : [null];
              return races.map((race, i) => (
                <tr>
                  {i === 0 ? (
                    <>
                      <td class="num" rowspan={races.length}>
                        {round.number ?? "—"}
                      </td>
                      <td rowspan={races.length}>
                        {round.number !== null ? (
                          <a href={roundHref(s.id, round.number)}>{round.name}</a>
                        ) : (
                          round.name
                        )}
                        {isAdmin && round.number !== null ? (
                          <>
                            {" "}
                            <a class="badge" href={`${base}/rounds/${round.number}`}>
                              edit
                            </a>
                          </>
                        ) : null}
                      </td>
                      <td rowspan={races.length}>{round.date ?? "—"}</td>
                      <td rowspan={races.length}>{round.status}</td>
                    </>
                  ) : null}
                  <td>{race?.name ?? "—"}</td>
                  <td class="num">{race ? (rows.get(race.id) ?? 0) : ""}</td>
                  <td>
                    {race && (rows.get(race.id) ?? 0) > 0 ? (
                      <span class={`badge ${race.resultStatus}`}>
                        {race.resultStatus}
                        {race.publishedAt ? ` ${when(race.publishedAt)}` : ""}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {race && round.status !== "cancelled" ? (
                      <>
                        <a href={`${base}/races/${encodeURIComponent(race.id)}/import`}>
                          Import results
                        </a>
                        {(rows.get(race.id) ?? 0) > 0 ? (
                          <>
                            {" "}
                            <RaceActions
                              ctx={props.ctx}
                              season={props.season}
                              raceId={race.id}
                              status={race.resultStatus}
                            />{" "}
                            <RemoveButton
                              ctx={props.ctx}
                              season={props.season}
                              what="results"
                              fields={{ race: race.id }}
                              label={`Clear the results of race ${race.id}`}
                            />
                          </>
                        ) : isAdmin ? (
                          <>
                            {" "}
                            <RemoveButton
                              ctx={props.ctx}
                              season={props.season}
                              what="race"
                              fields={{ race: race.id }}
                              label={`Remove race ${race.id}`}
                            />
                          </>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                </tr>
              ));
            })}
          </tbody>
        </table>
      </div>
      {isAdmin ? <AddRoundForm ctx={props.ctx} season={props.season} /> : null}
      {isAdmin ? <SetupShortcuts ctx={props.ctx} season={props.season} /> : null}
      {isAdmin ? <ClassesList ctx={props.ctx} season={props.season} /> : null}
      <DecisionForm ctx={props.ctx} season={props.season} />
      <h2>Decisions</h2>
      {s.decisions.length === 0 ? (
        <p class="note">None yet.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Id</th>
                <th>Date</th>
                <th>Kind</th>
                <th>Concerns</th>
                <th>Amount</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {s.decisions.map((d) => (
                <tr>
                  <td>{d.id}</td>
                  <td>{d.date ?? "—"}</td>
                  <td>{d.kind.replace(/_/g, " ")}</td>
                  <td>
                    {[
                      d.target.raceId ??
                        (d.target.roundNumber !== null ? `round ${d.target.roundNumber}` : ""),
                      d.target.number !== null ? `#${d.target.number}` : "",
                      d.target.entryId ? `entry ${d.target.entryId}` : "",
                      d.target.teamId ?? "",
                      d.target.classId ?? "",
                      d.championshipId ?? "",
                      d.overturns ? `overturns ${d.overturns}` : "",
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                  <td>
                    {d.seconds !== null
                      ? `+${d.seconds} s`
                      : d.places !== null
                        ? `${d.places} places`
                        : d.points !== null
                          ? `${d.points.n}${d.points.d === 1 ? "" : `/${d.points.d}`} pts`
                          : ""}
                  </td>
                  <td>{d.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin ? <SeasonMaintenance ctx={props.ctx} season={props.season} /> : null}
    </AdminLayout>
  );
}

/** The season's classes, each removable while nothing races in it. */
function ClassesList(props: { ctx: AdminContext; season: VersionedSeason }) {
  const s = props.season.season;
  return (
    <>
      <h2>Classes</h2>
      <ul>
        {s.classes.map((k) => (
          <li>
            {k.name} ({k.id}){k.championship ? "" : ", no championship of its own"}{" "}
            <RemoveButton
              ctx={props.ctx}
              season={props.season}
              what="class"
              fields={{ class: k.id }}
              label={`Remove class ${k.id}`}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function AddRoundForm(props: { ctx: AdminContext; season: VersionedSeason }) {
  const s = props.season.season;
  const next = Math.max(0, ...s.rounds.map((r) => r.number ?? 0)) + 1;
  return (
    <details>
      <summary>Add a round</summary>
      <form method="post" action={`${adminHref(s.id)}/rounds`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Number <input name="number" type="number" min="1" value={String(next)} required />
        </label>
        <label>
          Event name <input name="name" required />
        </label>
        <label>
          Circuit <input name="circuit" />
        </label>
        <label>
          Date <input name="date" type="date" />
        </label>
        <label>
          Reason <input name="reason" />
        </label>
        <button type="submit">Add the round</button>
      </form>
    </details>
  );
}

/**
 * The cars of the season that shared their number with another car in a race (a car swap, a
 * reserve car): a decision on one of them must name its entry. One option per race and car.
 */
function sharedNumberCars(s: Season): { entryId: string; label: string }[] {
  const byCar = new Map<string, Set<string>>();
  for (const r of s.results) {
    if (r.number === null || r.entryId === null) continue;
    const key = `${r.raceId}|${r.number}`;
    const set = byCar.get(key) ?? new Set<string>();
    set.add(r.entryId);
    byCar.set(key, set);
  }
  const raceName = new Map(
    s.rounds.flatMap((round) =>
      round.races.map((race) => [race.id, `Round ${round.number ?? "?"} ${race.name}`]),
    ),
  );
  const entries = new Map(s.entries.map((e) => [e.id, e]));
  const drivers = new Map(s.drivers.map((d) => [d.id, d.name]));
  const out: { entryId: string; label: string }[] = [];
  for (const [key, ids] of byCar) {
    if (ids.size < 2) continue;
    const raceId = key.slice(0, key.indexOf("|"));
    for (const id of ids) {
      const e = entries.get(id);
      const who = s.results
        .filter((r) => r.raceId === raceId && r.entryId === id)
        .flatMap((r) => r.driverIds.map((d) => drivers.get(d) ?? d));
      out.push({
        entryId: id,
        label: `${raceName.get(raceId) ?? raceId}: ${e ? entryLabel(s, e) : id}${
          who.length > 0 ? ` — ${who.join(", ")}` : ""
        }`,
      });
    }
  }
  return out;
}

function DecisionForm(props: { ctx: AdminContext; season: VersionedSeason }) {
  const s = props.season.season;
  const races = numberedRounds(s).flatMap((r) => r.races.map((race) => ({ race, round: r })));
  const shared = sharedNumberCars(s);
  return (
    <>
      <h2>Record a stewards' decision</h2>
      <form method="post" action={`${adminHref(s.id)}/decisions`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Kind
          <select name="kind">
            {DECISION_KINDS.map((k) => (
              <option value={k}>{k.replace(/_/g, " ")}</option>
            ))}
          </select>
        </label>
        <label>
          Race
          <select name="race">
            <option value="">(none: a championship decision)</option>
            {races.map(({ race, round }) => (
              <option value={race.id}>
                Round {round.number}: {round.name} — {race.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Car number <input name="number" />
        </label>
        <label>
          Team (id or name) <input name="team" />
        </label>
        {shared.length > 0 ? (
          <label>
            Entry (where two cars raced with one number: say which car)
            <select name="entry">
              <option value="">(none: the car number says which car)</option>
              {shared.map((c) => (
                <option value={c.entryId}>{c.label}</option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            Entry id (optional: where two cars raced with one number) <input name="entry" />
          </label>
        )}
        <label>
          Class <input name="class" />
        </label>
        <label>
          Championship (for points decisions) <input name="championship" placeholder="teams" />
        </label>
        <label>
          Points to deduct <input name="points" inputmode="decimal" />
        </label>
        <label>
          Seconds added (time penalty) <input name="seconds" inputmode="decimal" />
        </label>
        <label>
          Places dropped (position penalty) <input name="places" inputmode="numeric" />
        </label>
        <label>
          Overturns decision (reinstatement on appeal) <input name="overturns" placeholder="D1" />
        </label>
        <label>
          Date <input name="date" type="date" />
        </label>
        <label>
          Reason (published) <input name="reason" required />
        </label>
        <button type="submit">Record the decision</button>
      </form>
    </>
  );
}

export function ImportFormPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  raceId: string;
  mappings: readonly { name: string }[];
  notice?: Notice;
}) {
  const s = props.season.season;
  const race = s.rounds.flatMap((r) => r.races).find((r) => r.id === props.raceId);
  const existing = s.results.filter((r) => r.raceId === props.raceId).length;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Import results: ${race?.name ?? props.raceId}, round ${race?.roundNumber ?? "?"}`}
      crumbs={[{ label: s.name, href: adminHref(s.id) }, { label: "Import" }]}
      notice={props.notice}
    >
      <p class="note">
        Upload the classification as the timing system exports it (CSV or JSON; UTF-8, UTF-8 with a
        byte-order mark, UTF-16 and Windows-1252 are recognised). You will see a preview before
        anything is written.
        {existing > 0 ? ` The race has ${existing} result rows now; an import replaces them.` : ""}
      </p>
      <form
        method="post"
        action={`${adminHref(s.id)}/races/${encodeURIComponent(props.raceId)}/import`}
        enctype="multipart/form-data"
        class="stack"
      >
        <Csrf ctx={props.ctx} />
        <label>
          File <input type="file" name="file" required />
        </label>
        <label>
          Layout
          <select name="layout">
            <option value="auto">Recognise it from the header</option>
            {IMPORT_LAYOUTS.map((l) => (
              <option value={l}>{LAYOUT_LABELS[l]}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Column mapping (custom layout only)</legend>
          {props.mappings.length > 0 ? (
            <label>
              Saved mapping
              <select name="savedMapping">
                <option value="">(none)</option>
                {props.mappings.map((m) => (
                  <option value={m.name}>{m.name}</option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            Or a mapping as JSON, e.g.{" "}
            {`{"columns": {"pos": "Pos", "number": "Car", "team": "Team name"}}`}
            <textarea name="mapping" rows={4}></textarea>
          </label>
          <label>
            Save this mapping for the series as{" "}
            <input name="saveMappingAs" placeholder="timing-company-x" />
          </label>
        </fieldset>
        <button type="submit">Preview</button>
      </form>
    </AdminLayout>
  );
}

export function ImportPreviewPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  preview: ImportPreview;
  pendingId: string | null;
  championships: readonly string[];
}) {
  const p = props.preview;
  const s = props.season.season;
  // Problems no row shows (the header's, an empty file's) go in the notice. (A set of the rows'
  // lines: a file of 100,000 rows with as many problems is not 10^10 comparisons.)
  const rowLines = new Set(p.rows.map((r) => r.line));
  const general = p.problems.filter(
    (x) => x.line === undefined || x.file !== p.file || !rowLines.has(x.line),
  );
  // The preview is made as if they were added (the admin route asks so): the box confirms it.
  const adds = p.addUnknown && p.additions ? additionCount(p.additions) : 0;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Preview: ${p.file} → ${p.race.name}, round ${p.race.roundNumber}`}
      crumbs={[
        { label: s.name, href: adminHref(s.id) },
        {
          label: "Import",
          href: `${adminHref(s.id)}/races/${encodeURIComponent(p.race.id)}/import`,
        },
        { label: "Preview" },
      ]}
      notice={
        p.ok
          ? {
              kind: "done",
              message: `${p.rows.length} rows ready to import. Nothing is written until you confirm.`,
            }
          : {
              kind: "error",
              message: `${p.problems.length} problem(s): nothing can be imported until the file is fixed.`,
              problems: general,
            }
      }
    >
      <p class="note">
        Layout: {p.layout ? LAYOUT_LABELS[p.layout] : "—"} · encoding: {p.encoding ?? "—"} · based
        on version {p.baseVersion}
        {p.replacesRows > 0 ? ` · replaces the ${p.replacesRows} rows the race has now` : ""}
      </p>
      {p.notes.length > 0 ? (
        <ul class="note">
          {p.notes.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      ) : null}
      {p.unknownCars.length > 0 && adds === 0 ? (
        <p role="alert">
          Car numbers not in the entry list for this round: {p.unknownCars.join(", ")}. Add the
          entries first, or correct the file.
        </p>
      ) : null}
      {p.additions && adds > 0 ? <ImportAdditions additions={p.additions} /> : null}
      {p.additionProblems.length > 0 ? (
        <section class="warnings" aria-label="Cars that cannot be added">
          <h2>The cars this file introduces cannot be added as it gives them</h2>
          <ul>
            {p.additionProblems.map((x) => (
              <li>
                <code>{x.code}</code> line {x.line ?? "—"}
                {x.field ? ` [${x.field}]` : ""}: {x.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.warnings.length > 0 ? (
        <section class="warnings" aria-label="Warnings">
          <h2>{p.warnings.length} warning(s): check each before importing</h2>
          <ul>
            {p.warnings.map((x) => (
              <li>
                <code>{x.code}</code> line {x.line ?? "—"}
                {x.field ? ` [${x.field}]` : ""}: {x.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.pendingId && p.ok ? (
        <form
          method="post"
          action={`${adminHref(s.id)}/imports/${props.pendingId}/commit`}
          class="stack"
        >
          <Csrf ctx={props.ctx} />
          <Version version={p.baseVersion} />
          <label>
            Reason (kept in the audit log){" "}
            <input name="reason" value={`classification from ${p.file}`} />
          </label>
          {p.warnings.length > 0 ? (
            <label>
              <input type="checkbox" name="acceptWarnings" value="yes" required /> I have checked
              the warnings
            </label>
          ) : null}
          {adds > 0 ? (
            <label>
              <input type="checkbox" name="addUnknown" value="yes" required /> Add the {adds} cars,
              teams and drivers this file introduces
            </label>
          ) : null}
          <button type="submit">Import {p.rows.length} rows</button>
        </form>
      ) : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th class="num">Line</th>
              <th class="num">Pos</th>
              <th class="num">No.</th>
              <th>Class</th>
              <th class="num">Class pos</th>
              <th>Team (file → season)</th>
              <th>Entry</th>
              <th>Drivers</th>
              <th>Status</th>
              <th class="num">Laps</th>
              <th>Time</th>
              {props.championships.map((c) => (
                <th class="num">{c}</th>
              ))}
              <th>Problems</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr class={r.problems.length > 0 ? "problem" : ""}>
                <td class="num">{r.line}</td>
                <td class="num">{r.position}</td>
                <td class="num">{r.number}</td>
                <td>{r.classId ?? r.classText}</td>
                <td class="num">{r.classPosition ?? ""}</td>
                <td>
                  {r.teamText}
                  {r.teamName && r.viaAlias ? ` → ${r.teamName} (alias)` : ""}
                </td>
                <td>
                  {r.entryId ?? "—"}
                  {r.addsEntry ? " (new)" : ""}
                </td>
                <td>{r.drivers.split(";").join(", ")}</td>
                <td>{r.status}</td>
                <td class="num">{r.laps}</td>
                <td>{r.time}</td>
                {props.championships.map((c) => (
                  <td class="num">{r.points.find((x) => x.championshipId === c)?.points ?? ""}</td>
                ))}
                <td>
                  {r.problems.map((x) => (
                    <div>
                      <code>{x.code}</code> {x.field ? `[${x.field}] ` : ""}
                      {x.message}
                    </div>
                  ))}
                  {r.warnings.map((x) => (
                    <div class="warning">
                      warning <code>{x.code}</code> {x.field ? `[${x.field}] ` : ""}
                      {x.message}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

/** What the file adds to the season: its new cars, teams and drivers, and drivers new to a car. */
function ImportAdditions(props: { additions: ClassificationAdditions }) {
  const a = props.additions;
  const some = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <section class="additions" aria-label="What this file adds">
      <h2>
        This file introduces {some(a.entries.length, "car", "cars")},{" "}
        {some(a.teams.length, "team", "teams")} and {some(a.drivers.length, "driver", "drivers")}{" "}
        the season does not know
      </h2>
      <p class="note">
        Each car without an entry becomes an entry for the whole season, with its class, its team
        (matched by name or alias across case and accents, else added as the file spells it) and its
        drivers; a driver new to a known car joins its line-up for this round. They are written with
        the results, in the same change, only if you tick the box below.
      </p>
      {a.entries.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th class="num">Line</th>
              <th class="num">No.</th>
              <th>Class</th>
              <th>Entry</th>
              <th>Team</th>
              <th>Drivers</th>
            </tr>
          </thead>
          <tbody>
            {a.entries.map((e) => (
              <tr>
                <td class="num">{e.line}</td>
                <td class="num">{e.number}</td>
                <td>{e.classId}</td>
                <td>{e.entryId}</td>
                <td>
                  {e.teamName}
                  {e.newTeam ? ` (new: ${e.teamId})` : ""}
                </td>
                <td>{e.drivers.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {a.drivers.length > 0 ? (
        <p>New drivers: {a.drivers.map((d) => `${d.name} (${d.id})`).join(", ")}.</p>
      ) : null}
      {a.lineups.some((l) => l.rounds !== null) ? (
        <ul>
          {a.lineups
            .filter((l) => l.rounds !== null)
            .map((l) => (
              <li>
                {l.driver} joins {l.entryId} for round {l.rounds?.join(", ")} (line {l.line})
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
}

export function AuditPage(props: {
  ctx: AdminContext;
  seasonId: string;
  seasonName: string;
  changes: readonly SeasonChangeRecord[];
  diffs: ReadonlyMap<string, readonly RowChange[]>;
  paging?: Pick<AuditPaging, "total" | "from" | "newer" | "older">;
}) {
  const pager = props.paging ? (
    <AuditPager seasonId={props.seasonId} shown={props.changes.length} {...props.paging} />
  ) : null;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Audit log: ${props.seasonName}`}
      crumbs={[
        { label: props.seasonName, href: adminHref(props.seasonId) },
        { label: "Audit log" },
      ]}
    >
      <p class="note">
        Every change to the season, newest first: who, when, what and why, with the rows it changed.
        Each version stays readable:{" "}
        <a href={`${seasonHref(props.seasonId)}/standings`}>standings</a> take{" "}
        <code>?version=N</code> or <code>?asOf=YYYY-MM-DD</code>.
      </p>
      {pager}
      {props.changes.map((c) => {
        const diff = props.diffs.get(c.version);
        return (
          <section class="change" id={`v${c.version}`}>
            <h2>
              Version {c.version}: {c.action}
            </h2>
            <p>
              {when(c.at)} by <strong>{c.actor}</strong> — {c.summary}
              {c.reason ? (
                <>
                  <br />
                  Reason: {c.reason}
                </>
              ) : null}
              <br />
              <a href={`${seasonHref(props.seasonId)}/standings?version=${c.version}`}>
                standings as of this version
              </a>
            </p>
            {diff ? (
              <DiffTable changes={diff} />
            ) : (
              <p class="note">(no diff: the season's first version, or not asked for by ?diffs)</p>
            )}
          </section>
        );
      })}
      {pager}
    </AdminLayout>
  );
}

/** Where the page is in the log, with links to newer and older changes. */
function AuditPager(props: {
  seasonId: string;
  shown: number;
  total: number;
  from: number;
  newer: string | null | undefined;
  older: string | undefined;
}) {
  const base = `${adminHref(props.seasonId)}/audit`;
  return (
    <nav class="pager" aria-label="Audit log pages">
      {props.shown === 0
        ? `No changes here (${props.total} in all). `
        : `Changes ${props.from}–${props.from + props.shown - 1} of ${props.total}, newest first. `}
      {props.newer !== undefined ? (
        <>
          <a href={base}>newest</a>{" "}
          <a href={props.newer === null ? base : `${base}?before=${props.newer}`} rel="prev">
            ← newer
          </a>{" "}
        </>
      ) : null}
      {props.older !== undefined ? (
        <a href={`${base}?before=${props.older}`} rel="next">
          older →
        </a>
      ) : null}
    </nav>
  );
}

function DiffTable(props: { changes: readonly RowChange[] }) {
  const shown = props.changes.slice(0, 100);
  return (
    <details open={props.changes.length <= 20}>
      <summary>{props.changes.length} row(s) changed</summary>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Part</th>
              <th>Row</th>
              <th>Column</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {shown.flatMap((ch) => {
              const cols = changedColumns(ch).filter(
                (k) => (ch.before?.[k] ?? "") !== "" || (ch.after?.[k] ?? "") !== "",
              );
              const what = ch.before === null ? "added" : ch.after === null ? "removed" : "changed";
              return cols.map((k, i) => (
                <tr class={what}>
                  {i === 0 ? (
                    <>
                      <td rowspan={cols.length}>{ch.part}</td>
                      <td rowspan={cols.length}>
                        {ch.key} ({what})
                      </td>
                    </>
                  ) : null}
                  <td>{k}</td>
                  <td>{ch.before?.[k] ?? ""}</td>
                  <td>{ch.after?.[k] ?? ""}</td>
                </tr>
              ));
            })}
          </tbody>
        </table>
      </div>
      {props.changes.length > shown.length ? (
        <p class="note">… and {props.changes.length - shown.length} more rows.</p>
      ) : null}
    </details>
  );
}

export function RoundEditPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  round: number;
  notice?: Notice;
}) {
  const s = props.season.season;
  const r = s.rounds.find((x) => x.number === props.round);
  if (!r) return null;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Round ${props.round}: ${r.name}`}
      crumbs={[{ label: s.name, href: adminHref(s.id) }, { label: `Round ${props.round}` }]}
      notice={props.notice}
    >
      <form method="post" action={`${adminHref(s.id)}/rounds/${props.round}`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Event name <input name="name" value={r.name} required />
        </label>
        <label>
          Circuit <input name="circuit" value={r.circuit} />
        </label>
        <label>
          Date (move the round) <input name="date" type="date" value={r.date ?? ""} />
        </label>
        <label>
          Status
          <select name="status">
            {ROUND_STATUSES.map((st) => (
              <option value={st} selected={st === r.status}>
                {st}
              </option>
            ))}
          </select>
        </label>
        <label>
          Note <input name="note" value={r.note} />
        </label>
        <label>
          Reason (kept in the audit log) <input name="reason" />
        </label>
        <button type="submit">Save the round</button>
      </form>
    </AdminLayout>
  );
}

export function RulesPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  presets: readonly RulesPreset[];
  text?: string;
  notice?: Notice;
}) {
  const s = props.season.season;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Points rules: ${s.name}`}
      crumbs={[{ label: s.name, href: adminHref(s.id) }, { label: "Points rules" }]}
      notice={props.notice}
    >
      <form method="post" action={`${adminHref(s.id)}/rules`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Start from a preset
          <select name="preset">
            <option value="">(keep the document below)</option>
            {props.presets.map((p) => (
              <option value={p.id}>{p.name}</option>
            ))}
          </select>
        </label>
        <label>
          Rules document (paddock-rules/1 JSON)
          <textarea name="rules" rows={24}>
            {props.text ?? JSON.stringify(props.season.rulesDocument, null, 2)}
          </textarea>
        </label>
        <label>
          Reason (kept in the audit log) <input name="reason" />
        </label>
        <button type="submit">Save the rules</button>
      </form>
    </AdminLayout>
  );
}

export function TeamsPage(props: { ctx: AdminContext; season: VersionedSeason; notice?: Notice }) {
  const s = props.season.season;
  const action = `${adminHref(s.id)}/teams`;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Teams: ${s.name}`}
      crumbs={[{ label: s.name, href: adminHref(s.id) }, { label: "Teams" }]}
      notice={props.notice}
    >
      <p class="note">Aliases are the other spellings timing files use; imports match them.</p>
      <table>
        <thead>
          <tr>
            <th>Id</th>
            <th>Name</th>
            <th>Nationality</th>
            <th>Aliases (one per line)</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {s.teams.map((t) => (
            <tr>
              <td>{t.id}</td>
              <td colspan={4}>
                <form method="post" action={action} class="row">
                  <Csrf ctx={props.ctx} />
                  <Version version={props.season.version} />
                  <input type="hidden" name="id" value={t.id} />
                  <input name="name" value={t.name} aria-label={`Name of ${t.id}`} required />
                  <input
                    name="nationality"
                    value={t.nationality ?? ""}
                    aria-label={`Nationality of ${t.id}`}
                    size={4}
                  />
                  <textarea name="aliases" rows={2} aria-label={`Aliases of ${t.id}`}>
                    {t.aliases.join("\n")}
                  </textarea>
                  <button type="submit">Save</button>
                </form>{" "}
                <RemoveButton
                  ctx={props.ctx}
                  season={props.season}
                  what="team"
                  fields={{ team: t.id }}
                  label={`Remove team ${t.id}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a team</h2>
      <form method="post" action={action} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Id <input name="id" required pattern="[A-Za-z0-9][A-Za-z0-9._-]*" />
        </label>
        <label>
          Name <input name="name" required />
        </label>
        <label>
          Nationality <input name="nationality" />
        </label>
        <label>
          Aliases (one per line) <textarea name="aliases" rows={2}></textarea>
        </label>
        <button type="submit">Add the team</button>
      </form>
    </AdminLayout>
  );
}

export function EntriesAdminPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  notice?: Notice;
}) {
  const s: Season = props.season.season;
  const base = adminHref(s.id);
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Entries: ${s.name}`}
      crumbs={[{ label: s.name, href: base }, { label: "Entries" }]}
      notice={props.notice}
    >
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Entry</th>
              <th class="num">No.</th>
              <th>Class</th>
              <th>Team</th>
              <th>Car</th>
              <th>Rounds</th>
              <th>Drivers</th>
              <th>Correct</th>
            </tr>
          </thead>
          <tbody>
            {s.entries.map((e) => (
              <tr>
                <td>{e.id}</td>
                <td class="num">{e.number ?? "?"}</td>
                <td>{e.classId}</td>
                <td>{s.teams.find((t) => t.id === e.teamId)?.name ?? e.teamId}</td>
                <td>{[e.chassis, e.engine].filter(Boolean).join(" ")}</td>
                <td>{e.rounds === null ? "all" : e.rounds.join(", ")}</td>
                <td>
                  {s.lineups
                    .filter((l) => l.entryId === e.id)
                    .map((l) => {
                      const name = s.drivers.find((d) => d.id === l.driverId)?.name ?? l.driverId;
                      return (
                        <div>
                          {name}{" "}
                          <RemoveButton
                            ctx={props.ctx}
                            season={props.season}
                            what="lineup"
                            fields={{ entry: e.id, driver: name }}
                            label={`Take ${name} out of entry ${e.id}`}
                          />
                        </div>
                      );
                    })}
                </td>
                <td>
                  <a href={`${base}/entries/${encodeURIComponent(e.id)}/edit`}>Edit</a>{" "}
                  <RemoveButton
                    ctx={props.ctx}
                    season={props.season}
                    what="entry"
                    fields={{ entry: e.id }}
                    label={`Remove entry ${e.id}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <EntryListForm ctx={props.ctx} season={props.season} />
      <h2>Add an entry</h2>
      <form method="post" action={`${base}/entries`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Car number <input name="number" required />
        </label>
        <label>
          Class
          <select name="class">
            {s.classes.map((k) => (
              <option value={k.id}>{k.name}</option>
            ))}
          </select>
        </label>
        <label>
          Team
          <select name="team">
            {s.teams.map((t) => (
              <option value={t.id}>{t.name}</option>
            ))}
          </select>
        </label>
        <label>
          Chassis <input name="chassis" />
        </label>
        <label>
          Engine <input name="engine" />
        </label>
        <label>
          Tyre <input name="tyre" />
        </label>
        <label>
          Manufacturer <input name="manufacturer" />
        </label>
        <label>
          Rounds entered (e.g. "1-3;5"; empty: all) <input name="rounds" />
        </label>
        <label>
          Reason <input name="reason" />
        </label>
        <button type="submit">Add the entry</button>
      </form>
      <h2>Add a driver to an entry</h2>
      <form method="post" action={`${base}/lineups`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Entry
          <select name="entry">
            {s.entries.map((e) => (
              <option value={e.id}>{entryLabel(s, e)}</option>
            ))}
          </select>
        </label>
        <label>
          Driver's name <input name="driver" required />
        </label>
        <label>
          Nationality <input name="nationality" />
        </label>
        <label>
          Other spellings (aliases, separated by ";") <input name="aliases" />
        </label>
        <label>
          Rounds driven (e.g. "1-3"; empty: all the entry's) <input name="rounds" />
        </label>
        <label>
          Reason <input name="reason" />
        </label>
        <button type="submit">Add the driver</button>
      </form>
    </AdminLayout>
  );
}
