/**
 * Finds every error code the code base can raise, with the TypeScript compiler's type checker
 * (so codes passed through helper functions, default parameters, conditional expressions and
 * union-typed parameters are seen, not only literals written next to `new`).
 *
 * What counts as a code (spec/error-codes.md lists them all):
 * - thrown: the code argument of `new X(...)` or `super(...)` where X derives from SksmlError
 *   (protocol/errors/sksml-error.ts). The code argument is found per class: SksmlError's first
 *   parameter, followed through each subclass constructor's `super(...)` call; a subclass that
 *   calls `super` with a fixed code contributes that code itself.
 * - declared: the literal members of the code parameter's type and of a `declare readonly code`
 *   type of such a class (e.g. `ModelErrorCode`), and of any type alias named `...ErrorCode`.
 * - table: the string elements (or `code` properties) of a constant named `..._CODES`.
 * - reported: codes handed to callers without throwing: the `code` property of an object literal
 *   whose contextual type is named `...Finding`, `...FindingInput` or `...Warning`, and the `codes`
 *   list of a `...Rule` object (the validators' finding codes, the client's warnings).
 * A code argument that is a parameter of the enclosing function is followed to that function's
 * call sites (a few levels deep). An argument whose value the checker cannot narrow to string
 * literals is reported as unresolved, so a code cannot hide behind a `string`.
 *
 * Run: `npx tsx tools/error-codes/scan.ts [--json | --check]` (`--check` compares with
 * spec/error-codes.md and exits 1 when they differ).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { checkCodes } from './check-codes.ts';

/** Folders whose non-test .ts files are scanned. */
export const SCANNED_FOLDERS = [
  'protocol',
  'reference-server',
  'reference-client',
  'conformance',
  'fuzz',
  'cli',
] as const;

/** Where SksmlError is declared, relative to the root. */
export const SKSML_ERROR_FILE = 'protocol/errors/sksml-error.ts';

export type CodeSourceKind = 'thrown' | 'declared' | 'table' | 'reported';

export interface CodeSource {
  readonly kind: CodeSourceKind;
  /** Root-relative path with forward slashes. */
  readonly file: string;
  readonly line: number;
  /** The error class (thrown/declared), the alias or constant (table), or the finding type (reported). */
  readonly via: string;
}

export interface UnresolvedSite {
  readonly file: string;
  readonly line: number;
  readonly via: string;
  /** The source text of the expression that could not be narrowed to literals. */
  readonly text: string;
}

export interface ScanResult {
  /** Every code with where it comes from, sorted by code. */
  readonly codes: ReadonlyMap<string, readonly CodeSource[]>;
  readonly unresolved: readonly UnresolvedSite[];
  /** The SksmlError subclasses found, by name, with their file. */
  readonly errorClasses: ReadonlyMap<string, string>;
  /** Classes that extend Error (or another built-in error) without deriving from SksmlError. */
  readonly plainErrorClasses: ReadonlyMap<string, string>;
  readonly filesScanned: number;
}

export interface ScanOptions {
  /** Folders under root to scan; default SCANNED_FOLDERS. */
  readonly folders?: readonly string[];
  /** How many levels of function parameters to follow to their call sites (default 4). */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 4;
const FINDING_TYPE = /(Finding|FindingInput|Warning)$/;
const RULE_TYPE = /Rule$/;
const CODE_TABLE = /(^|_)CODES$/;
const ERROR_CODE_ALIAS = /ErrorCode$/;

/** Non-test TypeScript sources under root/folder, sorted. */
export function listScannedFiles(root: string, folders: readonly string[] = SCANNED_FOLDERS): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (isScannedName(name)) out.push(full);
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return out.sort();
}

function isScannedName(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(test|spec)\.ts$/.test(name);
}

type CodeFlow = { readonly kind: 'param'; readonly index: number } | { readonly kind: 'fixed' };

