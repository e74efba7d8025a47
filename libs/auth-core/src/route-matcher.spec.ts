import type { ApiRoute } from '@latchkey/contracts';
import { RouteMatcher } from './route-matcher';

const route = (method: ApiRoute['method'], path: string): ApiRoute => ({
  method,
  path,
  summary: `${method} ${path}`,
  scope: 'projects:read',
  upstream: 'data-api',
});
const ROUTES = [route('GET', '/v1/projects'), route('GET', '/v1/projects/:id')];

describe('RouteMatcher memo', () => {
  it('remembers at most memoMax paths per method, however many distinct paths it matches', () => {
    const matcher = new RouteMatcher(ROUTES, 100);
    for (let i = 0; i < 1_000; i++) {
      matcher.match('GET', `/v1/projects/prj_${i}`);
      matcher.match('POST', `/v1/projects/prj_${i}`);
      matcher.match('PROPFIND', `/v1/projects/prj_${i}`);
    }
    // GET's and POST's memos are full; a method no route has is never remembered.
    expect(matcher.rememberedPaths).toBe(200);
  });

  it('forgets the least recently matched path first: a path in steady use stays through a flood', () => {
    const matcher = new RouteMatcher(ROUTES, 100);
    const kept = matcher.match('GET', '/v1/projects');
    const first = matcher.match('GET', '/v1/projects/prj_first');
    expect(matcher.match('GET', '/v1/projects/prj_first')).toBe(first);
    for (let i = 0; i < 1_000; i++) {
      matcher.match('GET', `/v1/projects/prj_${i}`);
      // A remembered match is the same (frozen) object each time; a forgotten one is matched anew.
      if (i % 50 === 0) expect(matcher.match('GET', '/v1/projects')).toBe(kept);
    }
    expect(matcher.match('GET', '/v1/projects/prj_first')).not.toBe(first);
    expect(matcher.match('GET', '/v1/projects/prj_first')).toEqual(first);
  });

  it('matchOnce neither remembers a path nor keeps one from being forgotten', () => {
    const matcher = new RouteMatcher(ROUTES, 2);
    const oldest = matcher.match('GET', '/v1/projects/prj_a');
    matcher.match('GET', '/v1/projects/prj_b');
    expect(matcher.matchOnce('GET', '/v1/projects/prj_a')).toBe(oldest);
    expect(matcher.matchOnce('GET', '/v1/projects/prj_c')?.params).toEqual({ id: 'prj_c' });
    expect(matcher.rememberedPaths).toBe(2);
    matcher.match('GET', '/v1/projects/prj_d');
    expect(matcher.match('GET', '/v1/projects/prj_a')).not.toBe(oldest);
  });

  it('a match is frozen from the first time, being shared with every later match of the path', () => {
    const matcher = new RouteMatcher(ROUTES);
    const match = matcher.match('GET', '/v1/projects/prj_1');
    expect(Object.isFrozen(match)).toBe(true);
    expect(Object.isFrozen(match?.params)).toBe(true);
    expect(matcher.match('GET', '/v1/projects/prj_1')).toBe(match);
  });
});
