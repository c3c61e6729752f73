import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { sha256Hex } from "../lib/crypto";
import { CompileError, compileFunction, type CompileProblem } from "./compile";
import { CTX_TYPES } from "./ctx-types";

// Type-checks a Function on save, against the same `ctx` declarations the editor loads and
// the ES2023 library (what the sandbox's V8 provides), entirely in memory: the compiler host serves the user's file and the
// declarations from strings and never writes. Parsed library files are kept for the life of
// the process, so a check costs tens of milliseconds once the first one has paid for them.
//
// Strictness: `strict`, as in the editor, except that an implicit `any` is allowed. It is
// allowed by dropping the implicit-any family of errors (codes 7xxx) rather than by turning
// `noImplicitAny` off, which would type `const list = []` as `never[]`. The default
// export's first parameter is typed as the Function context when the user leaves it
// unannotated, so that `export default async (ctx) => …` gets the same checks as
// `(ctx: Context) => …`.

const USER_FILE = "/function.ts";
const API_FILE = "/switchboard-function-api.d.ts";
const LIB = "lib.es2023.d.ts";
const MAX_PROBLEMS = 20;
const CACHE_LIMIT = 500;

/**
 * The editor declares `EventPayload` from the integration's samples; on save the payload
 * type is not known, so it is `any` and only the Function API itself is held to its types.
 */
const API_SOURCE = `${CTX_TYPES}
type EventPayload = any;
type Context = SwitchboardContext<EventPayload>;
`;
const CONTEXT_TYPE = "SwitchboardContext<EventPayload>";

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: [LIB],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowUnreachableCode: true,
  allowUnusedLabels: true,
};

const libDirectory = path.dirname(ts.getDefaultLibFilePath(options));
/** Library and API declarations, parsed once: they are the bulk of every program. */
const sharedFiles = new Map<string, ts.SourceFile>();
const results = new Map<string, CompileProblem[]>();

function sharedFile(fileName: string): ts.SourceFile | undefined {
  let file = sharedFiles.get(fileName);
  if (file) return file;
  let text: string;
  if (fileName === API_FILE) {
    text = API_SOURCE;
  } else if (path.dirname(fileName) === libDirectory && /^lib\.[\w.]+\.d\.ts$/.test(path.basename(fileName))) {
    text = readFileSync(fileName, "utf8");
  } else {
    return undefined;
  }
  file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2023);
  sharedFiles.set(fileName, file);
  return file;
}

function createHost(user: ts.SourceFile): ts.CompilerHost {
  return {
    getSourceFile: (fileName) => (fileName === USER_FILE ? user : sharedFile(fileName)),
    getDefaultLibFileName: () => path.join(libDirectory, LIB),
    getDefaultLibLocation: () => libDirectory,
    writeFile: () => {
      throw new Error("The Function type check never writes files");
    },
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (fileName) => fileName === USER_FILE || sharedFile(fileName) !== undefined,
    readFile: (fileName) => (fileName === USER_FILE ? user.text : sharedFile(fileName)?.text),
    directoryExists: (directory) => directory === "/" || directory === libDirectory,
    getDirectories: () => [],
  };
}

interface Insertion {
  at: number;
  text: string;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function asFunction(node: ts.Node | undefined): ts.SignatureDeclaration | undefined {
  if (!node) return undefined;
  if (ts.isFunctionDeclaration(node)) return node;
  if (ts.isExpression(node)) {
    const inner = unwrap(node);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner;
  }
  return undefined;
}

/** The function a top-level name refers to: `function handler(…)` or `const handler = (…) => …`. */
function functionNamed(file: ts.SourceFile, name: string): ts.SignatureDeclaration | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return asFunction(declaration.initializer);
      }
    }
  }
  return undefined;
}

function defaultExport(file: ts.SourceFile): ts.SignatureDeclaration | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement)) {
      const flags = ts.getCombinedModifierFlags(statement);
      if (flags & ts.ModifierFlags.Export && flags & ts.ModifierFlags.Default) return statement;
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const target = unwrap(statement.expression);
      return ts.isIdentifier(target) ? functionNamed(file, target.text) : asFunction(target);
    }
    if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      const element = statement.exportClause.elements.find((e) => e.name.text === "default");
      if (element) return functionNamed(file, (element.propertyName ?? element.name).text);
    }
  }
  return undefined;
}

