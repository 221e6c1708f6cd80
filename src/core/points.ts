// Points are exact rationals. A shared bonus split seven ways, half points for a shortened race and
// a third of a shared drive must add up without binary floating-point drift, so a value is a
// reduced fraction of two safe integers (denominator > 0). Integers, by far the common case, take
// a fast path. Text form: "170", "12.5" for terminating decimals, "100/3" otherwise.

export interface Points {
  readonly n: number;
  readonly d: number;
}

const cache: Points[] = [];
for (let i = 0; i <= 64; i++) cache.push(Object.freeze({ n: i, d: 1 }));

export const ZERO: Points = cache[0] as Points;

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function checked(x: number): number {
  if (!Number.isSafeInteger(x)) throw new RangeError(`points arithmetic overflow (${x})`);
  return x;
}

/** An integer number of points. */
export function int(n: number): Points {
  if (n >= 0 && n <= 64 && Number.isInteger(n)) return cache[n] as Points;
  return { n: checked(n), d: 1 };
}

/** n/d, reduced. */
export function frac(n: number, d: number): Points {
  if (d === 0) throw new RangeError("points: division by zero");
  checked(n);
  checked(d);
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  return d === 1 ? int(n) : { n, d };
}

export function add(a: Points, b: Points): Points {
  if (a.d === 1 && b.d === 1) return int(checked(a.n + b.n));
  if (a.d === b.d) return frac(checked(a.n + b.n), a.d);
  const g = gcd(a.d, b.d);
  const d = checked((a.d / g) * b.d);
  return frac(checked(a.n * (b.d / g) + b.n * (a.d / g)), d);
}

export function neg(a: Points): Points {
  return a.n === 0 ? a : { n: -a.n, d: a.d };
}

export function sub(a: Points, b: Points): Points {
  return add(a, neg(b));
}

export function mul(a: Points, b: Points): Points {
  if (a.d === 1 && b.d === 1) return int(checked(a.n * b.n));
  return frac(checked(a.n * b.n), checked(a.d * b.d));
}

export function divInt(a: Points, k: number): Points {
  return frac(a.n, checked(a.d * k));
}

export function cmp(a: Points, b: Points): number {
  if (a.d === b.d) return a.n - b.n;
  // Cross-multiplication stays exact while the products are safe integers.
  return checked(a.n * b.d) - checked(b.n * a.d);
}

export function isZero(a: Points): boolean {
  return a.n === 0;
}

export function sum(values: Iterable<Points>): Points {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

function isTerminating(d: number): boolean {
  while (d % 2 === 0) d /= 2;
  while (d % 5 === 0) d /= 5;
  return d === 1;
}

/** Canonical text: "170", "-3", "12.5", "100/3". parsePoints(formatPoints(x)) equals x. */
export function formatPoints(a: Points): string {
  if (a.d === 1) return String(a.n);
  if (isTerminating(a.d)) {
    // Exact decimal expansion by long division; terminates because d = 2^i * 5^j.
    const sign = a.n < 0 ? "-" : "";
    let n = Math.abs(a.n);
    const whole = Math.floor(n / a.d);
    n = n % a.d;
    let digits = "";
    while (n !== 0) {
      n *= 10;
      digits += String(Math.floor(n / a.d));
      n = n % a.d;
    }
    return `${sign}${whole}.${digits}`;
  }
  return `${a.n}/${a.d}`;
}

/** Mixed-number text for people: "33 1/3", "12.5". */
export function formatPointsForPeople(a: Points): string {
  if (a.d === 1 || isTerminating(a.d)) return formatPoints(a);
  const sign = a.n < 0 ? "-" : "";
  const n = Math.abs(a.n);
  const whole = Math.floor(n / a.d);
  const rest = n % a.d;
  return whole === 0 ? `${sign}${rest}/${a.d}` : `${sign}${whole} ${rest}/${a.d}`;
}

const POINTS_TEXT = /^(-?)(\d+)(?:\.(\d+)|\/(\d+))?$/;

/** Reads "20", "0.5", "-3", "1/7"; undefined when the text is not a number of points. */
export function parsePoints(text: string): Points | undefined {
  const m = POINTS_TEXT.exec(text.trim());
  if (!m) return undefined;
  const sign = m[1] === "-" ? -1 : 1;
  const whole = Number(m[2]);
  if (m[3] !== undefined) {
    if (m[3].length > 12) return undefined;
    const d = 10 ** m[3].length;
    return frac(sign * (whole * d + Number(m[3])), d);
  }
  if (m[4] !== undefined) {
    const d = Number(m[4]);
    if (d === 0) return undefined;
    return frac(sign * whole, d);
  }
  return int(sign * whole);
}

/** A float for charts and sorting displays only; never for arithmetic. */
export function toNumber(a: Points): number {
  return a.n / a.d;
}
