// Uploaded files come in whatever encoding the timing system or spreadsheet wrote: UTF-8 with or
// without a byte-order mark, UTF-16 from Excel's "Unicode text", Windows-1252 from older tools.
// This finds which, and refuses what is not text at all, naming the line of the first bad byte.
import { problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";

export const TEXT_ENCODINGS = [
  "utf-8",
  "utf-8-bom",
  "utf-16le",
  "utf-16be",
  "windows-1252",
] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** The largest upload read: a 24-hour race with every lap is a few MB, so this is generous. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

export function decodeText(
  bytes: Uint8Array,
  file: string,
  options: { maxBytes?: number } = {},
): Result<DecodedText, Problem> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  // Before anything else, so a huge upload costs no decoding.
  if (bytes.length > maxBytes)
    return err(
      problem(
        "FILE_TOO_LARGE",
        `${file} is ${size(bytes.length)}; an imported file may be at most ${size(maxBytes)}`,
        { file },
      ),
    );
  const utf16 = utf16Kind(bytes);
  if (utf16) return decodeUtf16(bytes, file, utf16.encoding, utf16.bomLength);

  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const bad = firstBinaryIndex(body.length, (i) => body[i] ?? 0);
  if (bad !== undefined) return err(binaryFile(file, lineAtByte(body, bad)));
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return ok({ text, encoding: bom ? "utf-8-bom" : "utf-8" });
  } catch {
    // Not UTF-8. A file that is mostly UTF-8 (a BOM, or more well-formed accented letters than
    // stray bytes) has been pasted together from two encodings: reading it as Windows-1252 would
    // turn every UTF-8 accent into mojibake, so say where it goes wrong instead.
    if (bom || mostlyUtf8(body)) {
      const line = lineAtByte(body, firstInvalidUtf8(body));
      return err(
        problem(
          "FILE_ENCODING",
          `${file} mixes UTF-8 with another encoding (line ${line}): save it as UTF-8`,
          { file, line },
        ),
      );
    }
    return ok({ text: decodeWindows1252(body), encoding: "windows-1252" });
  }
}

// Windows-1252's letters and signs at 0x80-0x9F, where it differs from Latin-1 (WHATWG mapping;
// the five unassigned bytes stay C1 controls).
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * Node 20.18.3 and later decode "windows-1252" as Latin-1, leaving 0x80-0x9F as C1 controls
 * (nodejs/node#60888), so those are mapped here; on a Node that decodes correctly this changes
 * nothing.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252")
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80] ?? ch);
}

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${n} bytes`;
}

function binaryFile(file: string, line: number): Problem {
  return problem(
    "BINARY_FILE",
    `${file} is not a text file (binary data from line ${line}): export the classification as CSV or JSON`,
    { file, line },
  );
}

/** UTF-16 by its byte-order mark, or, without one, by NULs in every other byte of the first KB. */
function utf16Kind(
  bytes: Uint8Array,
): { encoding: "utf-16le" | "utf-16be"; bomLength: number } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  const end = Math.min(bytes.length, 1024) & ~1;
  let le = 0;
  let be = 0;
  for (let i = 0; i < end; i += 2) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    if (a !== 0 && b === 0) le++;
    else if (a === 0 && b !== 0) be++;
  }
  // Latin text in UTF-16 has a NUL high byte in nearly every character; binary data does not
  // put its NULs so regularly on one side.
  const pairs = end / 2;
  if (pairs > 0 && le > pairs / 2 && be <= pairs / 20)
    return { encoding: "utf-16le", bomLength: 0 };
  if (pairs > 0 && be > pairs / 2 && le <= pairs / 20)
    return { encoding: "utf-16be", bomLength: 0 };
  return undefined;
}

function decodeUtf16(
  bytes: Uint8Array,
  file: string,
  encoding: "utf-16le" | "utf-16be",
  bomLength: number,
): Result<DecodedText, Problem> {
  const body = bytes.subarray(bomLength);
  const broken = (line: number, what: string) =>
    err(
      problem("FILE_ENCODING", `${file} is UTF-16 but ${what} (line ${line}): save it as UTF-8`, {
        file,
        line,
      }),
    );
  const unit = (i: number) =>
    encoding === "utf-16le"
      ? (body[2 * i] ?? 0) | ((body[2 * i + 1] ?? 0) << 8)
      : ((body[2 * i] ?? 0) << 8) | (body[2 * i + 1] ?? 0);
  const units = body.length >> 1;
  // A lone surrogate is a character cut in half; the decoder would silently replace it.
  let line = 1;
  for (let i = 0; i < units; i++) {
    const u = unit(i);
    if (u === 0x0a) line++;
    else if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 1 < units ? unit(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return broken(line, "holds a broken character");
      i++;
    } else if (u >= 0xdc00 && u <= 0xdfff) return broken(line, "holds a broken character");
  }
  if (body.length % 2 === 1) return broken(line, "ends in the middle of a character");
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  const bad = firstBinaryIndex(text.length, (i) => text.charCodeAt(i));
  if (bad !== undefined) return err(binaryFile(file, lineAtChar(text, bad)));
  return ok({ text, encoding });
}

/**
 * Where binary data starts: the first NUL, or the first control character when there are many
 * (a stray one in a text file is kept; a picture or archive has them everywhere).
 */
function firstBinaryIndex(length: number, at: (i: number) => number): number | undefined {
  let first: number | undefined;
  let controls = 0;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) continue;
    if (c === 0) return first ?? i;
    if (c === 0x1a && i === length - 1) continue; // the end-of-file mark of old DOS tools
    first ??= i;
    controls++;
  }
  return first !== undefined && controls > Math.max(2, length / 1000) ? first : undefined;
}

function lineAtByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineAtChar(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

/** The length of the well-formed UTF-8 sequence starting at i (1 for ASCII), or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  if (b < 0x80) return 1;
  let length: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) lo = 0xa0; // overlong
    if (b === 0xed) hi = 0x9f; // surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) lo = 0x90; // overlong
    if (b === 0xf4) hi = 0x8f; // beyond U+10FFFF
  } else return 0;
  for (let k = 1; k < length; k++) {
    const c = bytes[i + k];
    if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return 0;
  }
  return length;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return bytes.length;
}

/** More well-formed multi-byte UTF-8 characters than bytes that fit none. */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 1) valid++;
    else if (n === 0) invalid++;
    i += Math.max(n, 1);
  }
  return valid > invalid;
}
