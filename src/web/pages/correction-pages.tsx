// Corrections in the browser: buttons that remove what was set up wrong (each posts the season
// version it was shown with, so a stale page gets a conflict), the entry edit form, and the
// season's maintenance (repair ids, delete the season). Admins only.
import type { Entry, Season } from "../../core/season.js";
import type { VersionedSeason } from "../../store/season-store.js";
import { AdminLayout, Csrf, Version, adminHref } from "./admin-pages.js";
import type { AdminContext, Notice } from "./admin-pages.js";

/** What can be removed from the dashboard and the entries and teams pages. */
export const REMOVABLE = ["entry", "lineup", "team", "class", "race", "results"] as const;
export type Removable = (typeof REMOVABLE)[number];

/** An entry as people pick it: "#7 · HYPERCAR · Toyota Gazoo Racing (toyota-7)". */
export function entryLabel(s: Season, e: Entry): string {
  const team = s.teams.find((t) => t.id === e.teamId)?.name ?? e.teamId;
  return `#${e.number ?? "?"} · ${e.classId} · ${team} (${e.id})`;
}

/** A one-button form that removes one thing; the label says what. */
export function RemoveButton(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  what: Removable;
  fields: Record<string, string>;
  label: string;
}) {
  return (
    <form method="post" action={`${adminHref(props.season.season.id)}/corrections`} class="inline">
      <Csrf ctx={props.ctx} />
      <Version version={props.season.version} />
      <input type="hidden" name="what" value={props.what} />
      {Object.entries(props.fields).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class="secondary" aria-label={props.label}>
        {props.what === "results" ? "Clear results" : "Remove"}
      </button>
    </form>
  );
}

const ENTRY_FIELDS = [
  ["number", "Car number"],
  ["chassis", "Chassis"],
  ["engine", "Engine"],
  ["tyre", "Tyre"],
  ["manufacturer", "Manufacturer"],
  ["rounds", 'Rounds entered (e.g. "1-3;5"; empty: all)'],
] as const;

export function EntryEditPage(props: {
  ctx: AdminContext;
  season: VersionedSeason;
  entry: Entry;
  notice?: Notice;
}) {
  const s = props.season.season;
  const e = props.entry;
  const base = adminHref(s.id);
  const value: Record<string, string> = {
    number: e.number ?? "",
    chassis: e.chassis,
    engine: e.engine,
    tyre: e.tyre,
    manufacturer: e.manufacturer ?? "",
    rounds: e.rounds === null ? "" : e.rounds.join(";"),
  };
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`Entry ${e.id}: ${s.name}`}
      crumbs={[
        { label: s.name, href: base },
        { label: "Entries", href: `${base}/entries` },
        { label: e.id },
      ]}
      notice={props.notice}
    >
      <form method="post" action={`${base}/entries/${encodeURIComponent(e.id)}/edit`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        {ENTRY_FIELDS.map(([name, label]) => (
          <label>
            {label} <input name={name} value={value[name] ?? ""} />
          </label>
        ))}
        <label>
          Class
          <select name="class">
            {s.classes.map((k) => (
              <option value={k.id} selected={k.id === e.classId}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Team
          <select name="team">
            {s.teams.map((t) => (
              <option value={t.id} selected={t.id === e.teamId}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason <input name="reason" />
        </label>
        <button type="submit">Save the entry</button>
      </form>
    </AdminLayout>
  );
}

/** Repair ids and delete the season: at the foot of the dashboard, for admins. */
export function SeasonMaintenance(props: { ctx: AdminContext; season: VersionedSeason }) {
  const s = props.season.season;
  const base = adminHref(s.id);
  return (
    <section>
      <h2>Maintenance</h2>
      <form method="post" action={`${base}/repair`} class="inline">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <button type="submit" class="secondary">
          Repair ids
        </button>{" "}
        <span class="note">
          renames ids that break the id rule in a season stored before every write checked them
        </span>
      </form>
      <form method="post" action={`${base}/delete`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          To delete this season, type its id ({s.id}) <input name="confirm" autocomplete="off" />
        </label>
        <label>
          Reason <input name="reason" />
        </label>
        <button type="submit" class="danger">
          Delete the season
        </button>
      </form>
    </section>
  );
}

/** Setup shortcuts on the dashboard: several rounds at once, or an earlier season's setup. */
export function SetupShortcuts(props: { ctx: AdminContext; season: VersionedSeason }) {
  const base = adminHref(props.season.season.id);
  return (
    <section>
      <h2>Set up faster</h2>
      <form method="post" action={`${base}/add-rounds`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Several rounds, one a line: number; name; circuit; date (YYYY-MM-DD)
          <textarea
            name="rounds"
            rows={4}
            placeholder="1; 6 Hours of Imola; Imola; 2026-04-19"
          ></textarea>
        </label>
        <button type="submit">Add the rounds</button>
      </form>
      <form method="post" action={`${base}/copy-setup`} class="stack">
        <Csrf ctx={props.ctx} />
        <Version version={props.season.version} />
        <label>
          Copy classes, teams, entries and line-ups from the season with the id{" "}
          <input name="from" required />
        </label>
        <button type="submit">Copy the setup</button>
      </form>
    </section>
  );
}
