// Small pieces several pages share: standings cells in the colour key, links, and tables.
import type { StandingCell } from "../core/compute-standings.js";
import { cellText, roundCellText } from "../formats/tables/season-views.js";
import type { CellFacts } from "../formats/tables/cell-facts.js";

export const seasonHref = (season: string) => `/seasons/${encodeURIComponent(season)}`;
export const roundHref = (season: string, round: number) => `${seasonHref(season)}/rounds/${round}`;
export const teamHref = (season: string, team: string) =>
  `${seasonHref(season)}/teams/${encodeURIComponent(team)}`;
export const driverHref = (season: string, driver: string) =>
  `${seasonHref(season)}/drivers/${encodeURIComponent(driver)}`;
export const standingsHref = (season: string, klass?: string | null) =>
  `${seasonHref(season)}/standings${klass ? `?class=${encodeURIComponent(klass)}` : ""}`;
/** The progression chart of one standings table (an SVG image). */
export const chartHref = (
  season: string,
  table: { championshipId: string; classId: string | null },
) =>
  `${seasonHref(season)}/standings/chart.svg?championship=${encodeURIComponent(table.championshipId)}${table.classId ? `&class=${encodeURIComponent(table.classId)}` : ""}`;
export const explainHref = (season: string, round: number, team: string) =>
  `${seasonHref(season)}/explain?round=${round}&team=${encodeURIComponent(team)}`;

/** The colour of a standings cell: gold, silver, bronze, points, no points, retired, DSQ, DNS. */
export function cellClass(cell: StandingCell): string {
  switch (cell.marker) {
    case null:
      return "";
    case "excluded":
      return "excluded";
    case "dsq":
      return "dsq";
    case "dns":
      return "dns";
    case "dnf":
    case "not_classified":
      return "ret";
    case "no_points":
      return "nopoints";
    case "counted":
    case "dropped": {
      const p = cell.position;
      const base = p === 1 ? "p1" : p === 2 ? "p2" : p === 3 ? "p3" : "points";
      return cell.marker === "dropped" ? `${base} dropped` : base;
    }
    default: {
      const never: never = cell.marker;
      throw new Error(`unhandled marker ${String(never)}`);
    }
  }
}

/**
 * A round's cell: the points scored, or with `show: "positions"` the finishing position (as
 * Formula 1 tables print it; dropped results in parentheses either way), Ret/DSQ/DNS/NC for a car
 * without one, and superscript P and F for the pole and the fastest lap.
 */
export function Cell(props: {
  cell: StandingCell;
  href?: string;
  show?: "points" | "positions";
  facts?: CellFacts | undefined;
}) {
  const { cell } = props;
  const points = cellText(cell);
  const text = roundCellText(cell, props.show ?? "points");
  const pointsText = cell.marker === "no_points" ? "0" : points.replace(/[()]/g, "");
  const label = [
    cell.position !== null ? `P${cell.position}, ${pointsText || "0"} points` : null,
    props.facts?.pole ? "pole position" : null,
    props.facts?.fastestLap ? "fastest lap" : null,
  ]
    .filter((x) => x !== null)
    .join("; ");
  return (
    <td class={`num ${cellClass(cell)}`.trim()} title={label || undefined}>
      {props.href && text ? <a href={props.href}>{text}</a> : text}
      {props.facts?.pole ? <sup>P</sup> : null}
      {props.facts?.fastestLap ? <sup>F</sup> : null}
    </td>
  );
}

/**
 * A round's column head in a standings table: the venue's short label ("SEB"), as encyclopedia
 * tables print it, linked to the round; screen readers hear "Round 1, SEB", a hover names it.
 * (An aria-label, not a visually hidden span: an absolutely placed span in a scrolling table
 * widens the page on a phone.)
 */
export function RoundHead(props: {
  season: string;
  round: number;
  label: string | undefined;
  title?: string | undefined;
}) {
  const label = props.label ?? `Rd ${props.round}`;
  return (
    <a href={roundHref(props.season, props.round)} aria-label={`Round ${props.round}, ${label}`}>
      <abbr title={props.title ?? `Round ${props.round}`}>{label}</abbr>
    </a>
  );
}

export function Legend() {
  const items: [string, string][] = [
    ["p1", "Winner"],
    ["p2", "Second"],
    ["p3", "Third"],
    ["points", "Other points finish"],
    ["nopoints", "Finished, no points"],
    ["ret", "Retired or not classified"],
    ["dsq", "Disqualified"],
    ["dns", "Did not start (DNS)"],
    ["excluded", "Round does not count"],
  ];
  return (
    <ul class="legend" aria-label="Colour key">
      {items.map(([cls, label]) => (
        <li>
          <span class={cls} aria-hidden="true"></span>
          {label}
        </li>
      ))}
      <li>(n): scored, not counted</li>
      <li>Blank: not entered</li>
      <li>
        <sup>P</sup> pole position, <sup>F</sup> fastest lap
      </li>
    </ul>
  );
}

/** A download of what a page shows (see export-routes.ts): `what` is standings, summary or rounds/N/results. */
export const exportHref = (
  season: string,
  what: string,
  ext: string,
  query: Readonly<Record<string, string | number | null | undefined>> = {},
) => {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");
  return `${seasonHref(season)}/export/${what}.${ext}${q ? `?${q}` : ""}`;
};

/** "Download: CSV · JSON · Markdown · Wikitext" for the table a page shows. */
export function ExportLinks(props: {
  season: string;
  what: string;
  query?: Readonly<Record<string, string | number | null | undefined>>;
}) {
  const formats: [string, string, string][] = [
    ["csv", "CSV", "text/csv"],
    ["json", "JSON", "application/json"],
    ["md", "Markdown", "text/markdown"],
    ["wiki", "Wikitext", "text/plain"],
  ];
  return (
    <p class="note exports">
      Download:{" "}
      {formats.map(([ext, label, type], i) => (
        <>
          {i > 0 ? " · " : ""}
          <a href={exportHref(props.season, props.what, ext, props.query)} type={type}>
            {label}
          </a>
        </>
      ))}
    </p>
  );
}

// Day, month in words, year; the date is a calendar date, so it is read in UTC.
const PEOPLE_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "2003-03-15" as people read it ("15 March 2003"); other text as it is. */
export function humanDate(iso: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : null;
  return date && !Number.isNaN(date.getTime()) ? PEOPLE_DATE.format(date) : iso;
}

/** A date for people, with its machine-readable form (calendars, search engines, scripts). */
export function HumanDate(props: { iso: string | null | undefined }) {
  if (!props.iso) return null;
  return <time datetime={props.iso}>{humanDate(props.iso)}</time>;
}
