// Writes the bad-bundle fixtures whose defect is in the bytes themselves: a file in Windows-1252,
// files in UTF-16 and a file of binary junk. Editors would "fix" such files on save, so they are
// generated here from fixtures/bundles/valid-minimal rather than written by hand.
//
// Run once after changing valid-minimal or this script, then commit the output:
//   node test/make-encoding-fixtures.mjs
import { Buffer } from "node:buffer";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { URL, fileURLToPath } from "node:url";

const bundles = fileURLToPath(new URL("../fixtures/bundles/", import.meta.url));
const valid = join(bundles, "valid-minimal");

/** Windows-1252 bytes of a text; throws on a character the code page cannot hold. */
function windows1252(text) {
  // The 0x80-0x9F block is where Windows-1252 differs from Latin-1.
  const extra = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
  const bytes = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const at = extra.indexOf(ch);
    if (at >= 0) bytes.push(0x80 + at);
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else throw new Error(`"${ch}" has no Windows-1252 byte`);
  }
  return Buffer.from(bytes);
}

/** UTF-16 big-endian bytes (Node only encodes little-endian). */
function utf16be(text) {
  return Buffer.from(text, "utf16le").swap16();
}

/** Bytes that look like the start of a PNG image: a picture saved under a .csv name. */
function binaryJunk() {
  const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  bytes.push(0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52); // IHDR chunk header
  // Deterministic filler (a 32-bit linear congruential generator), so the fixture never changes.
  let x = 2024;
  for (let i = 0; i < 240; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes.push((x >>> 16) & 0xff);
  }
  return Buffer.from(bytes);
}

const text = (file) => readFileSync(join(valid, file), "utf8");

const cases = [
  {
    name: "wrong-encoding-latin1",
    defect:
      "results/round-2.csv is saved in Windows-1252: the é and ô of Jérôme Dupré on line 3 are single bytes, not UTF-8",
    file: "results/round-2.csv",
    bytes: () => windows1252(text("results/round-2.csv")),
    expected: { code: "FILE_ENCODING", file: "results/round-2.csv", line: 3 },
  },
  {
    name: "utf16le-with-bom",
    defect: "results/round-1.csv is saved as UTF-16 little-endian with a byte-order mark",
    file: "results/round-1.csv",
    bytes: () =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(text("results/round-1.csv"), "utf16le"),
      ]),
    expected: { code: "FILE_ENCODING", file: "results/round-1.csv" },
  },
  {
    name: "utf16be-without-bom",
    defect: "entries.csv is saved as UTF-16 big-endian without a byte-order mark",
    file: "entries.csv",
    bytes: () => utf16be(text("entries.csv")),
    expected: { code: "FILE_ENCODING", file: "entries.csv" },
  },
  {
    name: "binary-junk",
    defect: "drivers.csv holds binary data (the start of a PNG image), not text",
    file: "drivers.csv",
    bytes: binaryJunk,
    expected: { code: "FILE_ENCODING", file: "drivers.csv" },
  },
];

for (const c of cases) {
  const dir = join(bundles, "bad", c.name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(valid, dir, { recursive: true });
  writeFileSync(join(dir, c.file), c.bytes());
  writeFileSync(
    join(dir, "expected.json"),
    `${JSON.stringify({ defect: c.defect, ...c.expected }, null, 2)}\n`,
  );
}
