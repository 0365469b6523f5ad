/**
 * Checks on the text of a BUILT bundle for the Espruino behaviours that no
 * engine here can reproduce at run time (FIRMWARE-ENGINES.md, "Espruino
 * quirks"): built-in methods unreachable through prototypes, no function
 * hoisting, no labels. scripts/check-es5-source.mjs checks the TypeScript
 * source; this checks what esbuild and TypeScript's helpers made of it.
 */
import ts from 'typescript';

/** TypeScript ES5 helpers that lean on prototype methods or later-declared functions (extends, spread, iterators, async). */
const BAD_HELPERS = /\b__(extends|spreadArray|spreadArrays|spread|read|values|generator|awaiter)\b/g;
/** Built-in prototypes whose methods Espruino does not expose. */
const BUILTIN_PROTOTYPES = new Set(['Array', 'String', 'Function']);

interface Scope {
  parent: Scope | null;
  names: Map<string, ts.Node>; // name -> declaring node (function declarations kept as such)
}

function isFunctionScope(n: ts.Node): n is ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.AccessorDeclaration {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isAccessor(n);
}

/** The scope (from `scope` outwards) that declares `name`, or null for a global. */
function resolve(scope: Scope | null, name: string): Scope | null {
  while (scope && !scope.names.has(name)) scope = scope.parent;
  return scope;
}

function skipParens(n: ts.Node): ts.Node {
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  return n;
}

/** A function expression called where it stands: (function(){})(), (function(){}()), (function(){}).call(x). */
function isImmediatelyCalled(f: ts.Node): boolean {
  if (!ts.isFunctionExpression(f)) return false;
  const outer = skipParens(f);
  const p = outer.parent;
  if (ts.isCallExpression(p) && p.expression === outer) return true;
  return ts.isPropertyAccessExpression(p) && p.expression === outer && (p.name.text === 'call' || p.name.text === 'apply')
    && ts.isCallExpression(p.parent) && p.parent.expression === p;
}

/** True when `id` is the function called by a call or new expression. */
function isCallee(id: ts.Identifier): boolean {
  const outer = skipParens(id);
  const p = outer.parent;
  return (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === outer;
}

/** True when identifier `id` is a name being declared or a property name, not a variable reference. */
function isNotReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isAccessor(p)) return p.name === id;
  if (ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isParameter(p) || ts.isVariableDeclaration(p)) return p.name === id;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  return false;
}

/**
 * Findings (empty when clean) for an ES5 bundle's source text:
 * - `Array.prototype.x` / `String.prototype.x` / `Function.prototype.x` read
 *   from a built-in prototype (undefined on Espruino);
 * - any `.apply(` call (Function.prototype.apply on built-ins throws there);
 * - TypeScript helpers `__extends`, `__spreadArray`, ... (they rely on the above);
 * - labelled statements;
 * - a reference to a function declaration that comes before it in the text,
 *   resolved through the bundle's scopes (Espruino does not hoist).
 */
