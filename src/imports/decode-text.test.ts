import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES, decodeText } from "./decode-text.js";
import type { TextEncoding } from "./decode-text.js";

const TEXT = "POSITION;NUMBER;DRIVER_1\n1;8;Sébastien BUEMI\n2;51;José María LÓPEZ\n";
const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();
/** Windows-1252 bytes of Latin-1 text (the letters here are the same in both). */
const latin = (text: string) => Buffer.from(text, "latin1");

describe("encodings a classification arrives in", () => {
  it.each<[string, Uint8Array, TextEncoding]>([
    ["UTF-8", Buffer.from(TEXT), "utf-8"],
    ["plain ASCII", Buffer.from("POSITION;NUMBER\n1;8\n"), "utf-8"],
    [
      "UTF-8 with a BOM",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]),
      "utf-8-bom",
    ],
    ["UTF-16 LE with a BOM", Buffer.from(`\uFEFF${TEXT}`, "utf16le"), "utf-16le"],
    ["UTF-16 BE with a BOM", utf16be(`\uFEFF${TEXT}`), "utf-16be"],
    ["UTF-16 LE without a BOM", Buffer.from(TEXT, "utf16le"), "utf-16le"],
    ["UTF-16 BE without a BOM", utf16be(TEXT), "utf-16be"],
    ["Windows-1252", latin(TEXT), "windows-1252"],
  ])("%s", (_, bytes, encoding) => {
    const decoded = decodeText(bytes, "r1.csv");
    expect(decoded.ok && decoded.value.encoding).toBe(encoding);
    const expected = bytes.length > 30 && encoding !== "utf-8" ? TEXT : undefined;
    if (decoded.ok && expected) expect(decoded.value.text).toBe(expected); // BOM stripped
  });

  it("reads Windows-1252's own letters (€, Š, ’) beyond Latin-1", () => {
    const decoded = decodeText(new Uint8Array([0x80, 0x20, 0x8a, 0x92, 0x0a]), "r1.csv");
    expect(decoded).toEqual({ ok: true, value: { text: "€ Š’\n", encoding: "windows-1252" } });
  });

  it("maps all of 0x80-0x9F as the WHATWG Windows-1252 table does", () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const decoded = decodeText(Uint8Array.of(0xe9, ...bytes), "r1.csv");
    const codes = decoded.ok ? [...decoded.value.text.slice(1)].map((c) => c.codePointAt(0)) : [];
    expect(codes).toEqual([
      0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039,
      0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc,
      0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
    ]);
  });

  it("reads an empty file as empty UTF-8 text", () => {
    expect(decodeText(new Uint8Array(), "r1.csv")).toEqual({
      ok: true,
      value: { text: "", encoding: "utf-8" },
    });
  });

  it("keeps a stray control character in otherwise plain text", () => {
    const text = `${TEXT.repeat(20)}\u001b\n`;
    const decoded = decodeText(Buffer.from(text), "r1.csv");
    expect(decoded.ok && decoded.value.text).toBe(text);
  });

  it("keeps an old DOS end-of-file mark", () => {
    const decoded = decodeText(Buffer.from("POSITION;NUMBER\n1;8\n\u001a"), "r1.csv");
    expect(decoded.ok).toBe(true);
  });
});

describe("files that are not text", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  it.each<[string, Uint8Array, number]>([
    ["a PNG image", png, 2],
    ["a NUL on line 3", Buffer.from("a;b\n1;2\n3;\u0000\n"), 3],
    ["a zip archive", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), 1],
    ["control characters everywhere", Buffer.from("a\u0001b\u0002\nc\u0003d\u0004"), 1],
    [
      "UTF-16 text holding a NUL",
      Buffer.from("\uFEFFPOSITION;NUMBER\n1;8\n\u0000\u0000\n", "utf16le"),
      3,
    ],
  ])("%s is BINARY_FILE at the line of the first bad byte", (_, bytes, line) => {
    const decoded = decodeText(bytes, "r1.csv");
    expect(decoded.ok).toBe(false);
    if (!decoded.ok)
      expect(decoded.error).toMatchObject({ code: "BINARY_FILE", file: "r1.csv", line });
  });

  it("refuses a file over the limit before reading it", () => {
    const decoded = decodeText(new Uint8Array(2048).fill(0), "big.csv", { maxBytes: 1024 });
    expect(decoded).toMatchObject({
      ok: false,
      error: { code: "FILE_TOO_LARGE", file: "big.csv" },
    });
  });

  it("takes 40 MB as the default limit", () => {
    expect(MAX_IMPORT_BYTES).toBe(40 * 1024 * 1024);
    const decoded = decodeText(new Uint8Array(MAX_IMPORT_BYTES + 1), "big.csv");
    expect(decoded).toMatchObject({ ok: false, error: { code: "FILE_TOO_LARGE" } });
  });
});

describe("broken encodings", () => {
  it("a UTF-8 file with Windows-1252 pasted in is FILE_ENCODING at the first bad byte", () => {
    const bytes = Buffer.concat([Buffer.from("a;Sébastien\nb;José María\n"), latin("d;Jérôme\n")]);
    expect(decodeText(bytes, "r1.csv")).toMatchObject({
      ok: false,
      error: { code: "FILE_ENCODING", file: "r1.csv", line: 3 },
    });
  });
  it("a UTF-8 byte-order mark before Windows-1252 text is FILE_ENCODING", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin("a;b\nJérôme;1\n")]);
    expect(decodeText(bytes, "r1.csv")).toMatchObject({
      ok: false,
      error: { code: "FILE_ENCODING", line: 2 },
    });
  });
  it("UTF-16 cut in the middle of a character is FILE_ENCODING", () => {
    const bytes = Buffer.from("\uFEFFa;b\n1;2\n", "utf16le").subarray(0, 13);
    expect(decodeText(bytes, "r1.csv")).toMatchObject({
      ok: false,
      error: { code: "FILE_ENCODING" },
    });
  });
  it("UTF-16 with half a surrogate pair is FILE_ENCODING at its line", () => {
    const bytes = Buffer.from("\uFEFFa;b\n1;\uD83D2\n", "utf16le");
    expect(decodeText(bytes, "r1.csv")).toMatchObject({
      ok: false,
      error: { code: "FILE_ENCODING", line: 2 },
    });
  });
});