/** Scans root (default: this repository) and returns every code found. */
export function scanErrorCodes(root: string = repositoryRoot(), options: ScanOptions = {}): ScanResult {
  const absRoot = resolve(root);
  const files = listScannedFiles(absRoot, options.folders ?? SCANNED_FOLDERS);
  const program = ts.createProgram(files, compilerOptions(absRoot));
  const checker = program.getTypeChecker();
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const scanned = new Set(files.map((f) => resolve(f)));
  const sources = program.getSourceFiles().filter((sf) => scanned.has(resolve(sf.fileName)));

  const codes = new Map<string, CodeSource[]>();
  const unresolved: UnresolvedSite[] = [];
  const errorClasses = new Map<string, string>();
  const plainErrorClasses = new Map<string, string>();

  const rel = (sf: ts.SourceFile): string => relative(absRoot, sf.fileName).split(sep).join('/');
  const lineOf = (node: ts.Node): number =>
    node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const add = (code: string, kind: CodeSourceKind, node: ts.Node, via: string): void => {
    const list = codes.get(code) ?? [];
    const source: CodeSource = { kind, file: rel(node.getSourceFile()), line: lineOf(node), via };
    if (!list.some((s) => s.kind === kind && s.file === source.file && s.line === source.line))
      list.push(source);
    codes.set(code, list);
  };
  const unresolvedAt = (node: ts.Node, via: string): void => {
    unresolved.push({
      file: rel(node.getSourceFile()),
      line: lineOf(node),
      via,
      text: node.getText().replace(/\s+/g, ' ').slice(0, 120),
    });
  };

  const rootSymbol = findSksmlErrorSymbol(program, absRoot, checker);
  if (rootSymbol === undefined) {
    return {
      codes: new Map(),
      unresolved: [],
      errorClasses,
      plainErrorClasses,
      filesScanned: sources.length,
    };
  }

  // --- class hierarchy -----------------------------------------------------------------
  const derives = new Map<ts.Symbol, boolean>();
  const isErrorClassSymbol = (symbol: ts.Symbol | undefined): boolean => {
    if (symbol === undefined) return false;
    if (symbol === rootSymbol) return true;
    const known = derives.get(symbol);
    if (known !== undefined) return known;
    derives.set(symbol, false);
    const base = baseClassSymbol(symbol, checker);
    const result = base !== undefined && isErrorClassSymbol(base);
    derives.set(symbol, result);
    return result;
  };

  const flows = new Map<ts.Symbol, CodeFlow | null>();
  const flowOf = (symbol: ts.Symbol): CodeFlow | null => {
    if (symbol === rootSymbol) return { kind: 'param', index: 0 };
    if (flows.has(symbol)) return flows.get(symbol) ?? null;
    flows.set(symbol, null);
    const decl = classDeclarationOf(symbol);
    const base = baseClassSymbol(symbol, checker);
    let flow: CodeFlow | null = null;
    if (decl !== undefined && base !== undefined) {
      const ctor = decl.members.find(
        (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
      );
      const baseFlow = flowOf(base);
      if (ctor === undefined || baseFlow === null) flow = baseFlow;
      else if (baseFlow.kind === 'fixed') flow = baseFlow;
      else {
        const call = findSuperCall(ctor);
        const arg = call?.arguments[baseFlow.index];
        const index = arg === undefined ? -1 : ownParameterIndex(arg, ctor, checker);
        flow = index >= 0 ? { kind: 'param', index } : { kind: 'fixed' };
      }
    }
    flows.set(symbol, flow);
    return flow;
  };

  // --- resolving an expression to literal codes ------------------------------------------
  let callIndex: Map<string, ts.CallLikeExpression[]> | undefined;
  const callsNamed = (name: string): ts.CallLikeExpression[] => {
    if (callIndex === undefined) {
      callIndex = new Map();
      for (const sf of sources) indexCalls(sf, callIndex);
    }
    return callIndex.get(name) ?? [];
  };

  /**
   * A tentative resolution: codes found and sites that stayed unknown are buffered, so a precise
   * answer (following a parameter to its callers) can be dropped for the declared type's literals.
   */
  interface Trail {
    readonly found: { code: string; at: ts.Node }[];
    readonly unknown: ts.Node[];
    readonly seen: Set<ts.Node>;
  }
  const newTrail = (seen: Set<ts.Node>): Trail => ({ found: [], unknown: [], seen });

  /** Records the literal codes expr can have in trail; returns false when some value stays unknown. */
  const resolveExpr = (expr: ts.Expression, depth: number, at: ts.Node, trail: Trail): boolean => {
    if (trail.seen.has(expr)) return true;
    trail.seen.add(expr);
    const inner = skipWrappers(expr);
    if (ts.isConditionalExpression(inner)) {
      const a = resolveExpr(inner.whenTrue, depth, at, trail);
      const b = resolveExpr(inner.whenFalse, depth, at, trail);
      return a && b;
    }
    if (ts.isBinaryExpression(inner) && isFallbackOperator(inner.operatorToken.kind)) {
      const a = resolveExpr(inner.left, depth, at, trail);
      const b = resolveExpr(inner.right, depth, at, trail);
      return a && b;
    }
    // Passing on the code of a caught SksmlError adds no code: its own throw site is counted.
    if (
      ts.isPropertyAccessExpression(inner) &&
      inner.name.text === 'code' &&
      isErrorClassSymbol(checker.getTypeAtLocation(inner.expression).getSymbol())
    )
      return true;
    // A parameter: prefer what its callers pass (precise) over its declared type (everything allowed).
    if (depth < maxDepth && ts.isIdentifier(inner)) {
      const param = parameterOf(inner, checker);
      if (param !== undefined) {
        const attempt = newTrail(trail.seen);
        if (resolveParameter(param, depth + 1, attempt)) {
          trail.found.push(...attempt.found);
          return true;
        }
        const declared = stringLiterals(checker.getTypeAtLocation(inner));
        if (declared !== null) {
          for (const code of declared) trail.found.push({ code, at });
          return true;
        }
        trail.found.push(...attempt.found);
        trail.unknown.push(...attempt.unknown);
        return false;
      }
    }
    // A call: prefer the literals its function returns over its declared return type.
    if (depth < maxDepth && ts.isCallExpression(inner)) {
      const fn = calleeSymbol(inner, checker)?.valueDeclaration;
      const body = fn === undefined ? undefined : functionBody(fn);
      if (body !== undefined) {
        const attempt = newTrail(trail.seen);
        const returned = returnedExpressions(body);
        if (returned.length > 0 && returned.every((r) => resolveExpr(r, depth + 1, at, attempt))) {
          trail.found.push(...attempt.found);
          return true;
        }
      }
    }
    // A lookup in a constant table (`TABLE[key]`): the values the table holds.
    if (depth < maxDepth && ts.isElementAccessExpression(inner)) {
      const table = objectLiteralOf(inner.expression, checker);
      if (table !== undefined) {
        const attempt = newTrail(trail.seen);
        const values = table.properties.filter(ts.isPropertyAssignment).map((p) => p.initializer);
        if (values.length > 0 && values.every((v) => resolveExpr(v, depth + 1, at, attempt))) {
          trail.found.push(...attempt.found);
          return true;
        }
      }
    }
    const literals = stringLiterals(checker.getTypeAtLocation(inner));
    if (literals !== null) {
      for (const code of literals) trail.found.push({ code, at });
      return true;
    }
    if (depth < maxDepth && ts.isPropertyAccessExpression(inner) && inner.name.text === 'code')
      return resolveCodeOf(inner.expression, depth + 1, at, trail);
    return false;
  };

  /** The codes `obj.code` can have: an SksmlError's own code, or the `code` of the object obj holds. */
  const resolveCodeOf = (obj: ts.Expression, depth: number, at: ts.Node, trail: Trail): boolean => {
    const inner = skipWrappers(obj);
    // Passing on the code of a caught SksmlError adds no code: its own throw site is counted.
    if (isErrorClassSymbol(checker.getTypeAtLocation(inner).getSymbol())) return true;
    if (depth > maxDepth) return false;
    if (ts.isObjectLiteralExpression(inner)) {
      const prop = inner.properties.find((p) => p.name?.getText() === 'code');
      if (prop !== undefined && ts.isPropertyAssignment(prop))
        return resolveExpr(prop.initializer, depth, at, trail);
      if (prop !== undefined && ts.isShorthandPropertyAssignment(prop))
        return resolveExpr(prop.name, depth, at, trail);
      return false;
    }
    if (ts.isIdentifier(inner)) {
      const decl = checker.getSymbolAtLocation(inner)?.valueDeclaration;
      if (decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer !== undefined)
        return resolveCodeOf(decl.initializer, depth + 1, at, trail);
      return false;
    }
    if (ts.isCallExpression(inner)) {
      const fn = calleeSymbol(inner, checker)?.valueDeclaration;
      const body = fn === undefined ? undefined : functionBody(fn);
      if (body === undefined) return false;
      const returned = returnedExpressions(body);
      let ok = returned.length > 0;
      for (const r of returned) if (!resolveCodeOf(r, depth + 1, at, trail)) ok = false;
      return ok;
    }
    return false;
  };

  /** Resolves a parameter through every call of its function; false if there is none or one stays unknown. */
  const resolveParameter = (param: ts.ParameterDeclaration, depth: number, trail: Trail): boolean => {
    const fn = param.parent;
    const index = fn.parameters.indexOf(param);
    const name = functionName(fn);
    const target = functionSymbol(fn, checker);
    if (name === undefined || target === undefined || param.dotDotDotToken !== undefined) return false;
    let ok = true;
    let found = false;
    for (const call of callsNamed(name)) {
      if (calleeSymbol(call, checker) !== target) continue;
      found = true;
      const arg = callArguments(call)[index];
      const expr = arg ?? param.initializer;
      if (expr === undefined) continue;
      if (!resolveExpr(expr, depth, arg === undefined ? expr : call, trail)) {
        ok = false;
        trail.unknown.push(expr);
      }
    }
    return found && ok;
  };

  const sink = (expr: ts.Expression, kind: CodeSourceKind, via: string, at: ts.Node): void => {
    const trail = newTrail(new Set());
    const ok = resolveExpr(expr, 0, at, trail);
    for (const f of trail.found) add(f.code, kind, f.at, via);
    if (!ok) for (const node of trail.unknown.length > 0 ? trail.unknown : [expr]) unresolvedAt(node, via);
  };

  // --- walking the sources -----------------------------------------------------------------
  const visitClass = (node: ts.ClassLikeDeclaration): void => {
    const symbol = node.name === undefined ? undefined : checker.getSymbolAtLocation(node.name);
    if (symbol === undefined || symbol === rootSymbol) return;
    if (!isErrorClassSymbol(symbol)) {
      if (extendsBuiltInError(symbol, checker))
        plainErrorClasses.set(symbol.getName(), rel(node.getSourceFile()));
      return;
    }
    const name = symbol.getName();
    errorClasses.set(name, rel(node.getSourceFile()));
    const ctor = node.members.find(
      (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
    );
    const flow = flowOf(symbol);
    if (ctor !== undefined && flow?.kind === 'param') addDeclared(ctor.parameters[flow.index], name);
    for (const member of node.members) {
      if (ts.isPropertyDeclaration(member) && member.name.getText() === 'code' && member.type !== undefined)
        addDeclaredType(member.type, name);
    }
  };
  const addDeclared = (param: ts.ParameterDeclaration | undefined, via: string): void => {
    if (param?.type !== undefined) addDeclaredType(param.type, via);
  };
  const addDeclaredType = (typeNode: ts.TypeNode, via: string): void => {
    const literals = stringLiterals(checker.getTypeFromTypeNode(typeNode));
    if (literals !== null) for (const code of literals) add(code, 'declared', typeNode, via);
  };

  const visitNew = (
    node: ts.NewExpression | ts.CallExpression,
    symbol: ts.Symbol,
    isSuper: boolean,
  ): void => {
    const owner = isSuper ? enclosingClassSymbol(node, checker) : undefined;
    if (isSuper && (owner === undefined || !isErrorClassSymbol(owner))) return;
    const flow = flowOf(symbol);
    const via = (owner ?? symbol).getName();
    if (flow === null) {
      unresolvedAt(node, via);
      return;
    }
    if (flow.kind === 'fixed') return; // the subclass's own super(...) call is the sink
    const args = callArguments(node);
    const arg = args[flow.index];
    if (isSuper && arg !== undefined && ownParameterIndex(arg, enclosingConstructor(node), checker) >= 0)
      return;
    if (arg !== undefined) {
      sink(arg, 'thrown', via, node);
      return;
    }
    const decl = classDeclarationOf(symbol);
    const ctor = decl?.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
    const initializer = ctor?.parameters[flow.index]?.initializer;
    if (initializer !== undefined) sink(initializer, 'thrown', via, node);
    else unresolvedAt(node, via);
  };

  const visitObjectLiteral = (node: ts.ObjectLiteralExpression): void => {
    let hasCode = false;
    for (const p of node.properties) {
      const n = p.name?.getText();
      if (n === 'code' || n === 'codes') hasCode = true;
    }
    if (!hasCode) return;
    const contextual = checker.getContextualType(node);
    const typeName = contextual === undefined ? undefined : namedType(contextual);
    if (typeName === undefined) return;
    for (const p of node.properties) {
      const n = p.name?.getText();
      if (n === 'code' && FINDING_TYPE.test(typeName)) {
        const value = ts.isPropertyAssignment(p)
          ? p.initializer
          : ts.isShorthandPropertyAssignment(p)
            ? p.name
            : undefined;
        if (value !== undefined) sink(value, 'reported', typeName, p);
      } else if (n === 'codes' && RULE_TYPE.test(typeName) && ts.isPropertyAssignment(p)) {
        const list = skipWrappers(p.initializer);
        if (ts.isArrayLiteralExpression(list))
          for (const e of list.elements) sink(e, 'reported', typeName, e);
      }
    }
  };

  const visitVariable = (node: ts.VariableDeclaration): void => {
    if (!ts.isIdentifier(node.name) || !CODE_TABLE.test(node.name.text) || node.initializer === undefined)
      return;
    if (!isConstAsserted(node.initializer)) return;
    const list = skipWrappers(node.initializer);
    if (!ts.isArrayLiteralExpression(list)) return;
    for (const element of list.elements) {
      const e = skipWrappers(element);
      if (ts.isObjectLiteralExpression(e)) {
        const prop = e.properties.find((p) => p.name?.getText() === 'code');
        if (prop !== undefined && ts.isPropertyAssignment(prop))
          sink(prop.initializer, 'table', node.name.text, prop);
      } else sink(e, 'table', node.name.text, e);
    }
  };

  const visitAlias = (node: ts.TypeAliasDeclaration): void => {
    if (!ERROR_CODE_ALIAS.test(node.name.text)) return;
    const literals = stringLiterals(checker.getTypeAtLocation(node.name));
    if (literals !== null) for (const code of literals) add(code, 'table', node, node.name.text);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) visitClass(node);
    else if (ts.isNewExpression(node)) {
      const symbol = constructedClassSymbol(node.expression, checker);
      if (symbol !== undefined && isErrorClassSymbol(symbol)) visitNew(node, symbol, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const owner = enclosingClassSymbol(node, checker);
      const base = owner === undefined ? undefined : baseClassSymbol(owner, checker);
      if (base !== undefined && isErrorClassSymbol(base)) visitNew(node, base, true);
    } else if (ts.isObjectLiteralExpression(node)) visitObjectLiteral(node);
    else if (ts.isVariableDeclaration(node)) visitVariable(node);
    else if (ts.isTypeAliasDeclaration(node)) visitAlias(node);
    ts.forEachChild(node, visit);
  };
  for (const sf of sources) ts.forEachChild(sf, visit);

  const sorted = new Map([...codes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const uniqueUnresolved = dedupe(unresolved);
  return {
    codes: sorted,
    unresolved: uniqueUnresolved,
    errorClasses,
    plainErrorClasses,
    filesScanned: sources.length,
  };
}

// --- helpers ----------------------------------------------------------------------------

/** The repository this file lives in (tools/error-codes/ → two levels up). */
export function repositoryRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const base: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    types: ['node'],
  };
  try {
    const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    if (read.error !== undefined) return base;
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
    return { ...parsed.options, noEmit: true };
  } catch {
    return base;
  }
}

function findSksmlErrorSymbol(
  program: ts.Program,
  root: string,
  checker: ts.TypeChecker,
): ts.Symbol | undefined {
  const sf = program.getSourceFile(join(root, SKSML_ERROR_FILE));
  if (sf === undefined) return undefined;
  for (const statement of sf.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === 'SksmlError')
      return checker.getSymbolAtLocation(statement.name);
  }
  return undefined;
}

function resolveAlias(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
    return checker.getAliasedSymbol(symbol);
  return symbol;
}

function classDeclarationOf(symbol: ts.Symbol): ts.ClassLikeDeclaration | undefined {
  return symbol.declarations?.find(
    (d): d is ts.ClassLikeDeclaration => ts.isClassDeclaration(d) || ts.isClassExpression(d),
  );
}

function baseClassSymbol(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Symbol | undefined {
  const decl = classDeclarationOf(symbol);
  const clause = decl?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  const expr = clause?.types[0]?.expression;
  if (expr === undefined) return undefined;
  return constructedClassSymbol(expr, checker);
}

/** Whether the class's chain of `extends` ends at a built-in error (Error, TypeError, ...). */
function extendsBuiltInError(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  let current: ts.Symbol | undefined = symbol;
  for (let i = 0; i < 20 && current !== undefined; i++) {
    const clause = classDeclarationOf(current)?.heritageClauses?.find(
      (h) => h.token === ts.SyntaxKind.ExtendsKeyword,
    );
    const expr = clause?.types[0]?.expression;
    if (expr === undefined) return false;
    const base = resolveAlias(checker.getSymbolAtLocation(expr), checker);
    if (base === undefined) return false;
    if (classDeclarationOf(base) === undefined)
      return (
        /Error$/.test(base.getName()) &&
        (base.declarations ?? []).some((d) => d.getSourceFile().isDeclarationFile)
      );
    current = base;
  }
  return false;
}

function constructedClassSymbol(expr: ts.Expression, checker: ts.TypeChecker): ts.Symbol | undefined {
  const direct = resolveAlias(checker.getSymbolAtLocation(skipWrappers(expr)), checker);
  if (direct !== undefined && classDeclarationOf(direct) !== undefined) return direct;
  // `new (cond ? A : B)(...)`, a class held in a variable: use the constructed instance type.
  const type = checker.getTypeAtLocation(expr);
  const signature = type.getConstructSignatures()[0];
  const instance = signature?.getReturnType().getSymbol();
  return instance !== undefined && classDeclarationOf(instance) !== undefined ? instance : undefined;
}

function enclosingConstructor(node: ts.Node): ts.ConstructorDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current !== undefined && !ts.isConstructorDeclaration(current)) current = current.parent;
  return current;
}

