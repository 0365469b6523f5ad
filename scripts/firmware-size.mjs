// Size steps of the board bundles; each keeps behaviour (used by build-firmware.mjs; what
// they save: README "Firmware size"; checked by test/build/bundle-differential.test.ts).
//
//  - messageStripper(program): a `before` transformer that removes error-message texts.
//    Sinks are `new Error(text)` and, found by a fixpoint, every parameter used only to
//    build such a text (codedError's `message`, cbor's `bad(message, at)`, firmware's
//    `failure`...). A removed argument is dropped when last, else replaced by 0 (its
//    parameter is unused once the texts are gone). Only arguments that cannot have an
//    effect or throw are removed. Codes and `at` stay (FIRMWARE-ENGINES.md: JerryScript
//    without the error-messages option has empty messages anyway).
//
//  - exposure(program, files, entries): the property names the run-time code can see by
//    name: (c) the board contract, every type reachable from the exports of the board
//    entries (ports, config, Reader, SetupPacket, the self-test result); (d) values that
//    escape typing: a value whose contextual type is unknown/any/object/an index
//    signature/a type parameter (CBOR maps, message schemas and named messages, `details`,
//    `result`), a value walked by for-in, Object.keys or JSON, or indexed by a computed
//    key, and everything reachable from its type; (e) accessors and enum members.
//
//  - privateRenamer(program, exposed): a `before` transformer renaming private class
//    members per class (`flash` of Journal -> `flash_Journal`), so a private name shared
//    with a kept name (a port, a message field) can be shortened too.
//
//  - manglePlan(...): the esbuild mangleCache. A name is shortened everywhere or nowhere;
//    it is kept when it is (a) a member of the default library or a built-in of the
//    engine, (b) a word of any string literal left in the bundle, or (c)-(e) above.
//    Everything else is an internal name; the most frequent get the shortest names,
//    never a keyword, a kept name, a word of a string or any other property name
//    (esbuild would not see that `o["c"]` is taken).
//
//  - aliasTransformer(): an `after` transformer (on TypeScript's ES5 output): `var self =
//    this` in functions using `this` four times or more, `var p = X.prototype` for classes
//    with three methods or more, and class IIFE wrappers removed.
//
//  - unwrittenReads(bundle, kept, optional): the safety net run on every board bundle:
//    property names read but never written (a renaming that missed a use).
import ts from 'typescript';
import { relative } from 'node:path';

const isUserFile = (sf) => !sf.isDeclarationFile && /\/(firmware|protocol)\//.test(sf.fileName);

/** The source files of firmware/ and protocol/ in a program. */
export function userFiles(program) {
  return program.getSourceFiles().filter(isUserFile);
}

/** Resolve the declaration a call's callee names (through imports). */
function calleeDeclaration(checker, callee) {
  let sym = checker.getSymbolAtLocation(callee);
  if (!sym) return undefined;
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  let d = sym.valueDeclaration ?? sym.declarations?.[0];
  if (d && ts.isVariableDeclaration(d) && d.initializer && (ts.isFunctionExpression(d.initializer) || ts.isArrowFunction(d.initializer))) {
    d = d.initializer;
  }
  return d;
}

/**
 * An expression whose evaluation has no effect and cannot throw, so it may be dropped:
 * literals, variables, `+`, `===`, `?:`, templates, and property reads on a value whose
 * type excludes null and undefined (reading a property of null would throw).
 */
function isPure(e, checker) {
  if (ts.isParenthesizedExpression(e)) return isPure(e.expression, checker);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e) || ts.isIdentifier(e)) return true;
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => isPure(s.expression, checker));
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    return (k === ts.SyntaxKind.PlusToken || k === ts.SyntaxKind.EqualsEqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsEqualsToken)
      && isPure(e.left, checker) && isPure(e.right, checker);
  }
  if (ts.isConditionalExpression(e)) return isPure(e.condition, checker) && isPure(e.whenTrue, checker) && isPure(e.whenFalse, checker);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const t = checker.getTypeAtLocation(e.expression);
    const maybeNull = (x) => (x.isUnion() ? x.types.some(maybeNull)
      : (x.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) !== 0);
    if (maybeNull(t)) return false;
    return isPure(e.expression, checker) && (ts.isPropertyAccessExpression(e) || isPure(e.argumentExpression, checker));
  }
  return false;
}

