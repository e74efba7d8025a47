import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { boundPath, boundPathLabel, STORED_PATH_MAX } from './bounded-path';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('stored paths are bounded, and what is cut stays identified', () => {
  it('a path of the longest a request line allows (16 KiB) is kept to STORED_PATH_MAX, with the hash of the whole', () => {
    const path = `/v1/${'a'.repeat(16 * 1024)}`;
    const bounded = boundPath(path);
    expect(bounded.path).toHaveLength(STORED_PATH_MAX);
    expect(path.startsWith(bounded.path)).toBe(true);
    expect(bounded).toMatchObject({ truncated: true, sha256: sha256(path) });
  });

  it('a cut that would fall inside a surrogate pair keeps the whole character out', () => {
    const path = `${'a'.repeat(STORED_PATH_MAX - 1)}\u{1F600}tail`;
    expect(boundPath(path).path).toBe('a'.repeat(STORED_PATH_MAX - 1));
  });

  it('a short path is kept whole, and still carries its hash', () => {
    expect(boundPath('/v1/projects')).toEqual({
      path: '/v1/projects',
      sha256: sha256('/v1/projects'),
      truncated: false,
    });
  });

  it('for any path: at most the bound, a prefix of the path, never half a surrogate pair, hash of the whole', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (path) => {
        const bounded = boundPath(path);
        expect(bounded.path.length).toBeLessThanOrEqual(STORED_PATH_MAX);
        expect(path.startsWith(bounded.path)).toBe(true);
        expect(bounded.truncated).toBe(bounded.path !== path);
        expect(bounded.sha256).toBe(sha256(path));
        // Well-formed (the input is): the cut never leaves half a surrogate pair.
        expect(LONE_SURROGATE.test(bounded.path)).toBe(false);
      }),
    );
  });

  it('long labels become a bounded prefix plus the hash of the whole, so two long paths with one beginning stay apart', () => {
    const a = `GET /v1/${'x'.repeat(1000)}a`;
    const b = `GET /v1/${'x'.repeat(1000)}b`;
    expect(boundPathLabel('GET /v1/projects')).toBe('GET /v1/projects');
    expect(boundPathLabel(a)).toBe(`${a.slice(0, STORED_PATH_MAX)}…sha256:${sha256(a)}`);
    expect(boundPathLabel(a)).not.toBe(boundPathLabel(b));
    expect(boundPathLabel(a).length).toBeLessThan(STORED_PATH_MAX + 80);
  });
});
