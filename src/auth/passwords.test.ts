import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword, WeakPasswordError } from "./passwords.js";
import { looksLikeApiToken, newApiToken, secretHash } from "./secrets.js";

describe("passwords", () => {
  it("hashes with scrypt N=2^15, r=8, p=1 and a 16-byte salt, and verifies", async () => {
    const hash = await hashPassword("correct horse battery");
    const [scheme, N, r, p, salt, key] = hash.split("$");
    expect([scheme, N, r, p]).toEqual(["scrypt", "32768", "8", "1"]);
    expect(Buffer.from(salt ?? "", "base64")).toHaveLength(16);
    expect(Buffer.from(key ?? "", "base64")).toHaveLength(32);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
    // A new salt every time.
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
  });

  it("treats composed and decomposed accents alike", async () => {
    const hash = await hashPassword("mot de passe été");
    expect(await verifyPassword("mot de passe e\u0301te\u0301", hash)).toBe(true);
  });

  it("refuses passwords shorter than 10 characters with a clear message", async () => {
    expect(passwordProblem("123456789")).toBe(
      "A password needs at least 10 characters (this one has 9); a few words make a good one.",
    );
    expect(passwordProblem("1234567890")).toBeUndefined();
    await expect(hashPassword("short")).rejects.toBeInstanceOf(WeakPasswordError);
  });

  it("never matches a stored value it did not write, or one with parameters out of bounds", async () => {
    const hash = await hashPassword("correct horse battery");
    const parts = hash.split("$");
    for (const stored of [
      "",
      "plain text",
      "bcrypt$2b$10$abc",
      ["scrypt", "32767", ...parts.slice(2)].join("$"), // N not a power of two
      ["scrypt", String(2 ** 24), ...parts.slice(2)].join("$"), // too costly
      [...parts.slice(0, 5), ""].join("$"),
    ])
      expect(await verifyPassword("correct horse battery", stored)).toBe(false);
  });
});

describe("secrets", () => {
  it("makes pdk_ tokens of 256 random bits and stores their SHA-256", () => {
    const token = newApiToken();
    expect(token).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiToken(token)).toBe(true);
    expect(looksLikeApiToken("pdk_short")).toBe(false);
    expect(newApiToken()).not.toBe(token);
    expect(secretHash("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
