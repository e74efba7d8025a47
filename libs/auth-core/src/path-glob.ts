/**
 * A key's `allowed_paths` glob, compiled once (when a key snapshot enters the gateway's cache) and
 * matched against normalised paths without backtracking.
 *
 * The grammar, exactly as it has always been:
 * - `*` stands for any characters but `/` (possibly none; it may share a segment with text: `whc_*`),
 * - `**` — or any longer run of `*` — for any characters, `/` included,
 * - a glob ending in `/*` also covers deeper paths: `/v1/webhooks/whc_1/*` allows
 *   `/v1/webhooks/whc_1/events` and `/v1/webhooks/whc_1/events/evt_1`, not `/v1/webhooks/whc_1`,
 * - every other character is itself.
 * (Request paths never hold a line break: the HTTP parser refuses one in the request line.)
 *
 * How it matches: the glob is cut at each `**` into chunks. Inside a chunk nothing crosses a `/`
 * but a `/` of the glob, so a chunk's `/`s line up one to one with the path's: a chunk is a list of
 * segment patterns, each matched against one path segment by literal pieces (the classic wildcard
 * match: fixed ends, the pieces in between found leftmost, which is optimal). Between chunks, the
 * earliest place a chunk can end is always the best for the rest (a `**` after it takes any
 * amount), so each chunk is found once, left to right, and never revisited:
 * - a glob without `**` is one chunk lined up with the whole path: O(path);
 * - the first chunk lines up with the path's start, the last with its end: O(path) each;
 * - a chunk between two `**` is searched for; that search is O(path × chunk) at worst. Issuance
 *   allows at most one `**` (contracts' allowedPathProblem), so only keys issued before that rule
 *   can have one.
 */
export class PathGlob {
  private constructor(
    /** The glob as written. */
    readonly source: string,
    /** The glob cut at each `**` (and before a trailing `/*`'s deep part); at least one chunk. */
    private readonly chunks: readonly Chunk[],
    /** A trailing `/*`: the deep part after the last chunk but one must not be empty. */
    private readonly nonEmptyRest: boolean,
  ) {}

  static compile(glob: string): PathGlob {
    // A trailing `/*` is `/` followed by at least one character of any kind.
    const deepTail = glob.endsWith('/*');
    const body = deepTail ? glob.slice(0, -1) : glob;
    const chunks: Chunk[] = [];
    let segments: string[][] = [['']];
    let literal = '';
    const flush = () => {
      const pieces = segments[segments.length - 1] as string[];
      pieces[pieces.length - 1] += literal;
      literal = '';
    };
    for (let i = 0; i < body.length;) {
      const char = body[i] as string;
      if (char === '/') {
        flush();
        segments.push(['']);
        i += 1;
      } else if (char === '*') {
        flush();
        let run = 1;
        while (body[i + run] === '*') run += 1;
        if (run === 1) (segments[segments.length - 1] as string[]).push('');
        else {
          chunks.push(chunkOf(segments));
          segments = [['']];
        }
        i += run;
      } else {
        literal += char;
        i += 1;
      }
    }
    flush();
    chunks.push(chunkOf(segments));
    if (deepTail) chunks.push(chunkOf([['']]));
    return new PathGlob(glob, chunks, deepTail);
  }

  /** Does the normalised `path` match? Linear in the path for this glob (see the class comment). */
  matches(path: string): boolean {
    const chunks = this.chunks;
    const last = chunks.length - 1;
    if (last === 0) return chunkWhole(chunks[0] as Chunk, path);
    let at = chunkPrefix(chunks[0] as Chunk, path);
    for (let c = 1; c < last && at >= 0; c++) at = chunkFind(chunks[c] as Chunk, path, at);
    if (at < 0) return false;
    if (this.nonEmptyRest) return at < path.length;
    return chunkEndsPath(chunks[last] as Chunk, path, at);
  }
}

