// The module graph of a source tree: which src/modules/* folder imports which (value and type
// imports alike), checked for import cycles between modules, kernel imports of a module, and
// service/store/rules files importing a routes file; and registries keyed by Platform. Read as text: dependency-cruiser and madge
// parse TypeScript through the compiler's JavaScript API, which TypeScript 7 no longer has
// (docs/decisions/0006-module-boundaries.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Finding = { kind: 'cycle' | 'kernel-imports-module' | 'service-imports-routes' | 'platform-registry'; message: string };

// `import … from '…'`, `export … from '…'`, `import '…'`, `import('…')`: relative specifiers only.
const IMPORT = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w*${},\s]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

// Comments out, so an import written in a comment is no edge.
const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of stripComments(source).matchAll(IMPORT)) out.push((m[1] ?? m[2])!);
  return out;
}

// 'kernel', a module's folder name, or undefined for the composition root and the CLI.
function unitOf(srcDir: string, file: string): string | undefined {
  const parts = path.relative(srcDir, file).split(path.sep);
  if (parts[0] === 'kernel') return 'kernel';
  if (parts[0] === 'modules' && parts.length > 2) return parts[1];
  return undefined;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (e.endsWith('.ts') && !e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

export type ModuleGraph = { edges: Map<string, Set<string>>; example: Map<string, string>; findings: Finding[] };

export function moduleGraph(srcDir: string): ModuleGraph {
  const edges = new Map<string, Set<string>>();
  const example = new Map<string, string>(); // "a->b" -> "file -> target"
  const findings: Finding[] = [];
  for (const file of sourceFiles(srcDir).sort()) {
    const from = unitOf(srcDir, file);
    const text = readFileSync(file, 'utf8');
    // per-module state belongs in the module's factory, composed in openPlatform (decisions/0006)
    if (/WeakMap<\s*Platform\b/.test(stripComments(text))) findings.push({ kind: 'platform-registry', message: `a registry keyed by Platform: ${path.relative(srcDir, file)}` });
    for (const spec of importsOf(text)) {
      const target = path.resolve(path.dirname(file), spec);
      const to = unitOf(srcDir, target);
      const where = `${path.relative(srcDir, file)} -> ${path.relative(srcDir, target)}`;
      if (from === 'kernel' && to !== undefined && to !== 'kernel') findings.push({ kind: 'kernel-imports-module', message: `kernel imports a module: ${where}` });
      if (/\.(service|store|rules)\.ts$/.test(file) && /\.routes(\.ts)?$/.test(target))
        findings.push({ kind: 'service-imports-routes', message: `a service, store or rules file imports a routes file: ${where}` });
      if (from && to && from !== to && from !== 'kernel' && to !== 'kernel') {
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
        if (!example.has(`${from}->${to}`)) example.set(`${from}->${to}`, where);
      }
    }
  }
  for (const scc of stronglyConnected(edges)) {
    if (scc.length < 2) continue;
    const cycle = cycleThrough(edges, scc);
    const hops = cycle.map((m, i) => example.get(`${m}->${cycle[(i + 1) % cycle.length]}`)).join('; ');
    findings.push({ kind: 'cycle', message: `module cycle: ${[...cycle, cycle[0]].join(' -> ')} (${hops})` });
  }
  return { edges, example, findings };
}

// Tarjan: every group of modules that reach each other.
function stronglyConnected(edges: Map<string, Set<string>>): string[][] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      out.push(scc.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

// One shortest cycle inside a strongly connected group, from its first module back to it.
function cycleThrough(edges: Map<string, Set<string>>, scc: string[]): string[] {
  const start = scc[0]!;
  const inside = new Set(scc);
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return path;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc;
}
