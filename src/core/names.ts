// Matching people's and teams' names the way race reports print them: case, accents and spacing
// vary ("Lucas Luhr" / "Lucas Lühr"), so names are compared by a folded key.

export function nameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A URL- and file-safe id from a name: "Alex Job Racing" -> "alex-job-racing". */
export function slug(name: string): string {
  return nameKey(name).replace(/ /g, "-") || "x";
}