function enclosingClassSymbol(node: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current !== undefined && !ts.isClassDeclaration(current) && !ts.isClassExpression(current))
    current = current.parent;
  return current?.name === undefined ? undefined : checker.getSymbolAtLocation(current.name);
}

function findSuperCall(ctor: ts.ConstructorDeclaration): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const search = (node: ts.Node): void => {
    if (found !== undefined || ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) found = node;
    else ts.forEachChild(node, search);
  };
  if (ctor.body !== undefined) ts.forEachChild(ctor.body, search);
  return found;
}

/** The index of the constructor parameter that expr is (unchanged), or -1. */
function ownParameterIndex(
  expr: ts.Expression,
  ctor: ts.ConstructorDeclaration | undefined,
  checker: ts.TypeChecker,
): number {
  const inner = skipWrappers(expr);
  if (ctor === undefined || !ts.isIdentifier(inner)) return -1;
  const param = parameterOf(inner, checker);
  return param !== undefined && param.parent === ctor ? ctor.parameters.indexOf(param) : -1;
}

function parameterOf(id: ts.Identifier, checker: ts.TypeChecker): ts.ParameterDeclaration | undefined {
  const symbol = checker.getSymbolAtLocation(id);
  const shorthand = ts.isShorthandPropertyAssignment(id.parent)
    ? checker.getShorthandAssignmentValueSymbol(id.parent)
    : undefined;
  const decl = (shorthand ?? symbol)?.valueDeclaration;
  return decl !== undefined && ts.isParameter(decl) && ts.isIdentifier(decl.name) ? decl : undefined;
}

