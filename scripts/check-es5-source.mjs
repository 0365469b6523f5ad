// Static checks for code that must run on Espruino as well as JerryScript
// (../shared/FIRMWARE-ENGINES.md), beyond what `tsc` with lib ES5 catches:
//  - a reference to a function, class or variable declared further down the
//    same file (Espruino does not hoist function declarations);
//  - class inheritance (TypeScript's ES5 helper breaks on Espruino);
//  - array spread (its ES5 helper calls Array.prototype.slice.call);
//  - labelled statements and typed-array `.slice` (absent on Espruino / duktape).
// Usage: node scripts/check-es5-source.mjs [tsconfig]  -> exit 1 with a list of findings.
import ts from 'typescript';
import { relative } from 'node:path';

/** The parsed tsconfig (throws on an unreadable one). */
export function readConfig(configPath = 'tsconfig.firmware.json', overrides = {}) {
  return ts.getParsedCommandLineOfConfigFile(configPath, overrides, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
}

/**
 * Runs the checks over every file of the given tsconfig; returns findings.
 * `program`: an already built program of that tsconfig (saves building another).
 */
export function checkProgram(configPath = 'tsconfig.firmware.json', program = undefined) {
  const cfg = readConfig(configPath);
  program ??= ts.createProgram(cfg.fileNames, cfg.options);
  const checker = program.getTypeChecker();
  const findings = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !cfg.fileNames.includes(sf.fileName)) continue;
    const where = (node) => {
      const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      return `${relative(process.cwd(), sf.fileName)}:${line + 1}:${character + 1}`;
    };
    const visit = (node) => {
      if (ts.isIdentifier(node) && !isDeclarationName(node)) {
        const sym = checker.getSymbolAtLocation(node);
        const decl = sym?.valueDeclaration ?? sym?.declarations?.[0];
        if (decl && decl.getSourceFile() === sf && isHoistSensitive(decl) && node.getStart(sf) < decl.getStart(sf)
            && !isTypeOnlyPosition(node)) {
          findings.push(`${where(node)} '${node.text}' is used before its declaration (Espruino does not hoist)`);
        }
      }
      if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(node.parent)) {
        findings.push(`${where(node)} class inheritance is not supported on Espruino`);
      }
      if (ts.isSpreadElement(node) && ts.isArrayLiteralExpression(node.parent)) {
        findings.push(`${where(node)} array spread is not supported on Espruino`);
      }
      if (ts.isLabeledStatement(node)) findings.push(`${where(node)} labelled statements are not supported on Espruino`);
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'slice') {
        const t = checker.getTypeAtLocation(node.expression);
        const name = t.getSymbol()?.getName() ?? '';
        if (/^(Uint8|Int8|Uint16|Int16|Uint32|Int32|Float32|Float64|Uint8Clamped)Array$/.test(name) || name === 'ArrayBuffer') {
          findings.push(`${where(node)} ${name}.slice is is missing on duktape: use subarray and copy`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return findings;
}

function isDeclarationName(id) {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) return p.name === id || p.right === id;
  return 'name' in p && p.name === id;
}

function isHoistSensitive(decl) {
  if (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return true;
  // Module- or block-level variables (const/let/var), not parameters or properties.
  return ts.isVariableDeclaration(decl);
}

function isTypeOnlyPosition(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isTypeNode(n) || ts.isTypeQueryNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return true;
    if (ts.isStatement(n) || ts.isExpressionStatement(n)) return false;
  }
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const findings = checkProgram(process.argv[2]);
  if (findings.length) {
    console.error(`ES5/Espruino source check: ${findings.length} finding(s)`);
    for (const f of findings) console.error('  ' + f);
    process.exit(1);
  }
}
