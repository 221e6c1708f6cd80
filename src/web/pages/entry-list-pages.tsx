// The entry list upload in the browser: a file (CSV or .xlsx) or pasted text, then a preview of
// every car (class, team new or matched, drivers) and problem, then one confirmed commit that
// writes exactly what the preview showed (the file travels with the form; the version pins it).
import { formatProblem } from "../../core/problems.js";
import type { EntryListPreview } from "../../service/entry-list-import.js";
import type { VersionedSeason } from "../../store/season-store.js";
import { AdminLayout, Csrf, adminHref } from "./admin-pages.js";
import type { AdminContext, Notice } from "./admin-pages.js";

export function EntryListForm(props: { ctx: AdminContext; season: VersionedSeason }) {
  const base = adminHref(props.season.season.id);
  return (
    <section>
      <h2>Upload an entry list</h2>
      <p class="note">
        One row a car: number, class, team, chassis, engine, tyre, manufacturer, rounds, and the
        drivers as Driver 1, Nat 1, Driver 2, … (or one "drivers" cell separated by ";"). CSV or
        Excel (.xlsx). Teams the season does not know are added. You see a preview first.
      </p>
      <form method="post" action={`${base}/entry-list`} enctype="multipart/form-data" class="stack">
        <Csrf ctx={props.ctx} />
        <label>
          File <input type="file" name="file" accept=".csv,.txt,.xlsx" />
        </label>
        <label>
          or paste it here
          <textarea name="pasted" rows={6}></textarea>
        </label>
        <button type="submit">Preview the entry list</button>
      </form>
    </section>
  );
}

export function EntryListPreviewPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  preview: EntryListPreview;
  /** The uploaded bytes, base64, to send again with the confirmation. */
  data: string;
  notice?: Notice;
}) {
  const s = props.season.season;
  const p = props.preview;
  const base = adminHref(s.id);
  const teamName = (id: string | null, text: string) =>
    id === null ? text : (s.teams.find((t) => t.id === id)?.name ?? text);
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Entry list preview: ${s.name}`}
      crumbs={[
        { label: s.name, href: base },
        { label: "Entries", href: `${base}/entries` },
        { label: "Entry list preview" },
      ]}
      notice={props.notice}
    >
      <p role="status">
        {p.file}
        {p.format ? ` (${p.format})` : ""}: {p.rows.length} cars
        {p.newTeams.length > 0 ? `, ${p.newTeams.length} new teams` : ""}.{" "}
        {p.ok
          ? "No problems: nothing is written until you confirm."
          : "Nothing can be written until every problem below is mended in the file."}
      </p>
      {p.problems.length > 0 ? (
        <ul class="problems">
          {p.problems.map((x) => (
            <li>{formatProblem(x)}</li>
          ))}
        </ul>
      ) : null}
      {p.newTeams.length > 0 ? (
        <p>New teams: {p.newTeams.map((t) => `${t.name} (${t.id})`).join(", ")}</p>
      ) : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th class="num">Line</th>
              <th class="num">No.</th>
              <th>Class</th>
              <th>Team</th>
              <th>Entry id</th>
              <th>Drivers</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td class="num">{r.line}</td>
                <td class="num">{r.number}</td>
                <td>{r.classId ?? ""}</td>
                <td>
                  {teamName(r.teamId, r.team)}
                  {r.teamId === null ? <span class="badge">new</span> : null}
                </td>
                <td>{r.entryId}</td>
                <td>
                  {r.drivers
                    .map((d) => `${d.name}${d.nationality ? ` (${d.nationality})` : ""}`)
                    .join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.ok ? (
        <form method="post" action={`${base}/entry-list/commit`} class="stack">
          <Csrf ctx={props.ctx} />
          <input type="hidden" name="expectedVersion" value={p.version} />
          <input type="hidden" name="file" value={p.file} />
          <input type="hidden" name="data" value={props.data} />
          <label>
            Reason <input name="reason" />
          </label>
          <button type="submit">Add these {p.rows.length} cars</button>
        </form>
      ) : null}
      <p>
        <a href={`${base}/entries`}>Back to the entries</a>
      </p>
    </AdminLayout>
  );
}
