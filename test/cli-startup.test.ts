// The command line loads only what the command it runs needs (src/cli/main.ts imports a
// command's module when that command runs): --version and --help load no command module, a
// season read from data/ never loads the store's drivers, and --help still lists every command
// as its own module describes it. Runs the build (dist/): `npm run build` first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Command, Help } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { registerExplain } from "../src/cli/explain-command.js";
import { registerExport } from "../src/cli/export-command.js";
import { registerImport } from "../src/cli/import-command.js";
import { registerResults } from "../src/cli/results-command.js";
import { registerScenarios } from "../src/cli/scenarios-command.js";
import { registerSchema } from "../src/cli/schema-command.js";
import { registerSeasonCommands } from "../src/cli/season-commands.js";
import { registerStandings } from "../src/cli/standings-command.js";
import { registerUser } from "../src/cli/user-command.js";
import { CLI_JS, ROOT, requireBuild } from "./support/paddock-process.js";

requireBuild();
const tmp = mkdtempSync(join(tmpdir(), "paddock-cli-startup-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A module resolve hook that prints every module the process loads (Node 20.6+: module.register).
const hook = join(tmp, "hook.mjs");
writeFileSync(
  hook,
  'export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith("file:")) process.stderr.write(`LOADED ${r.url}\\n`); return r; }\n',
);
const register = join(tmp, "register.mjs");
writeFileSync(
  register,
  `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
);

const env = { ...process.env, PADDOCK_DATA_DIR: join(tmp, "no-store"), DATABASE_URL: "" };

/** Runs paddock; returns its output and the package-relative paths of the modules it loaded. */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", register, CLI_JS, ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env,
  });
  const root = pathToFileURL(ROOT).href + "/";
  const loaded = [...r.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) =>
    (m[1] ?? "").replace(root, ""),
  );
  return { code: r.status, out: r.stdout, loaded };
}

const packages = (loaded: readonly string[]) =>
  [
    ...new Set(loaded.flatMap((p) => /^node_modules\/((@[^/]+\/)?[^/]+)/.exec(p)?.[1] ?? [])),
  ].sort();

describe("paddock start-up", () => {
  it.each([["--version"], ["--help"], ["help"], []])(
    "%s loads commander and main.js only",
    (...args) => {
      const r = run(...args);
      expect(packages(r.loaded)).toEqual(["commander"]);
      expect(r.loaded.filter((p) => p.startsWith("dist/"))).toEqual(["dist/src/cli/main.js"]);
    },
  );

  it("standings of a shipped season, with no store, does not load the store", () => {
    const r = run("standings", "alms-2003", "--class", "GT");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Alex Job Racing");
    expect(r.loaded.filter((p) => p.startsWith("dist/src/store/"))).toEqual([]);
    for (const heavy of ["kysely", "pg", "better-sqlite3", "exceljs", "hono"])
      expect(packages(r.loaded)).not.toContain(heavy);
    // Only the command run is loaded, not its neighbours.
    expect(r.loaded).not.toContain("dist/src/cli/import-command.js");
  });

  it("--help lists every command with the term and description its module gives it", () => {
    const program = new Command("paddock");
    for (const register of [
      registerStandings,
      registerResults,
      registerExplain,
      registerScenarios,
      registerSeasonCommands,
      registerSchema,
      registerUser,
      registerExport,
      registerImport,
    ])
      register(program);
    const help = new Help();
    const flat = (text: string) => text.replace(/\s+/g, " ");
    const listing = flat(run("--help").out);
    let from = 0;
    for (const cmd of program.commands) {
      const line = flat(`${help.subcommandTerm(cmd)} ${help.subcommandDescription(cmd)}`);
      const at = listing.indexOf(` ${line} `, from);
      expect(at, line).toBeGreaterThan(from - 1);
      from = at;
    }
  });

  it("each command's own help and `help <command>` are the command's", () => {
    for (const args of [
      ["standings", "--help"],
      ["help", "export"],
      ["user", "token", "--help"],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.out).toContain(
        `Usage: paddock ${args.filter((a) => a !== "help" && a !== "--help").join(" ")} [options]`,
      );
    }
  });
});