function walk(node, fn) {
  fn(node);
  ts.forEachChild(node, (c) => walk(c, fn));
}

/**
 * Error-message stripping. Returns { before, stats } where `before` is a
 * transformer factory for program.emit (it touches only firmware/ and protocol/).
 */
export function messageStripper(program) {
  const checker = program.getTypeChecker();
  const files = program.getSourceFiles().filter(isUserFile);
  const sinks = new Map(); // declaration -> Set of parameter indexes whose argument is message text
  const removed = new Set(); // argument nodes to remove
  const calls = [];
  const functions = [];
  for (const sf of files) {
    walk(sf, (n) => {
      if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments?.length) calls.push(n);
      if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)) && n.body) functions.push(n);
    });
  }
  const isErrorCtor = (n) => ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Error'
    && (calleeDeclaration(checker, n.expression)?.getSourceFile().isDeclarationFile ?? false);
  const insideRemoved = (node) => {
    for (let p = node; p; p = p.parent) if (removed.has(p)) return true;
    return false;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const c of calls) {
      const idx = isErrorCtor(c) ? new Set([0]) : sinks.get(calleeDeclaration(checker, c.expression));
      if (!idx) continue;
      for (const i of idx) {
        const a = c.arguments[i];
        if (a && !removed.has(a) && isPure(a, checker)) {
          removed.add(a);
          changed = true;
        }
      }
    }
    for (const f of functions) {
      f.parameters.forEach((p, i) => {
        if (!ts.isIdentifier(p.name) || sinks.get(f)?.has(i)) return;
        const sym = checker.getSymbolAtLocation(p.name);
        let refs = 0;
        let all = true;
        walk(f.body, (n) => {
          if (ts.isIdentifier(n) && checker.getSymbolAtLocation(n) === sym) {
            refs++;
            if (!insideRemoved(n)) all = false;
          }
        });
        if (refs > 0 && all) {
          if (!sinks.has(f)) sinks.set(f, new Set());
          sinks.get(f).add(i);
          changed = true;
        }
      });
    }
  }
  const stats = { arguments: removed.size, parameters: [...sinks.values()].reduce((n, s) => n + s.size, 0) };
  const before = (context) => (sf) => {
    if (!isUserFile(sf)) return sf;
    const f = context.factory;
    const visit = (node) => {
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some((a) => removed.has(ts.getOriginalNode(a)))) {
        const args = node.arguments.map((a) => ts.visitNode(a, visit));
        let last = args.length;
        while (last > 0 && removed.has(ts.getOriginalNode(node.arguments[last - 1]))) last--;
        const kept = args.slice(0, last).map((a, i) => (removed.has(ts.getOriginalNode(node.arguments[i])) ? f.createNumericLiteral(0) : a));
        const expr = ts.visitNode(node.expression, visit);
        return ts.isCallExpression(node)
          ? f.updateCallExpression(node, expr, node.typeArguments, kept)
          : f.updateNewExpression(node, expr, node.typeArguments, kept);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sf, visit);
  };
  return { before, stats };
}

// ---------------------------------------------------------------------------------------
// Property mangling plan

const KEYWORDS = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for '
  + 'function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static '
  + 'implements interface package private protected public await undefined NaN Infinity arguments eval').split(' '));

