// The runtime import graph of the TypeScript sources, read with the compiler's parser: `import type` and
// `export type` declarations are left out (erased at build), every other static import or re-export is an edge.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : sourceFiles(full);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [full] : [];
  });
}

function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const node of source.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) spec = node.moduleSpecifier;
    if (ts.isExportDeclaration(node) && !node.isTypeOnly) spec = node.moduleSpecifier;
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.'))
      out.push(path.resolve(path.dirname(file), spec.text));
  }
  return out;
}

/** Each cycle once, as the files on it (relative to `root`), found by depth-first search over the runtime edges. */
export function importCycles(root: string, dirs: readonly string[]): string[][] {
  const files = dirs.flatMap((d) => sourceFiles(path.join(root, d)));
  const known = new Set(files);
  const edges = new Map(files.map((f) => [f, runtimeImports(f).filter((t) => known.has(t))]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (f: string): void => {
    const at = onPath.indexOf(f);
    if (at >= 0) {
      cycles.push(onPath.slice(at).map((p) => path.relative(root, p)));
      return;
    }
    if (done.has(f)) return;
    onPath.push(f);
    for (const t of edges.get(f) ?? []) visit(t);
    onPath.pop();
    done.add(f);
  };
  for (const f of files) visit(f);
  return cycles;
}
