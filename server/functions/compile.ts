import { SourceMap } from "node:module";
import { transform, type Message } from "esbuild";
import { sha256Hex } from "../lib/crypto";

// User TypeScript → one script for an isolate. The default export ends up as
// `__switchboardModule.default`. Results are cached by source (and carry its hash, which
// names the code elsewhere), so a pipeline that runs thousands of times compiles its
// Functions once per process, and a run finds its compiled code without hashing the source.

export const MODULE_GLOBAL = "__switchboardModule";
export const SCRIPT_FILENAME = "function.js";
const SOURCE_FILENAME = "function.ts";
const CACHE_LIMIT = 500;

export interface CompiledFunction {
  hash: string;
  code: string;
  sourceMap: SourceMap;
}

export interface CompileProblem {
  line: number;
  column: number;
  message: string;
}

export class CompileError extends Error {
  override name = "CompileError";
  constructor(readonly problems: CompileProblem[]) {
    super(problems.map((p) => `${SOURCE_FILENAME}:${p.line}:${p.column}: ${p.message}`).join("\n"));
  }
}

const cache = new Map<string, CompiledFunction>();

function toProblem(message: Message): CompileProblem {
  return { line: message.location?.line ?? 1, column: (message.location?.column ?? 0) + 1, message: message.text };
}

export async function compileFunction(source: string): Promise<CompiledFunction> {
  const cached = cache.get(source);
  if (cached) return cached;
  const hash = sha256Hex(source);
  if (!/\bexport\s+default\b/.test(source)) {
    throw new CompileError([
      { line: 1, column: 1, message: "A Function needs a default export: `export default async function (ctx) { … }`" },
    ]);
  }
  let result;
  try {
    result = await transform(source, {
      loader: "ts",
      format: "iife",
      globalName: MODULE_GLOBAL,
      sourcemap: "external",
      sourcefile: SOURCE_FILENAME,
      target: "es2022",
      logLevel: "silent",
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) throw new CompileError(errors.map(toProblem));
    throw error;
  }
  const compiled: CompiledFunction = {
    hash,
    code: result.code,
    sourceMap: new SourceMap(JSON.parse(result.map) as ConstructorParameters<typeof SourceMap>[0]),
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(source, compiled);
  return compiled;
}

/**
 * Rewrites `function.js:L:C` positions in a stack to the user's `function.ts` lines and
 * keeps only the user's frames (no bootstrap or host paths leak into logs).
 */
export function mapStack(stack: string, sourceMap: SourceMap): string {
  return stack
    .split("\n")
    .filter((line, i) => i === 0 || !/^\s+at /.test(line) || line.includes(SCRIPT_FILENAME))
    .map((line) =>
      line.replace(/function\.js:(\d+):(\d+)/g, (whole, l: string, c: string) => {
        const entry = sourceMap.findEntry(Number(l) - 1, Number(c) - 1);
        if (!entry || !("originalLine" in entry) || entry.originalLine === undefined) return whole;
        return `${SOURCE_FILENAME}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
      }),
    )
    .join("\n");
}