/** Names that must never be mangled whatever the analysis says (engine and harness conventions). */
const ALWAYS = ['code', 'at', 'message', 'name', 'stack', 'constructor', 'prototype', '__proto__', 'toString', 'valueOf',
  'toJSON', 'length', 'start', 'onUsbPacket', 'tick', 'usbControl', 'call', 'apply', 'bind', 'default', '__esModule'];

/** Built-in property names of the running engine (beyond lib ES5: anything Node has is kept too). */
function builtinNames() {
  const out = new Set();
  const roots = [Object, Function, Array, String, Number, Boolean, Math, JSON, Date, RegExp, Error, ArrayBuffer, DataView,
    Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, Uint8ClampedArray,
    Promise, Map, Set, Symbol, globalThis];
  for (const r of roots) {
    for (let o = r; o; o = Object.getPrototypeOf(o)) for (const n of Object.getOwnPropertyNames(o)) out.add(n);
    if (r.prototype) for (let o = r.prototype; o; o = Object.getPrototypeOf(o)) for (const n of Object.getOwnPropertyNames(o)) out.add(n);
  }
  for (const n of Object.getOwnPropertyNames(new Error('x'))) out.add(n);
  return out;
}

const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/g;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * What the run-time code can see by name: { reasons, types }. `reasons` maps a
 * property name to why it must keep its name, `types` holds every object type whose
 * properties were kept (a value of that type crosses the board contract or escapes
 * typing). `files`: the source files to analyse; `entryFiles`: the board entries
 * (the types of their exports are the contract).
 */
