import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { ormOptions } from './database.module';

/** PostgreSQL's SSLRequest code (protocol 1234.5679). */
const SSL_REQUEST = 80877103;

/**
 * sslmode=verify-full with the CA bundle named in the URL (`sslrootcert`), as production's
 * DATABASE_URL has it: MikroORM's pool (ormOptions) and a plain pg Pool (audit's event store) both
 * verify the server's certificate against that file and its host name. The local PostgreSQL runs
 * without TLS (and as root here a second server cannot be started), so a TLS terminator in front of
 * it answers PostgreSQL's SSLRequest with a certificate from a throw-away CA, then relays the
 * decrypted stream to the real server: the handshake and the queries are real.
 */
describe('DATABASE_URL with sslmode=verify-full&sslrootcert=…', () => {
  let dir: string;
  let proxy: Server;
  let port: number;
  let handshakes = 0;

  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-pg-tls-'));
    for (const ca of ['ca', 'other-ca'])
      openssl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        `${ca}.key`,
        '-out',
        `${ca}.crt`,
        '-subj',
        `/CN=${ca}`,
        '-days',
        '2',
      );
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=localhost',
    );
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
    const key = readFileSync(join(dir, 'server.key'));
    const cert = readFileSync(join(dir, 'server.crt'));
    proxy = createServer((socket) => {
      socket.once('data', (first) => {
        if (first.length !== 8 || first.readInt32BE(4) !== SSL_REQUEST) return socket.destroy();
        socket.write('S');
        const tls = new TLSSocket(socket, { isServer: true, key, cert });
        tls.once('secure', () => (handshakes += 1));
        tls.on('error', () => socket.destroy());
        const upstream = connect(5432, '127.0.0.1');
        upstream.on('error', () => tls.destroy());
        tls.pipe(upstream).pipe(tls);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    port = (proxy.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const url = (ca: string) =>
    `postgres://postgres@localhost:${port}/test?sslmode=verify-full&sslrootcert=${join(dir, ca)}`;

  /** One query through a pool built as every service builds it (MikroORM connects on first use). */
  async function orm(databaseUrl: string): Promise<unknown> {
    const db = await MikroORM.init<PostgreSqlDriver>({
      ...ormOptions({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: 'public', DATABASE_POOL_MAX: 1 }, []),
      discovery: { warnWhenNoEntities: false },
    });
    try {
      return await db.em.getConnection().execute('select 1 as one');
    } finally {
      await db.close();
    }
  }

  it("the services' MikroORM pool verifies the server against the URL's CA bundle", async () => {
    const before = handshakes;
    expect(await orm(url('ca.crt'))).toEqual([{ one: 1 }]);
    expect(handshakes).toBeGreaterThan(before);
  });

  it("audit's own pg Pool (the event store) does the same", async () => {
    const pool = new Pool({ connectionString: url('ca.crt'), max: 1 });
    try {
      expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  // Host names only: node-postgres sets no TLS servername for an IP address, and Node then checks the
  // certificate against "localhost" (measured here: 127.0.0.1 with a localhost-only certificate
  // passes). docs/operations.md asks for the server's DNS name in DATABASE_URL.
  it('refuses a server whose certificate another CA signed', async () => {
    await expect(orm(url('other-ca.crt'))).rejects.toThrow(/certificate/i);
    await expect(
      new Pool({ connectionString: url('other-ca.crt'), max: 1 }).query('select 1'),
    ).rejects.toThrow(/certificate/i);
  });

  it('fails at start, naming the file, when the bundle is not mounted', async () => {
    await expect(orm(url('missing.crt'))).rejects.toThrow(/missing\.crt/);
  });
});
