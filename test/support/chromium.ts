// Debian's Chromium driven by playwright-core, for the browser tests: whether it is there (and
// whether it must be: in CI it must), how to launch it, and axe-core's accessibility check of a
// page. Screenshots go to artifacts/screenshots.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { ROOT } from "./paddock-process.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** In CI (or when asked) a missing Chromium fails the tests instead of skipping them. */
export const CHROMIUM_REQUIRED =
  Boolean(process.env.CI) || process.env.PADDOCK_REQUIRE_BROWSER === "1";
export const CHROMIUM_AVAILABLE = existsSync(CHROMIUM);
export const SCREENSHOTS = join(ROOT, "artifacts", "screenshots");

/** Browser tests skip only where Chromium is missing and not required. */
export const SKIP_BROWSER = !CHROMIUM_AVAILABLE && !CHROMIUM_REQUIRED;

/** Says why the tests are skipped (call at the top of the test file). */
export function warnIfSkipped(what: string): void {
  if (SKIP_BROWSER)
    console.warn(
      `${what} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
}

/** Throws where Chromium is required (CI) but missing. */
export function requireChromium(): void {
  if (!CHROMIUM_AVAILABLE)
    throw new Error(
      `Chromium is required here (CI) but missing at ${CHROMIUM}: .ci/run installs it with apt-get`,
    );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: number;
  readonly targets: readonly string[];
}

/** axe-core's WCAG 2 A/AA violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a <script>: the pages' Content-Security-Policy allows no inline script.
  await page.evaluate(readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(" ")),
    }));
  });
}

/** The serious and critical ones: what the tests refuse. */
export const serious = (violations: readonly AxeViolation[]) =>
  violations.filter((v) => v.impact === "serious" || v.impact === "critical");