export function exposure(program, files, entryFiles) {
  const checker = program.getTypeChecker();
  const reasons = new Map();
  const reserve = (name, why) => {
    if (!reasons.has(name)) reasons.set(name, why);
  };
  // Deep walk of a type: reserve every property name reachable from it.
  const seen = new Set();
  const reserveType = (type, why) => {
    if (!type || seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) {
      for (const t of type.types) reserveType(t, why);
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    const decl = type.getSymbol()?.declarations?.[0];
    if (decl && decl.getSourceFile().isDeclarationFile) return; // a library type: its names are kept anyway
    for (const p of checker.getPropertiesOfType(type)) {
      reserve(p.getName(), why);
      const pd = p.valueDeclaration ?? p.declarations?.[0];
      if (pd) reserveType(checker.getTypeOfSymbolAtLocation(p, pd), why);
    }
    for (const sig of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
      for (const prm of sig.getParameters()) {
        const pd = prm.valueDeclaration ?? prm.declarations?.[0];
        if (pd) reserveType(checker.getTypeOfSymbolAtLocation(prm, pd), why);
      }
      reserveType(sig.getReturnType(), why);
    }
    for (const t of checker.getTypeArguments?.(type) ?? []) reserveType(t, why);
    for (const info of checker.getIndexInfosOfType(type)) reserveType(info.type, why);
  };

  // (c) the board contract: parameters and results of the exported functions of the entries.
  for (const sf of files) {
    if (!entryFiles.some((e) => sf.fileName.endsWith(e))) continue;
    const mod = checker.getSymbolAtLocation(sf);
    for (const ex of mod ? checker.getExportsOfModule(mod) : []) {
      const d = ex.valueDeclaration ?? ex.declarations?.[0];
      if (d) reserveType(checker.getTypeOfSymbolAtLocation(ex, d), 'contract');
    }
  }

  // (d) values that escape typing, (e) accessors and enum members.
  const escaping = (t) => {
    if (!t) return false;
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive | ts.TypeFlags.TypeParameter)) return true;
    if (t.isUnionOrIntersection()) return t.types.some(escaping);
    if (t.flags & ts.TypeFlags.Object) {
      if (checker.getIndexInfosOfType(t).length > 0 && !checker.isArrayLikeType(t)) return true;
      if (checker.getPropertiesOfType(t).length === 0 && t.getCallSignatures().length === 0) return true; // {}
    }
    return false;
  };
  const keyed = (t) => !checker.isArrayLikeType(t) && !(t.flags & ts.TypeFlags.StringLike);
  // A type documented `@propertyTable` (a message schema: field name -> descriptor) is walked
  // by name only to read and write the same names on other objects (`for (name in schema)
  // out[name] = ...`), never to show or compare a name as text: its keys are renamed with
  // every access to them, so the names stay consistent and need not be kept.
  const table = (t) => {
    // (An optional parameter's type is `T | undefined`: T decides.)
    if (t && t.isUnion()) {
      const defined = t.types.filter((u) => !(u.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      return defined.length > 0 && defined.every(table);
    }
    const sym = t && (t.aliasSymbol ?? t.getSymbol());
    return !!sym?.declarations?.some((d) => ts.getJSDocTags(d).some((tag) => tag.tagName.text === 'propertyTable'));
  };
  for (const sf of files) {
    const at = (n) => `${relative(process.cwd(), sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    walk(sf, (n) => {
      if (ts.isGetAccessor(n) || ts.isSetAccessor(n) || ts.isEnumMember(n)) {
        if (n.name && ts.isIdentifier(n.name)) reserve(n.name.text, 'accessor/enum');
      }
      if (ts.isForInStatement(n) && !table(checker.getTypeAtLocation(n.expression))) reserveType(checker.getTypeAtLocation(n.expression), `for-in at ${at(n)}`);
      if (ts.isElementAccessExpression(n) && !ts.isStringLiteralLike(n.argumentExpression) && !ts.isNumericLiteral(n.argumentExpression)) {
        const t = checker.getTypeAtLocation(n.expression);
        const k = checker.getTypeAtLocation(n.argumentExpression);
        if (keyed(t) && !(k.flags & ts.TypeFlags.NumberLike) && !table(t)) reserveType(t, `computed key at ${at(n)}`);
      }
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const o = n.expression.expression.getText(sf);
        if ((o === 'Object' || o === 'JSON') && n.arguments.length) {
          for (const a of n.arguments) reserveType(checker.getTypeAtLocation(a), `${o}.${n.expression.name.text} at ${at(n)}`);
        }
      }
      if (ts.isExpression(n) && !isTypePosition(n)) {
        let ct;
        try {
          ct = checker.getContextualType(n);
        } catch {
          ct = undefined;
        }
        // `x as unknown as T` is a cast to T, not an escape.
        if (ts.isAsExpression(n.parent) && ts.isAsExpression(n.parent.parent)) ct = checker.getTypeFromTypeNode(n.parent.parent.type);
        if (ct && escaping(ct) && !table(ct)) reserveType(checker.getTypeAtLocation(n), `escapes at ${at(n)}`);
      }
    });
  }
  return { reasons, types: seen };
}

/**
 * Private class members renamed per symbol (`flash` of Journal becomes `flash_Journal`),
 * so that a private name shared with a kept name (a port, a message field) can be
 * shortened too. TypeScript allows a private member to be reached only from inside
 * its class, and no other type is assignable to a class with private members; a
 * class is left alone when its instances cross the contract or escape typing
 * (`exposed.types`), or when a member is reached other than by `x.name`.
 * Returns { before, names } (names: new name -> how often it is written).
 */
export function privateRenamer(program, exposed) {
  const checker = program.getTypeChecker();
  const rename = new Map(); // symbol -> new name
  const names = new Map();
  for (const sf of program.getSourceFiles().filter(isUserFile)) {
    walk(sf, (cls) => {
      if (!ts.isClassDeclaration(cls) || !cls.name) return;
      const sym = checker.getSymbolAtLocation(cls.name);
      if (!sym || exposed.types.has(checker.getDeclaredTypeOfSymbol(sym))) return;
      const members = [];
      for (const m of cls.members) {
        if ((ts.isPropertyDeclaration(m) || ts.isMethodDeclaration(m)) && ts.isIdentifier(m.name)
          && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)) members.push([m.name, checker.getSymbolAtLocation(m.name)]);
        if (ts.isConstructorDeclaration(m)) {
          for (const p of m.parameters) {
            if (ts.isIdentifier(p.name) && p.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)) {
              const [, prop] = checker.getSymbolsOfParameterPropertyDeclaration(p, p.name.text);
              members.push([p.name, prop]);
            }
          }
        }
      }
      for (const [id, s] of members) if (s) rename.set(s, `${id.text}_${cls.name.text}`);
    });
  }
  // Every reference must be `x.name` (or the declaration): otherwise keep the name.
  const refs = new Map();
  for (const sf of program.getSourceFiles().filter(isUserFile)) {
    walk(sf, (n) => {
      if (!ts.isIdentifier(n) && !ts.isStringLiteral(n) && !ts.isPrivateIdentifier(n)) return;
      const s = checker.getSymbolAtLocation(n);
      if (!s || !rename.has(s)) return;
      const p = n.parent;
      const ok = (ts.isPropertyAccessExpression(p) && p.name === n)
        || ((ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isParameter(p)) && p.name === n);
      if (!ok) rename.delete(s);
      else refs.set(s, (refs.get(s) ?? 0) + 1);
    });
  }
  // Parameter properties: their declaration is also the parameter, whose local uses follow the new name.
  const params = new Map(); // parameter symbol -> new name
  for (const [s, name] of rename) {
    const d = s.valueDeclaration;
    if (d && ts.isParameter(d)) {
      const [local] = checker.getSymbolsOfParameterPropertyDeclaration(d, d.name.text);
      params.set(local, name);
    }
    names.set(name, (refs.get(s) ?? 0) + 1);
  }
  const before = (context) => (sf) => {
    if (!isUserFile(sf)) return sf;
    const f = context.factory;
    const visit = (node) => {
      const o = ts.getOriginalNode(node);
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
        const s = checker.getSymbolAtLocation(ts.getOriginalNode(node.name));
        if (s && rename.has(s)) return f.updatePropertyAccessExpression(node, ts.visitNode(node.expression, visit), f.createIdentifier(rename.get(s)));
      }
      if ((ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) && ts.isIdentifier(node.name)) {
        const s = checker.getSymbolAtLocation(ts.getOriginalNode(node.name));
        if (s && rename.has(s)) {
          const v = ts.visitEachChild(node, visit, context);
          return ts.isPropertyDeclaration(v)
            ? f.updatePropertyDeclaration(v, v.modifiers, f.createIdentifier(rename.get(s)), v.questionToken ?? v.exclamationToken, v.type, v.initializer)
            : f.updateMethodDeclaration(v, v.modifiers, v.asteriskToken, f.createIdentifier(rename.get(s)), v.questionToken, v.typeParameters, v.parameters, v.type, v.body);
        }
      }
      if (ts.isParameter(node) && ts.isIdentifier(node.name)) {
        const s = checker.getSymbolAtLocation(ts.getOriginalNode(node.name));
        const name = s && (params.get(s) ?? rename.get(s));
        if (name) {
          const v = ts.visitEachChild(node, visit, context);
          return f.updateParameterDeclaration(v, v.modifiers, v.dotDotDotToken, f.createIdentifier(name), v.questionToken, v.type, v.initializer);
        }
      }
      if (ts.isIdentifier(node) && o.parent && !(ts.isParameter(o.parent) && o.parent.name === o)) {
        const s = checker.getSymbolAtLocation(o);
        if (s && params.has(s)) return f.createIdentifier(params.get(s));
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sf, visit);
  };
  return { before, names };
}

/**
 * The plan: { cache, candidates, reasons, declared } where cache maps each name to
 * mangle to its short name (an esbuild mangleCache) and reasons maps kept names to
 * why. `entryFiles`: the board entries (their exports are the contract);
 * `bundleTexts`: the bundles built without mangling (their strings); `inBundle(fileName)`:
 * whether a source file is part of the bundle (only those can share a property name
 * at run time); `extra`: names introduced by the build (new name -> uses).
 */
export function manglePlan(program, entryFiles, bundleTexts, inBundle = () => true, extra = new Map()) {
  const files = program.getSourceFiles().filter((sf) => isUserFile(sf) && inBundle(sf.fileName));
  const reasons = new Map();
  const reserve = (name, why) => {
    if (!reasons.has(name)) reasons.set(name, why);
  };
  for (const n of ALWAYS) reserve(n, 'always');
  for (const n of builtinNames()) reserve(n, 'built-in');
  // (a) every member name declared by the default library.
  for (const sf of program.getSourceFiles()) {
    if (!sf.isDeclarationFile) continue;
    walk(sf, (n) => {
      if ((ts.isPropertySignature(n) || ts.isMethodSignature(n) || ts.isPropertyDeclaration(n) || ts.isMethodDeclaration(n)
        || ts.isGetAccessor(n) || ts.isSetAccessor(n)) && n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) {
        reserve(n.name.text, 'lib');
      }
    });
  }
  // (b) string literals that are a property name: a whole identifier (`'cardId'`, as a
  // table of names or `'x' in o` would hold it). The bundle has every string that stays
  // (after message stripping and tree shaking), including those TypeScript writes itself
  // (quoted accessor names, enum names). A text with spaces or punctuation (a display
  // line such as "Tap card again") names no property: its words stay free, so `card`
  // can be shortened. (Only the words of regular expressions are all reserved.)
  const words = new Set();
  for (const text of bundleTexts) {
    walk(ts.createSourceFile('emitted.js', text, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS), (n) => {
      if (ts.isRegularExpressionLiteral(n)) for (const w of n.text.match(WORD) ?? []) words.add(w);
      else if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
        if (IDENTIFIER.test(n.text)) words.add(n.text);
      }
    });
  }
  for (const w of words) reserve(w, 'string');
  // (c), (d), (e)
  for (const [n, why] of exposure(program, files, entryFiles).reasons) reserve(n, why);

  // Candidates: every property name declared in the sources that is not reserved,
  // weighted by how often it is written (declarations and accesses).
  const counts = new Map();
  const declared = new Set();
  const optional = new Set(); // declared `name?:` (read where the bundle never sets them)
  const count = (name) => counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const sf of files) {
    walk(sf, (n) => {
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.name)) count(n.name.text);
      if ((ts.isPropertySignature(n) || ts.isMethodSignature(n) || ts.isPropertyDeclaration(n) || ts.isMethodDeclaration(n)
        || ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) && n.name && ts.isIdentifier(n.name)) {
        declared.add(n.name.text);
        count(n.name.text);
        if (n.questionToken) optional.add(n.name.text);
      }
      if (ts.isParameter(n) && ts.isIdentifier(n.name) && ts.isConstructorDeclaration(n.parent)
        && n.modifiers?.some((m) => m.kind !== ts.SyntaxKind.Decorator)) {
        declared.add(n.name.text);
        count(n.name.text);
      }
    });
  }
  for (const [n, c] of extra) {
    declared.add(n);
    counts.set(n, (counts.get(n) ?? 0) + c);
  }
  const candidates = [...declared].filter((n) => !reasons.has(n) && !KEYWORDS.has(n))
    .sort((a, b) => (counts.get(b) ?? 0) * b.length - (counts.get(a) ?? 0) * a.length || (a < b ? -1 : 1));
  // Short names: never a keyword, a reserved name, a word of a string or any property name of the code.
  const taken = new Set([...reasons.keys(), ...words, ...KEYWORDS, ...counts.keys()]);
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  const rest = first + '0123456789';
  const gen = (function* () {
    for (const c of first) yield c;
    for (const a of first) for (const b of rest) yield a + b;
    for (const a of first) for (const b of rest) for (const c of rest) yield a + b + c;
  })();
  const cache = {};
  for (const name of candidates) {
    let s = gen.next().value;
    while (taken.has(s)) s = gen.next().value;
    cache[name] = s;
  }
  // Reserved names that a regex could match are pinned (false = keep).
  for (const n of reasons.keys()) if (!(n in cache)) cache[n] = false;
  return { cache, candidates, reasons, declared, optional };
}

function isTypePosition(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isTypeNode(n)) return true;
    if (ts.isStatement(n) || ts.isSourceFile(n)) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Aliases: `this` and `X.prototype`

/** Direct `this` keywords of a function body (not those of nested functions). */
function directThis(body) {
  const found = [];
  const visit = (n) => {
    if (n.kind === ts.SyntaxKind.ThisKeyword) found.push(n);
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found.length;
}

function prototypeOwner(stmt) {
  if (!ts.isExpressionStatement(stmt)) return null;
  const e = stmt.expression;
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(e.left)) return null;
  const p = e.left.expression;
  if (ts.isPropertyAccessExpression(p) && ts.isIdentifier(p.name) && p.name.text === 'prototype' && ts.isIdentifier(p.expression)) return p.expression.text;
  return null;
}

/**
 * An `after` transformer (it sees the ES5 output of TypeScript): in a function that
 * uses `this` at least `minThis` times, `var self = this` at the top and `self` for
 * each of them; in a scope that assigns three or more `X.prototype.m = ...`, one
 * `var p = X.prototype` and `p.m = ...`. Both are the same values read once, so the
 * behaviour is the same; the minifier then gives the alias a one-letter name. And a
 * top-level class, which TypeScript emits as `var X = (function () { function X() {}
 * X.prototype.m = ...; return X; }());`, loses its wrapper: `function X() {}` and the
 * same statements, run at the same point (Espruino does not hoist declarations; the
 * others hoist a class nobody may use before its definition, which the source checks
 * forbid anyway). Only wrappers holding nothing but such statements are unwrapped.
 */
export function aliasTransformer(minThis = 4) {
  const stats = { thisFunctions: 0, thisUses: 0, prototypes: 0, classes: 0 };
  const before = (context) => (sf) => {
    if (!isUserFile(sf)) return sf;
    const f = context.factory;
    const aliasPrototypes = (statements) => {
      const counts = new Map();
      for (const s of statements) {
        const o = prototypeOwner(s);
        if (o) counts.set(o, (counts.get(o) ?? 0) + 1);
      }
      if (![...counts.values()].some((c) => c >= 3)) return statements;
      const alias = new Map();
      const out = [];
      for (const s of statements) {
        const o = prototypeOwner(s);
        if (!o || counts.get(o) < 3) {
          out.push(s);
          continue;
        }
        if (!alias.has(o)) {
          const name = f.createUniqueName('proto');
          aliases.add(name);
          alias.set(o, name);
          stats.prototypes++;
          out.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([
            f.createVariableDeclaration(name, undefined, undefined, f.createPropertyAccessExpression(f.createIdentifier(o), 'prototype')),
          ])));
        }
        const e = s.expression;
        out.push(f.updateExpressionStatement(s, f.updateBinaryExpression(e,
          f.createPropertyAccessExpression(alias.get(o), e.left.name), e.operatorToken, e.right)));
      }
      return out;
    };
    const replaceThis = (body, name) => {
      const visit = (n) => {
        if (n.kind === ts.SyntaxKind.ThisKeyword) return name;
        if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return n;
        return ts.visitEachChild(n, visit, context);
      };
      return ts.visitEachChild(body, visit, context);
    };
    const aliases = new Set();
    const unparen = (e) => (e && (ts.isParenthesizedExpression(e) || ts.isPartiallyEmittedExpression(e)) ? unparen(e.expression) : e);
    /** `var X = (function () { function X() {} ...; return X; }());` -> `function X() {} ...` */
    const flattenClass = (stmt) => {
      if (!ts.isVariableStatement(stmt) || stmt.declarationList.declarations.length !== 1) return null;
      const d = stmt.declarationList.declarations[0];
      const call = unparen(d.initializer);
      if (!ts.isIdentifier(d.name) || !call || !ts.isCallExpression(call) || call.arguments.length) return null;
      const fn = unparen(call.expression);
      if (!ts.isFunctionExpression(fn) || fn.parameters.length || fn.name) return null;
      const body = fn.body.statements;
      const first = body[0];
      const last = body[body.length - 1];
      const name = d.name.text;
      if (!first || !ts.isFunctionDeclaration(first) || !first.name || first.name.text !== name) return null;
      const result = last && ts.isReturnStatement(last) ? unparen(last.expression) : null;
      if (!result || !ts.isIdentifier(result) || result.text !== name) return null;
      const middle = body.slice(1, -1);
      for (const m of middle) {
        if (ts.isVariableStatement(m)) {
          if (!m.declarationList.declarations.every((x) => aliases.has(x.name))) return null;
        } else if (!ts.isExpressionStatement(m)) return null;
      }
      let free = true;
      const scan = (n) => {
        if (n.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(n) && n.text === 'arguments')) free = false;
        if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return;
        ts.forEachChild(n, scan);
      };
      middle.forEach(scan);
      if (!free) return null;
      const exported = stmt.modifiers?.filter((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? [];
      stats.classes++;
      return [f.updateFunctionDeclaration(first, exported.length ? [...exported, ...(first.modifiers ?? [])] : first.modifiers, first.asteriskToken,
        first.name, first.typeParameters, first.parameters, first.type, first.body), ...middle];
    };
    const visit = (node) => {
      node = ts.visitEachChild(node, visit, context);
      if (ts.isSourceFile(node)) {
        const out = [];
        for (const st of node.statements) out.push(...(flattenClass(st) ?? [st]));
        return f.updateSourceFile(node, out);
      }
      if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.body) {
        const k = directThis(node.body);
        let body = node.body;
        if (k >= minThis) {
          const name = f.createUniqueName('self');
          body = replaceThis(body, name);
          let i = 0;
          while (i < body.statements.length && ts.isExpressionStatement(body.statements[i]) && ts.isStringLiteral(body.statements[i].expression)) i++;
          const decl = f.createVariableStatement(undefined, f.createVariableDeclarationList([
            f.createVariableDeclaration(name, undefined, undefined, f.createThis()),
          ]));
          body = f.updateBlock(body, [...body.statements.slice(0, i), decl, ...body.statements.slice(i)]);
          stats.thisFunctions++;
          stats.thisUses += k;
        }
        body = f.updateBlock(body, aliasPrototypes(body.statements));
        return ts.isFunctionDeclaration(node)
          ? f.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, body)
          : f.updateFunctionExpression(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, body);
      }
      return node;
    };
    return ts.visitNode(sf, visit);
  };
  return { after: before, stats };
}

/**
 * A safety net for the renamings: the property names the bundle reads (`x.name`) but
 * never writes (assignment, object literal) and that are not kept names (`kept`: the
 * library, built-ins, the contract) or optional fields (`optional`, original names: a
 * renamed one maps back through `cache`). A non-empty result means a renaming missed a use.
 */
export function unwrittenReads(text, kept, optional = new Set()) {
  const read = new Set();
  const written = new Set();
  walk(ts.createSourceFile('bundle.js', text, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS), (n) => {
    if (ts.isPropertyAccessExpression(n)) {
      const p = n.parent;
      const target = ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment
        && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
      (target && p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? written : read).add(n.name.text);
      if (target) written.add(n.name.text);
    }
    if ((ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n) || ts.isMethodDeclaration(n)) && n.name) {
      if (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) written.add(n.name.text);
    }
  });
  return [...read].filter((n) => !written.has(n) && !kept.has(n) && !optional.has(n));
}