function skipWrappers(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

/** `[...] as const` (possibly followed by `satisfies ...`). */
function isConstAsserted(expr: ts.Expression): boolean {
  let e = expr;
  for (;;) {
    if (ts.isAsExpression(e) && ts.isTypeReferenceNode(e.type) && e.type.typeName.getText() === 'const')
      return true;
    if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e))
      e = e.expression;
    else return false;
  }
}

function isFallbackOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

/** The string literal values of a literal or union-of-literals type; null if it has any other member. */
function stringLiterals(type: ts.Type): string[] | null {
  const parts = type.isUnion() ? type.types : [type];
  const out: string[] = [];
  for (const part of parts) {
    if (part.isStringLiteral()) out.push(part.value);
    else if ((part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0) continue;
    else return null;
  }
  return out.length > 0 ? out : null;
}

function namedType(type: ts.Type): string | undefined {
  const parts = type.isUnion() ? type.types : [type];
  for (const part of parts) {
    const name = (part.aliasSymbol ?? part.getSymbol())?.getName();
    if (name !== undefined && name !== '__object' && name !== '__type') return name;
  }
  return undefined;
}

function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name !== undefined)
    return fn.name.getText();
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent))
    return fn.parent.name.getText();
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyAssignment(fn.parent))
    return fn.parent.name.getText();
  return undefined;
}

