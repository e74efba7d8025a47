import { describe, expect, it } from 'vitest';

/**
 * Every call the console makes goes through the SDK client wired in api/client.ts: its credential,
 * retries, session ending and problem words. A module that calls fetch (or opens its own
 * EventSource or XMLHttpRequest) would skip all of that.
 */
const WIRING = '/src/api/client.ts';
const HTTP_CALL = /\bfetch\s*\(|\bnew\s+(EventSource|XMLHttpRequest)\b/;

const sources = import.meta.glob<string>(
  ['/src/**/*.ts', '/src/**/*.tsx', '!/src/api/no-direct-fetch.test.ts'],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
);

/** The lines of a module that make an HTTP call of their own. */
function directCalls(source: string): string[] {
  return source.split('\n').filter((line) => HTTP_CALL.test(line));
}

describe('HTTP goes through the SDK client only', () => {
  it('finds a direct call where there is one', () => {
    expect(directCalls("const answer = await fetch('/admin/keys');")).toHaveLength(1);
    expect(directCalls('const r = await window.fetch (url, init);')).toHaveLength(1);
    expect(directCalls("const tail = new EventSource('/audit/events/stream');")).toHaveLength(1);
    expect(directCalls('void keys.fetchNextPage(); await events.refetch();')).toEqual([]);
  });

  it('no module under src calls fetch itself, except the SDK wiring', () => {
    const files = Object.keys(sources);
    // The glob did read the console's modules, the wiring among them.
    expect(files).toContain(WIRING);
    expect(files.length).toBeGreaterThan(30);
    const offenders = Object.fromEntries(
      files
        .filter((file) => file !== WIRING)
        .map((file) => [file, directCalls(sources[file] ?? '')] as const)
        .filter(([, lines]) => lines.length > 0),
    );
    expect(offenders).toEqual({});
  });
});
