// Module hooks that let a worker thread run Paddock's TypeScript sources. Only under vitest: it
// transforms the sources its own threads import, not those of the workers they start (Node 20
// cannot strip types). src/import-pool.ts registers this file in an import worker when it runs
// from src/ (a .ts URL); from dist/ the worker is plain JavaScript and this file is not used.
// Sources are compiled one file at a time by typescript (a devDependency), no type check.
import { existsSync, readFileSync } from "node:fs";
import { URL, fileURLToPath } from "node:url";
import ts from "typescript";

const TS = /\.tsx?$/;

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  jsx: ts.JsxEmit.ReactJSX,
  jsxImportSource: "hono/jsx",
  verbatimModuleSyntax: true,
  sourceMap: false,
};

/** `./x.js` written in a .ts file means the ./x.ts (or .tsx) beside it, as tsc resolves it. */
export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent && TS.test(parent) && /^\.{1,2}\//.test(specifier) && specifier.endsWith(".js"))
    for (const ext of [".ts", ".tsx"]) {
      const url = new URL(`${specifier.slice(0, -3)}${ext}`, parent);
      if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
    }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!TS.test(url) || !url.startsWith("file:")) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(readFileSync(fileName, "utf8"), {
    fileName,
    compilerOptions: COMPILER_OPTIONS,
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