export function checkBundleText(source: string, fileName = 'bundle.js'): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  const findings: string[] = [];
  const where = (pos: number) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    const around = source.slice(Math.max(0, pos - 20), pos + 40).replace(/\s+/g, ' ');
    return `${fileName}:${line + 1}:${character + 1} (…${around}…)`;
  };
  for (const m of source.matchAll(BAD_HELPERS)) findings.push(`${where(m.index!)} TypeScript helper ${m[0]} (breaks on Espruino)`);

  // Pass 1: scopes and their declarations (ES5: var and function are function-scoped).
  const scopeOf = new Map<ts.Node, Scope>();
  const root: Scope = { parent: null, names: new Map() };
  scopeOf.set(sf, root);
  const declare = (scope: Scope, name: string, node: ts.Node) => {
    // A function declaration wins over a var of the same name only if none came first.
    if (!scope.names.has(name) || ts.isFunctionDeclaration(node)) scope.names.set(name, node);
  };
  const collect = (node: ts.Node, scope: Scope, fnScope: Scope) => {
    let inner = scope;
    let innerFn = fnScope;
    if (isFunctionScope(node)) {
      if (ts.isFunctionDeclaration(node) && node.name) declare(fnScope, node.name.text, node);
      inner = innerFn = { parent: scope, names: new Map() };
      scopeOf.set(node, inner);
      if (ts.isFunctionExpression(node) && node.name) declare(inner, node.name.text, node);
      for (const p of node.parameters) if (ts.isIdentifier(p.name)) declare(inner, p.name.text, p);
    } else if (ts.isCatchClause(node) && node.variableDeclaration && ts.isIdentifier(node.variableDeclaration.name)) {
      inner = { parent: scope, names: new Map() };
      scopeOf.set(node, inner);
      declare(inner, node.variableDeclaration.name.text, node.variableDeclaration);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && !ts.isCatchClause(node.parent)) {
      declare(fnScope, node.name.text, node);
    }
    ts.forEachChild(node, (c) => collect(c, inner, innerFn));
  };
  collect(sf, root, root);

  // Pass 2: prototype reads, .apply calls, labels, and references to function
  // declarations, each placed in the scope that declares the name.
  const scopeNode = new Map<Scope, ts.Node>();
  for (const [n, sc] of scopeOf) scopeNode.set(sc, n);
  const declaredIn = new Map<ts.Node, Scope>(); // function declaration -> scope declaring its name
  for (const sc of scopeOf.values()) for (const d of sc.names.values()) if (ts.isFunctionDeclaration(d)) declaredIn.set(d, sc);
  const direct: { scope: Scope; name: string; pos: number; call: boolean }[] = [];
  const edges = new Map<ts.Node, Set<string>>(); // function declaration -> names (of its own scope) its body uses

  const visit = (node: ts.Node, scope: Scope, fns: ts.Node[]) => {
    const inner = scopeOf.get(node) ?? scope;
    const innerFns = isFunctionScope(node) ? [...fns, node] : fns;
    if (ts.isLabeledStatement(node)) findings.push(`${where(node.getStart(sf))} labelled statement (not supported on Espruino)`);
    if (ts.isPropertyAccessExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const base = node.expression;
      if (base.name.text === 'prototype' && ts.isIdentifier(base.expression) && BUILTIN_PROTOTYPES.has(base.expression.text)
          && !resolve(inner, base.expression.text)) {
        findings.push(`${where(node.getStart(sf))} ${base.expression.text}.prototype.${node.name.text} (built-in prototype methods are undefined on Espruino)`);
      }
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'apply') {
      findings.push(`${where(node.expression.name.getStart(sf))} .apply( call (Function.prototype.apply on built-ins fails on Espruino)`);
    }
    if (ts.isIdentifier(node) && !isNotReference(node)) {
      const s = resolve(inner, node.text);
      const decl = s?.names.get(node.text);
      if (s && decl && ts.isFunctionDeclaration(decl)) {
        // Functions between the declaring scope and this reference, outermost first, IIFEs skipped.
        const owner = scopeNode.get(s)!;
        const from = ts.isSourceFile(owner) ? 0 : fns.indexOf(owner) + 1;
        const deferred = fns.slice(from).filter((f) => !isImmediatelyCalled(f));
        if (deferred.length === 0) {
          direct.push({ scope: s, name: node.text, pos: node.getStart(sf), call: isCallee(node) });
        } else if (ts.isFunctionDeclaration(deferred[0]) && declaredIn.get(deferred[0]) === s) {
          let set = edges.get(deferred[0]);
          if (!set) edges.set(deferred[0], (set = new Set()));
          set.add(node.text);
        }
      }
    }
    ts.forEachChild(node, (c) => visit(c, inner, innerFns));
  };
  visit(sf, root, []);

  // A reference that runs before a declaration is reached: the name itself, or,
  // for a call, any function of the same scope the callee reaches through calls.
  for (const r of direct) {
    const seen = new Set<string>([r.name]);
    const todo = r.call ? [r.name] : [];
    while (todo.length) {
      const d = r.scope.names.get(todo.pop()!)!;
      for (const n of edges.get(d) ?? []) if (!seen.has(n)) seen.add(n), todo.push(n);
    }
    for (const n of seen) {
      const d = r.scope.names.get(n)!;
      if (d.getStart(sf) > r.pos) {
        findings.push(`${where(r.pos)} '${r.name}' ${n === r.name ? 'is used' : `calls '${n}'`} before the function declaration of '${n}' runs (Espruino does not hoist)`);
      }
    }
  }
  return findings;
}
