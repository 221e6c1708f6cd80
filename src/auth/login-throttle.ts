// Rate limiting of login attempts, in memory: at most 5 failed attempts per (IP, username) and 20
// per IP in any 15 minutes; beyond that, logins are refused (429 with Retry-After) until the
// oldest failure leaves the window. A success clears the (IP, username) count, not the IP's.
// One process's memory: behind several server processes each keeps its own counts.

export interface LoginThrottleOptions {
  /** Failed attempts allowed per (IP, username) within the window (5). */
  readonly maxPerUsername?: number;
  /** Failed attempts allowed per IP within the window (20). */
  readonly maxPerIp?: number;
  /** The window, in milliseconds (15 minutes). */
  readonly windowMs?: number;
  /** Keys tracked at most; the least recently failed are forgotten first (10 000). */
  readonly maxKeys?: number;
  /** Milliseconds since the epoch; tests pass their own. */
  readonly now?: () => number;
}

export type ThrottleVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class LoginThrottle {
  private readonly maxPerUsername: number;
  private readonly maxPerIp: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  /** Times of recent failures per key, oldest first; Map order: least recently failed first. */
  private readonly failures = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions = {}) {
    this.maxPerUsername = options.maxPerUsername ?? 5;
    this.maxPerIp = options.maxPerIp ?? 20;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether a login attempt may go ahead. An allowed attempt counts as failed at once, so attempts
   * sent in parallel cannot slip past the limit while their passwords are checked; call success()
   * when the password was right. Refused attempts are not counted.
   */
  attempt(ip: string, username: string): ThrottleVerdict {
    const now = this.now();
    const keys = [ipKey(ip), userKey(ip, username)] as const;
    const longest = Math.max(
      this.wait(keys[0], this.maxPerIp, now),
      this.wait(keys[1], this.maxPerUsername, now),
    );
    if (longest > 0) return { allowed: false, retryAfterSeconds: Math.ceil(longest / 1000) };
    for (const key of keys) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.delete(key); // re-inserted last: the most recently failed
      this.failures.set(key, times);
    }
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
    return { allowed: true };
  }

  /** The attempt's password was right: it was no failure, and the (IP, username) count restarts. */
  success(ip: string, username: string): void {
    this.failures.delete(userKey(ip, username));
    const times = this.failures.get(ipKey(ip));
    times?.pop();
    if (times?.length === 0) this.failures.delete(ipKey(ip));
  }

  /** Failures of a key still inside the window. */
  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /** Milliseconds until the key may try again; 0 when it may now. */
  private wait(key: string, max: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < max) return 0;
    // The failure that must leave the window before one more attempt is allowed.
    const blocking = times[times.length - max] ?? now;
    return Math.max(1, blocking + this.windowMs - now);
  }
}

const ipKey = (ip: string) => `ip\u0000${ip}`;
const userKey = (ip: string, username: string) =>
  `user\u0000${ip}\u0000${username.trim().toLowerCase()}`;