/**
 * A segment pattern: the literal pieces of one `/`-free stretch of glob, with a `*` between each two
 * (`whc_*` is `['whc_', '']`, `*` is `['', '']`, `events` is `['events']`).
 */
type Segment = readonly string[];

/** Glob text between two `**`: one segment pattern per `/`-separated part. */
interface Chunk {
  readonly segments: readonly Segment[];
  /** The chunk's text when it holds no `*`: matched with plain string operations. */
  readonly literal: string | undefined;
}

function chunkOf(segments: string[][]): Chunk {
  const literal = segments.every((pieces) => pieces.length === 1)
    ? segments.map((pieces) => pieces[0]).join('/')
    : undefined;
  return { segments, literal };
}

// --- one segment pattern against a `/`-free stretch path[from, to) ---------------------------------

/** Does `pattern` match all of path[from, to)? */
function segmentWhole(pattern: Segment, path: string, from: number, to: number): boolean {
  const first = pattern[0] as string;
  if (pattern.length === 1) return to - from === first.length && path.startsWith(first, from);
  const lastPiece = pattern[pattern.length - 1] as string;
  const tailAt = to - lastPiece.length;
  if (tailAt < from + first.length || !path.startsWith(first, from) || !path.startsWith(lastPiece, tailAt))
    return false;
  let at = from + first.length;
  for (let i = 1; i < pattern.length - 1; i++) {
    const piece = pattern[i] as string;
    const found = indexWithin(path, piece, at, tailAt);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}

/** The least `end` such that `pattern` matches path[from, end), end ≤ to; or -1. */
function segmentPrefix(pattern: Segment, path: string, from: number, to: number): number {
  const first = pattern[0] as string;
  if (from + first.length > to || !path.startsWith(first, from)) return -1;
  let at = from + first.length;
  for (let i = 1; i < pattern.length; i++) {
    const piece = pattern[i] as string;
    const found = indexWithin(path, piece, at, to);
    if (found < 0) return -1;
    at = found + piece.length;
  }
  return at;
}

/** Does `pattern` match path[start, to) for some start ≥ from? */
function segmentEndsAt(pattern: Segment, path: string, from: number, to: number): boolean {
  const lastPiece = pattern[pattern.length - 1] as string;
  const tailAt = to - lastPiece.length;
  if (tailAt < from || !path.startsWith(lastPiece, tailAt)) return false;
  // The pieces before the last one, leftmost each from `from`, must end by the last one's start.
  let at = from;
  for (let i = 0; i < pattern.length - 1; i++) {
    const piece = pattern[i] as string;
    const found = indexWithin(path, piece, at, tailAt);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}

/**
 * The least `end` such that `pattern` (`*`s allowed) matches path[start, end) with `from` ≤ start and
 * no `/` in between, or -1. When a piece is next found only in a later segment, the search goes on
 * from that segment (no match can end earlier), so each stretch of the path is read a bounded number
 * of times per piece.
 */
function segmentFind(pattern: Segment, path: string, from: number): number {
  const first = pattern[0] as string;
  let start = from;
  search: for (;;) {
    const found = path.indexOf(first, start);
    if (found < 0) return -1;
    const segmentEnd = nextSlash(path, found);
    let at = found + first.length;
    for (let i = 1; i < pattern.length; i++) {
      const piece = pattern[i] as string;
      const next = path.indexOf(piece, at);
      if (next < 0) return -1;
      if (next + piece.length > segmentEnd) {
        // `piece` is not in this segment after `at`: the first segment that can hold a match is its own.
        start = path.lastIndexOf('/', next - 1) + 1;
        continue search;
      }
      at = next + piece.length;
    }
    return at;
  }
}

// --- a chunk against the path -------------------------------------------------------------------

/** Does `chunk` match the whole path? */
function chunkWhole(chunk: Chunk, path: string): boolean {
  if (chunk.literal !== undefined) return path === chunk.literal;
  const segments = chunk.segments;
  let at = 0;
  for (let j = 0; j < segments.length - 1; j++) {
    const slash = path.indexOf('/', at);
    if (slash < 0 || !segmentWhole(segments[j] as Segment, path, at, slash)) return false;
    at = slash + 1;
  }
  return (
    path.indexOf('/', at) < 0 && segmentWhole(segments[segments.length - 1] as Segment, path, at, path.length)
  );
}

/** The least `end` such that `chunk` matches path[0, end), or -1. */
function chunkPrefix(chunk: Chunk, path: string): number {
  if (chunk.literal !== undefined) return path.startsWith(chunk.literal) ? chunk.literal.length : -1;
  const segments = chunk.segments;
  let at = 0;
  for (let j = 0; j < segments.length - 1; j++) {
    const slash = path.indexOf('/', at);
    if (slash < 0 || !segmentWhole(segments[j] as Segment, path, at, slash)) return -1;
    at = slash + 1;
  }
  return segmentPrefix(segments[segments.length - 1] as Segment, path, at, nextSlash(path, at));
}

/** Does `chunk` match path[start, path.length) for some start ≥ from? */
function chunkEndsPath(chunk: Chunk, path: string, from: number): boolean {
  if (chunk.literal !== undefined)
    return path.length - chunk.literal.length >= from && path.endsWith(chunk.literal);
  const segments = chunk.segments;
  let at = path.length;
  for (let j = segments.length - 1; j > 0; j--) {
    const slash = at > 0 ? path.lastIndexOf('/', at - 1) : -1;
    if (slash < from || !segmentWhole(segments[j] as Segment, path, slash + 1, at)) return false;
    at = slash;
  }
  const previous = at > 0 ? path.lastIndexOf('/', at - 1) : -1;
  return segmentEndsAt(segments[0] as Segment, path, Math.max(from, previous + 1), at);
}

/** The least `end` such that `chunk` matches path[start, end) for some start ≥ from, or -1. */
function chunkFind(chunk: Chunk, path: string, from: number): number {
  if (chunk.literal !== undefined) {
    const found = path.indexOf(chunk.literal, from);
    return found < 0 ? -1 : found + chunk.literal.length;
  }
  const segments = chunk.segments;
  if (segments.length === 1) return segmentFind(segments[0] as Segment, path, from);
  // The chunk's first `/` is one of the path's: try them left to right; the first that fits ends first.
  const last = segments.length - 1;
  let segmentStart = from;
  for (let slash = path.indexOf('/', from); slash >= 0; slash = path.indexOf('/', slash + 1)) {
    const start = segmentStart;
    segmentStart = slash + 1;
    if (!segmentEndsAt(segments[0] as Segment, path, start, slash)) continue;
    let at = slash + 1;
    let fits = true;
    for (let j = 1; j < last && fits; j++) {
      const next = path.indexOf('/', at);
      if (next < 0) return -1; // too few segments left for this start and every later one
      fits = segmentWhole(segments[j] as Segment, path, at, next);
      at = next + 1;
    }
    if (!fits) continue;
    const end = segmentPrefix(segments[last] as Segment, path, at, nextSlash(path, at));
    if (end >= 0) return end;
  }
  return -1;
}

// --- helpers ------------------------------------------------------------------------------------

function nextSlash(path: string, from: number): number {
  const slash = path.indexOf('/', from);
  return slash < 0 ? path.length : slash;
}

/**
 * The first index ≥ from where `piece` lies wholly before `to`, or -1; it reads nothing past `to`
 * (a search that ran on to the path's end would make repeated calls quadratic).
 */
function indexWithin(path: string, piece: string, from: number, to: number): number {
  if (to - from < piece.length) return -1;
  if (piece.length === 0) return from;
  const found = to === path.length ? path.indexOf(piece, from) : path.slice(from, to).indexOf(piece);
  if (found < 0) return -1;
  return to === path.length ? found : from + found;
}