/** Gives the default export's unannotated first parameter the context type. */
function contextAnnotation(file: ts.SourceFile): Insertion[] {
  const fn = defaultExport(file);
  const parameter = fn?.parameters[0];
  if (!fn || !parameter || parameter.type || parameter.dotDotDotToken) return [];
  const end = (parameter.questionToken ?? parameter.name).end;
  const annotation = { at: end, text: `: ${CONTEXT_TYPE}` };
  // `async ctx => …` has no parentheses to hold a type annotation.
  if (ts.isArrowFunction(fn) && !file.text.slice(fn.getStart(file), parameter.getStart(file)).includes("(")) {
    return [
      { at: parameter.getStart(file), text: "(" },
      { ...annotation, text: `${annotation.text})` },
    ];
  }
  return [annotation];
}

function applyInsertions(text: string, insertions: Insertion[]): string {
  let out = "";
  let from = 0;
  for (const insertion of insertions) {
    out += text.slice(from, insertion.at) + insertion.text;
    from = insertion.at;
  }
  return out + text.slice(from);
}

/** A position in the checked text → the same place in the user's source. */
function originalPosition(position: number, insertions: Insertion[]): number {
  let shift = 0;
  for (const insertion of insertions) {
    const start = insertion.at + shift;
    if (position < start) break;
    if (position < start + insertion.text.length) return insertion.at;
    shift += insertion.text.length;
  }
  return position - shift;
}

/** "Cannot find name 'process'. Do you need to install type definitions for node? …" and the like. */
const NODE_NAME_HINTS = new Set([2580, 2591]);
const OTHER_NAME_HINTS = new Set([2581, 2582, 2592, 2593]);

function isImplicitAny(diagnostic: ts.Diagnostic): boolean {
  return diagnostic.code >= 7000 && diagnostic.code < 8000;
}

function messageOf(diagnostic: ts.Diagnostic, checkedText: string): string {
  const name = checkedText.slice(diagnostic.start ?? 0, (diagnostic.start ?? 0) + (diagnostic.length ?? 0));
  // The compiler's advice (install @types/node) does not apply inside the sandbox.
  if (NODE_NAME_HINTS.has(diagnostic.code)) {
    return `Cannot find name '${name}'. Functions run without Node.js APIs (no process, require or modules): reach the outside through ctx.`;
  }
  if (OTHER_NAME_HINTS.has(diagnostic.code)) return `Cannot find name '${name}'.`;
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
}

function check(source: string): CompileProblem[] {
  const original = ts.createSourceFile(USER_FILE, source, ts.ScriptTarget.ES2023, true);
  const insertions = contextAnnotation(original);
  const user =
    insertions.length === 0 ? original : ts.createSourceFile(USER_FILE, applyInsertions(source, insertions), ts.ScriptTarget.ES2023);
  const program = ts.createProgram({ rootNames: [API_FILE, USER_FILE], options, host: createHost(user) });
  const diagnostics = [...program.getSyntacticDiagnostics(user), ...program.getSemanticDiagnostics(user)]
    .filter((d) => d.category === ts.DiagnosticCategory.Error && !isImplicitAny(d))
    .sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  return diagnostics.slice(0, MAX_PROBLEMS).map((d) => {
    const { line, character } = original.getLineAndCharacterOfPosition(originalPosition(d.start ?? 0, insertions));
    return { line: line + 1, column: character + 1, message: messageOf(d, user.text) };
  });
}

/** Type errors in a Function's source, with lines and columns in that source; empty when it checks. */
export function typeCheckFunction(source: string): CompileProblem[] {
  const hash = sha256Hex(source);
  const cached = results.get(hash);
  if (cached) return cached;
  const problems = check(source);
  if (results.size >= CACHE_LIMIT) results.delete(results.keys().next().value!);
  results.set(hash, problems);
  return problems;
}

/**
 * Everything that stops a Function from being saved: syntax (as the sandbox compiles it)
 * first, then types. Empty when the Function is fine.
 */
export async function checkFunctionSource(source: string): Promise<CompileProblem[]> {
  try {
    await compileFunction(source);
  } catch (error) {
    if (error instanceof CompileError) return error.problems;
    throw error;
  }
  return typeCheckFunction(source);
}
