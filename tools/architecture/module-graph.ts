import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * An app's imports as dependency-cruiser sees them with the workspace's rules
 * (.dependency-cruiser.cjs), and the folder graph derived from them: what the module-graph check
 * holds apps to, and what docs/architecture.md draws.
 */

/**
 * The apps held to the rules: an app joins the list (one line) once its folders pass.
 * `npx depcruise --output-type err apps/<app>/src` lists what stands in the way.
 */
export const CHECKED_APPS = [
  'identity',
  'data-api',
  'audit',
  'cli',
  'gateway',
  // console: its folders are not reached through an index yet.
];

export const ROOT = resolve(__dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

interface CruisedModule {
  source: string;
  dependencies: { resolved: string }[];
}

export interface Cruise {
  /** One line per violation: `rule: from → to` (a cycle: every file on it). */
  violations: string[];
  modules: CruisedModule[];
}

function describeViolation(violation: Violation): string {
  const path = violation.cycle
    ? [violation.from, ...violation.cycle.map((step) => step.name)]
    : [violation.from, violation.to];
  return `${violation.rule.name}: ${path.join(' → ')}`;
}

/** Runs depcruise with the workspace's rules over `target`, as seen from `cwd` (a workspace root). */
export function cruise(cwd: string, target: string): Cruise {
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', target], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`depcruise ${target} failed (exit ${run.status}): ${run.stderr}`);
  const { summary, modules } = JSON.parse(run.stdout) as {
    summary: { violations: Violation[] };
    modules: CruisedModule[];
  };
  return { violations: summary.violations.map(describeViolation), modules };
}

/** Folder → the folders its files import (root files such as main.ts and app.module.ts left out). */
export type FolderGraph = Map<string, Set<string>>;

export function folderGraph(app: string, modules: readonly CruisedModule[]): FolderGraph {
  const prefix = `apps/${app}/src/`;
  // Only files inside a folder of src/ (not its root files) belong to a capability.
  const folderOf = (path: string): string | undefined => {
    if (!path.startsWith(prefix)) return undefined;
    const rest = path.slice(prefix.length).split('/');
    return rest.length > 1 ? rest[0] : undefined;
  };
  const graph: FolderGraph = new Map();
  for (const module of modules) {
    const from = folderOf(module.source);
    if (from === undefined || /\.(int-)?spec\.tsx?$/.test(module.source)) continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (to !== undefined && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** A circle of folders (first folder repeated at the end), or undefined when the graph runs one way. */
export function folderCycle(graph: FolderGraph): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string): string[] | undefined => {
    if (state.get(folder) === 'done') return undefined;
    if (state.get(folder) === 'open') return [...path.slice(path.indexOf(folder)), folder];
    state.set(folder, 'open');
    path.push(folder);
    for (const next of [...(graph.get(folder) ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(folder, 'done');
    return undefined;
  };
  for (const folder of [...graph.keys()].sort()) {
    const cycle = visit(folder);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The folder graph as a Mermaid flowchart, folders in a stable order (GitHub renders it). */
export function mermaidOf(graph: FolderGraph): string {
  const id = (folder: string) => folder.replace(/[^A-Za-z0-9_]/g, '_');
  const lines = ['```mermaid', 'flowchart TD'];
  const folders = [...graph.keys()].sort();
  for (const folder of folders) lines.push(`  ${id(folder)}["${folder}/"]`);
  for (const folder of folders)
    for (const to of [...(graph.get(folder) ?? [])].sort()) lines.push(`  ${id(folder)} --> ${id(to)}`);
  lines.push('```');
  return lines.join('\n');
}
