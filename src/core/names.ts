// Matching people's and teams' names the way race reports print them: case, accents and spacing
// vary ("Lucas Luhr" / "Lucas Lühr"), so names are compared by a folded key.

// Letters that decomposition leaves whole, written the way a keyboard without them writes them.
const FOLDED: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

export function nameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/gu, (ch) => FOLDED[ch] ?? ch)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A URL- and file-safe id from a name: "Alex Job Racing" -> "alex-job-racing". */
export function slug(name: string): string {
  return nameKey(name).replace(/ /g, "-") || "x";
}
