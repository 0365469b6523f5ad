// A check on a built bundle: no function declaration is referenced before it in its scope.
// Espruino does not hoist function declarations (../shared/FIRMWARE-ENGINES.md), so a call that
// runs before the declaration's statement fails there and nowhere else. The check is textual and
// conservative: a reference from inside a nested function counts too, as ESLint's
// `no-use-before-define` with `functions: true` does on the sources.
import { parse } from 'acorn';

/** A function (or the program) and the names it declares: name -> declaration kind and position. */
function newScope(parent) {
  return { parent, names: new Map() };
}

/** Children of an ESTree node, in source order. */
function children(node) {
  const out = [];
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) { if (c && typeof c.type === 'string') out.push(c); }
    else if (v && typeof v.type === 'string') out.push(v);
  }
  return out;
}

const isFunction = (n) => n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression';

/** Declares the vars and function declarations of a function body (not of nested functions). */
function declare(scope, node) {
  for (const c of children(node)) {
    if (c.type === 'FunctionDeclaration') scope.names.set(c.id.name, { kind: 'function', start: c.start });
    else if (c.type === 'VariableDeclarator' && c.id.type === 'Identifier') {
      if (!scope.names.has(c.id.name)) scope.names.set(c.id.name, { kind: 'var', start: c.start });
    }
    if (!isFunction(c)) declare(scope, c);
  }
}

function lookup(scope, name) {
  for (let s = scope; s; s = s.parent) if (s.names.has(name)) return s.names.get(name);
  return null;
}

/**
 * Returns one line per reference to a function declaration that precedes the declaration in its
 * scope ("name at offset"), for the ES5 source text of a bundle.
 */
export function useBeforeDeclaration(text) {
  const ast = parse(text, { ecmaVersion: 5, sourceType: 'script' });
  const findings = [];
  const program = newScope(null);
  declare(program, ast);
  const visit = (node, scope, parent, key) => {
    if (node.type === 'Identifier') {
      const declaration = (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression') && (key === 'id' || key === 'params');
      const property = (parent.type === 'MemberExpression' && key === 'property' && !parent.computed)
        || (parent.type === 'Property' && key === 'key');
      const label = parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement';
      if (!declaration && !property && !label) {
        const d = lookup(scope, node.name);
        if (d && d.kind === 'function' && node.start < d.start) findings.push(`${node.name} at ${node.start}`);
      }
      return;
    }
    let inner = scope;
    if (isFunction(node)) {
      inner = newScope(scope);
      if (node.type === 'FunctionExpression' && node.id) inner.names.set(node.id.name, { kind: 'self', start: node.start });
      for (const p of node.params) inner.names.set(p.name, { kind: 'param', start: p.start });
      inner.names.set('arguments', { kind: 'param', start: node.start });
      declare(inner, node.body);
    } else if (node.type === 'CatchClause') {
      inner = newScope(scope);
      inner.names.set(node.param.name, { kind: 'param', start: node.param.start });
    }
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (Array.isArray(v)) { for (const c of v) if (c && typeof c.type === 'string') visit(c, inner, node, k); }
      else if (v && typeof v.type === 'string') visit(v, inner, node, k);
    }
  };
  visit(ast, program, { type: 'Root' }, 'body');
  return findings;
}