function functionSymbol(fn: ts.SignatureDeclaration, checker: ts.TypeChecker): ts.Symbol | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name !== undefined)
    return checker.getSymbolAtLocation(fn.name);
  if (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent))
    return checker.getSymbolAtLocation(fn.parent.name);
  return undefined;
}

function calleeName(call: ts.CallLikeExpression): string | undefined {
  if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return undefined;
  const callee = skipWrappers(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function calleeSymbol(call: ts.CallLikeExpression, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return undefined;
  const callee = skipWrappers(call.expression);
  const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  return resolveAlias(checker.getSymbolAtLocation(target), checker);
}

/** The object literal a constant is initialized with (through `as const`, `Object.freeze(...)`). */
function objectLiteralOf(
  expr: ts.Expression,
  checker: ts.TypeChecker,
): ts.ObjectLiteralExpression | undefined {
  const inner = skipWrappers(expr);
  if (!ts.isIdentifier(inner)) return undefined;
  const decl = resolveAlias(checker.getSymbolAtLocation(inner), checker)?.valueDeclaration;
  if (decl === undefined || !ts.isVariableDeclaration(decl) || decl.initializer === undefined)
    return undefined;
  let init = skipWrappers(decl.initializer);
  if (
    ts.isCallExpression(init) &&
    init.expression.getText() === 'Object.freeze' &&
    init.arguments[0] !== undefined
  )
    init = skipWrappers(init.arguments[0]);
  return ts.isObjectLiteralExpression(init) ? init : undefined;
}

function functionBody(decl: ts.Declaration): ts.ConciseBody | undefined {
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return decl.body;
  if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined) {
    const init = skipWrappers(decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init.body;
  }
  return undefined;
}

/** The expressions a function body returns (not those of nested functions). */
function returnedExpressions(body: ts.ConciseBody): ts.Expression[] {
  if (!ts.isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const walk = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression !== undefined) out.push(node.expression);
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(body, walk);
  return out;
}

function callArguments(call: ts.CallLikeExpression): readonly ts.Expression[] {
  return ts.isCallExpression(call) || ts.isNewExpression(call) ? (call.arguments ?? []) : [];
}

function indexCalls(sf: ts.SourceFile, index: Map<string, ts.CallLikeExpression[]>): void {
  const walk = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = calleeName(node);
      if (name !== undefined) {
        const list = index.get(name) ?? [];
        list.push(node);
        index.set(name, list);
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
}

function dedupe(sites: readonly UnresolvedSite[]): UnresolvedSite[] {
  const seen = new Set<string>();
  return sites.filter((s) => {
    const key = `${s.file}:${s.line}:${s.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A plain-text listing: one code a line with where it comes from, then unresolved sites. */
export function formatScan(result: ScanResult): string {
  const lines: string[] = [];
  for (const [code, sources] of result.codes) {
    const where = sources.map((s) => `${s.kind} ${s.via} ${s.file}:${s.line}`).join('; ');
    lines.push(`${code}\t${where}`);
  }
  lines.push(
    `${result.codes.size} codes, ${result.errorClasses.size} error classes, ${result.filesScanned} files`,
  );
  const declaredOnly = [...result.codes].filter(([, s]) =>
    s.every((x) => x.kind === 'declared' || x.kind === 'table'),
  );
  for (const [code, s] of declaredOnly)
    lines.push(`NOT RAISED BY ANY throw OR report (declared or listed only) ${code} (${s[0]?.via ?? ''})`);
  for (const [name, file] of result.plainErrorClasses) lines.push(`NOT AN SksmlError ${name} (${file})`);
  for (const u of result.unresolved) lines.push(`UNRESOLVED ${u.file}:${u.line} (${u.via}): ${u.text}`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = scanErrorCodes();
  if (process.argv.includes('--json')) {
    const json = {
      codes: Object.fromEntries(result.codes),
      unresolved: result.unresolved,
      errorClasses: Object.fromEntries(result.errorClasses),
      plainErrorClasses: Object.fromEntries(result.plainErrorClasses),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (process.argv.includes('--check')) {
    const check = checkCodes(result, readFileSync(join(repositoryRoot(), 'spec', 'error-codes.md'), 'utf8'));
    let failed = false;
    for (const [label, items] of Object.entries(check) as [string, readonly (string | number)[]][]) {
      if (items.length === 0) continue;
      failed = true;
      process.stdout.write(`${label}:\n  ${items.join('\n  ')}\n`);
    }
    process.stdout.write(
      failed ? 'spec/error-codes.md is out of date\n' : `${result.codes.size} codes, all documented\n`,
    );
    process.exitCode = failed ? 1 : 0;
  } else process.stdout.write(`${formatScan(result)}\n`);
}
