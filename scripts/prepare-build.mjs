// npm's prepare step: builds dist/ unless it is newer than every file it is built from. npm runs
// prepare on `npm install`, and again when `npx paddock` installs this project into npx's cache
// (npm's way of running a project's own bin): that second time the build is there already, and
// the first `npx paddock` on a machine answers in a second instead of rebuilding for ten.
// Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

const root = join(import.meta.dirname, "..");
const BUILT = join(root, "dist", "src", "cli", "main.js");
// What the build reads: the TypeScript it compiles and the seasons it snapshots.
const INPUTS = ["src", "bench", "scripts", "test", "data", "package.json", "tsconfig.build.json"];

/** The newest modification time under a file or folder (0 where it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

const upToDate =
  existsSync(BUILT) &&
  statSync(BUILT).mtimeMs >= Math.max(...INPUTS.map((p) => newest(join(root, p))));
if (!upToDate) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "build"], { cwd: root, stdio: "inherit" });
  process.exitCode = r.status ?? 1;
}
