import { describe, expect, it } from "vitest";
import { LoginThrottle } from "./login-throttle.js";

const MINUTE = 60_000;

function throttle() {
  let now = 1_000_000;
  const t = new LoginThrottle({ now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
}

describe("LoginThrottle", () => {
  it("allows 5 failed attempts per IP and username, then refuses with the time to wait", () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 5; i++) {
      expect(t.attempt("192.0.2.1", "amy")).toEqual({ allowed: true });
      advance(MINUTE);
    }
    // The first failure was 5 minutes ago: it leaves the 15-minute window in 10 minutes.
    expect(t.attempt("192.0.2.1", "amy")).toEqual({ allowed: false, retryAfterSeconds: 600 });
    // Usernames are compared in lower case; another username or another IP is not held up.
    expect(t.attempt("192.0.2.1", " AMY ")).toMatchObject({ allowed: false });
    expect(t.attempt("192.0.2.1", "bob")).toEqual({ allowed: true });
    expect(t.attempt("192.0.2.2", "amy")).toEqual({ allowed: true });
    // Refused attempts do not count: the wait does not grow.
    advance(10 * MINUTE - 1);
    expect(t.attempt("192.0.2.1", "amy")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(1);
    expect(t.attempt("192.0.2.1", "amy")).toEqual({ allowed: true });
  });

  it("allows 20 failed attempts per IP whatever the usernames", () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 20; i++) {
      expect(t.attempt("192.0.2.1", `user${i % 10}`)).toEqual({ allowed: true });
      advance(1000);
    }
    expect(t.attempt("192.0.2.1", "someone-new")).toEqual({
      allowed: false,
      retryAfterSeconds: 15 * 60 - 20,
    });
    expect(t.attempt("192.0.2.9", "someone-new")).toEqual({ allowed: true });
  });

  it("counts parallel attempts before their outcome is known", () => {
    const { t } = throttle();
    const verdicts = Array.from({ length: 8 }, () => t.attempt("192.0.2.1", "amy"));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  it("clears the (IP, username) count on a success; a success is no failure of the IP", () => {
    const { t } = throttle();
    for (let i = 0; i < 4; i++) t.attempt("192.0.2.1", "amy");
    t.attempt("192.0.2.1", "amy");
    t.success("192.0.2.1", "amy");
    for (let i = 0; i < 4; i++) t.attempt("192.0.2.1", "amy");
    expect(t.attempt("192.0.2.1", "amy")).toEqual({ allowed: true });
    expect(t.attempt("192.0.2.1", "amy")).toMatchObject({ allowed: false });
    for (let i = 0; i < 11; i++) t.attempt("192.0.2.1", `bob${i}`);
    // 4 + 5 + 11 = 20 failures from the IP; the success in between was not one.
    expect(t.attempt("192.0.2.1", "carol")).toMatchObject({ allowed: false });
  });

  it("forgets the least recently failed keys beyond its limit", () => {
    let now = 0;
    const t = new LoginThrottle({ now: () => now, maxKeys: 4, maxPerUsername: 1 });
    t.attempt("192.0.2.1", "amy"); // two keys: the IP and (IP, amy)
    now += 1;
    t.attempt("192.0.2.2", "bob");
    now += 1;
    t.attempt("192.0.2.3", "carol"); // six keys: the first two are forgotten
    expect(t.attempt("192.0.2.1", "amy")).toEqual({ allowed: true });
    expect(t.attempt("192.0.2.3", "carol")).toMatchObject({ allowed: false });
  });
});
