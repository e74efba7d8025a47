import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findSecrets } from './secret-matcher';

/** One secret found: where (a file and line, or a commit, file and line), never printed whole. */
export interface Finding {
  secret: string;
  /** `path:line`, or `commit:path:line` for history. */
  location: string;
  /** As the leak intake's `source` names it: `content` (a file now) or `commit` (history). */
  source: 'content' | 'commit';
}

/** Files larger than this are not read (build outputs, archives): secrets live in small text files. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Folders that hold no source of the scanned project (dependencies, VCS internals). */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/** Every secret in the files under `paths` (files, or folders walked recursively). */
export async function scanFiles(paths: readonly string[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const path of paths) await scanPath(path, findings);
  return findings;
}

async function scanPath(path: string, findings: Finding[]): Promise<void> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const entries = await readdir(path, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
      if (entry.isDirectory() || entry.isFile()) await scanPath(join(path, entry.name), findings);
    }
    return;
  }
  if (!info.isFile() || info.size > MAX_FILE_BYTES) return;
  const bytes = await readFile(path);
  // A binary file (a NUL early on) is not text a secret is written in.
  if (bytes.subarray(0, 8000).includes(0)) return;
  for (const match of findSecrets(bytes.toString('utf8')))
    findings.push({ secret: match.secret, location: `${path}:${match.line}`, source: 'content' });
}

/**
 * Every secret ever added in the git history of the repository at `repo` (all refs): the lines
 * `git log -p --all` shows as added, each located by commit, file and line in that commit.
 */
export async function scanGitHistory(repo: string): Promise<Finding[]> {
  const git = spawn(
    'git',
    ['-C', repo, 'log', '-p', '--all', '--no-color', '--no-ext-diff', '--format=commit %H'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  git.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let commit = '';
  let file = '';
  let line = 0;
  for await (const text of createInterface({ input: git.stdout, crlfDelay: Infinity })) {
    if (text.startsWith('commit ')) commit = text.slice(7, 19);
    else if (text.startsWith('+++ ')) file = text.startsWith('+++ b/') ? text.slice(6) : text.slice(4);
    else if (text.startsWith('@@ ')) line = newSideStart(text);
    else if (text.startsWith('+')) {
      for (const match of findSecrets(text.slice(1))) {
        const location = `${commit}:${file}:${line}`;
        // One secret committed once is one finding, however many refs reach the commit.
        if (!seen.has(match.secret + location)) {
          seen.add(match.secret + location);
          findings.push({ secret: match.secret, location, source: 'commit' });
        }
      }
      line++;
    } else if (text.startsWith(' ')) line++;
  }
  const code = await new Promise<number | null>((resolve) => git.on('close', resolve));
  if (code !== 0) throw new Error(`git log failed in ${repo}: ${stderr.trim() || `exit ${code}`}`);
  return findings;
}

/** The first line of a hunk's new side: `@@ -a,b +c,d @@` → c. */
function newSideStart(header: string): number {
  const plus = header.indexOf(' +');
  return plus === -1 ? 0 : Number.parseInt(header.slice(plus + 2), 10) || 0;
}
