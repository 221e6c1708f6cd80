// Nationalities as the sources write them (2003 ALMS: IOC codes such as GER, SUI, NED, with a few
// ISO alpha-3 ones such as DEU or MCO) shown as a flag with the country's name beside it for
// people and screen readers: never a flag alone. The country data is world-countries' (IOC,
// ISO alpha-3 and alpha-2 codes, English names, flag emoji).
import { createRequire } from "node:module";
import type { Country } from "world-countries";

export interface Nation {
  readonly code: string;
  readonly name: string;
  /** The flag as emoji regional indicators (ISO 3166 alpha-2). */
  readonly flag: string;
}

let byCode: Map<string, Nation> | undefined;

// Loaded on first use: the pages need it, the CLI never does.
function table(): Map<string, Nation> {
  if (byCode) return byCode;
  const countries = createRequire(import.meta.url)("world-countries") as readonly Country[];
  const map = new Map<string, Nation>();
  // IOC codes first (what motorsport results print), then ISO alpha-3, then alpha-2.
  for (const key of ["cioc", "cca3", "cca2"] as const)
    for (const c of countries) {
      const code = c[key].toUpperCase();
      if (code && !map.has(code)) map.set(code, { code, name: c.name.common, flag: c.flag });
    }
  byCode = map;
  return map;
}

/** The country a nationality code names, or undefined for a code no country has. */
export function nationOf(code: string | null | undefined): Nation | undefined {
  if (!code) return undefined;
  return table().get(code.trim().toUpperCase());
}

/**
 * A nationality: the flag (hidden from screen readers) and the code with the country's name as
 * its title (`long`: the name itself); an unknown code is shown as it was written.
 */
export function Nationality(props: { code: string | null | undefined; long?: boolean }) {
  if (!props.code) return null;
  const nation = nationOf(props.code);
  if (!nation) return <span class="nation">{props.code}</span>;
  return (
    <span class="nation">
      <span class="flag" aria-hidden="true">
        {nation.flag}
      </span>{" "}
      {props.long ? nation.name : <abbr title={nation.name}>{nation.code}</abbr>}
    </span>
  );
}
