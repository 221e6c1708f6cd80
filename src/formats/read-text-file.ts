// Reads a text file as UTF-8, strictly: a byte-order mark is dropped, UTF-16 and invalid UTF-8
// are problems naming the file, never mojibake passed on.
import { readFileSync } from "node:fs";
import { problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";

export function decodeUtf8(bytes: Uint8Array, file: string): Result<string, Problem> {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return err(problem("FILE_ENCODING", "the file is UTF-16; save it as UTF-8", { file }));
  if (bytes.includes(0))
    return err(
      problem("FILE_ENCODING", "the file holds NUL bytes: it is binary or UTF-16, not UTF-8 text", {
        file,
      }),
    );
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return ok(text);
  } catch {
    // Find the line of the first bad byte, so the user knows where to look.
    let line = 1;
    let i = 0;
    for (; i < bytes.length; i++) {
      const slice = bytes.subarray(0, i + 1);
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(slice, { stream: true });
      } catch {
        break;
      }
      if (bytes[i] === 0x0a) line++;
    }
    return err(
      problem(
        "FILE_ENCODING",
        "the file is not valid UTF-8 (perhaps Windows-1252 or Latin-1): save it as UTF-8",
        {
          file,
          line,
        },
      ),
    );
  }
}

export function readTextFile(path: string, file: string): Result<string, Problem> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return err(
      problem("FILE_MISSING", `cannot read ${file}: the file does not exist or is not readable`, {
        file,
      }),
    );
  }
  return decodeUtf8(bytes, file);
}
