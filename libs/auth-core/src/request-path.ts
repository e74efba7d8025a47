/** A path that normalisation leaves as it is: no query, escape, empty, `.` or `..` segment, trailing slash. */
const ALREADY_NORMAL = /^(?:\/[^/?%.#][^/?%#]*)+$/;

/**
 * Normalises a request path before any matching, so `/v1//projects/`, `/v1/./projects` and
 * `/v1/%70rojects` are all `/v1/projects`:
 * - percent-decoding of unreserved characters (RFC 3986 §6.2.2.2); an encoded `/` stays encoded,
 * - dot segments removed (§5.2.4), duplicate slashes collapsed, trailing slash dropped,
 * - case is kept: paths are case-sensitive, as ids are.
 * Returns undefined for a path that cannot be a valid request target.
 */
export function normalisePath(rawPath: string): string | undefined {
  // The common case (`/v1/projects`) costs one regex test and allocates nothing.
  if (ALREADY_NORMAL.test(rawPath)) return rawPath;
  return normalisePathFully(rawPath);
}

/** The full normalisation, without the shortcut (exported for the property test that compares them). */
export function normalisePathFully(rawPath: string): string | undefined {
  const path = rawPath.split('?')[0] ?? '';
  if (!path.startsWith('/')) return undefined;
  // Checked on the raw path: a decoded character must never complete a new escape with a stray `%`.
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return undefined;
  let decoded: string;
  try {
    decoded = path.replace(/%[0-9A-Fa-f]{2}/g, (escape) => {
      const char = String.fromCharCode(parseInt(escape.slice(1), 16));
      return /[A-Za-z0-9\-._~]/.test(char) ? char : escape.toUpperCase();
    });
  } catch {
    return undefined;
  }
  const output: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      output.pop();
      continue;
    }
    output.push(segment);
  }
  return `/${output.join('/')}`;
}
