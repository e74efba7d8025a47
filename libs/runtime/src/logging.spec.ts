import { Writable } from 'node:stream';
import { createLogger } from './logging';

/** The lines a logger writes, parsed. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('test', 'info', stream) };
}

// Shaped like a secret, but no key's: its checksum is wrong, so no scanner should take it for one.
const SECRET = `lk_live_${'Example0'.repeat(5)}NotKey`;

describe('log redaction', () => {
  it('never writes a key secret a line carries as `secret` or `api_key`, at the top or in a body', async () => {
    const { lines, logger } = capture();
    logger.info({ secret: SECRET }, 'top level');
    logger.info({ body: { secret: SECRET, api_key: SECRET } }, 'in a body');
    logger.info({ req: { method: 'POST', url: '/admin/keys/lookup', body: { secret: SECRET } } }, 'req');
    logger.info({ api_key: SECRET }, 'exchange');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain(SECRET);
    expect(JSON.parse(lines[1] as string).body).toEqual({ secret: '[redacted]', api_key: '[redacted]' });
  });

  it('logs a request as method, path and address only: never its body or query', async () => {
    const { lines, logger } = capture();
    logger.info({
      req: {
        method: 'POST',
        url: `/admin/keys/lookup?secret=${SECRET}`,
        ip: '10.0.0.1',
        body: { secret: SECRET },
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.parse(lines[0] as string).req).toEqual({
      method: 'POST',
      path: '/admin/keys/lookup',
      ip: '10.0.0.1',
    });
  });
});
