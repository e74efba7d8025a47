import { connect, createServer, type Server, type Socket } from 'node:net';
import { ConnectionCeiling } from './connection-ceiling';

/** A server that answers every line with "ok", so a test can tell a served connection from a closed one. */
async function echoServer(ceiling: ConnectionCeiling): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.on('data', () => socket.write('ok\n')));
  ceiling.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** Connects and asks once: 'served', or 'closed' when the server hung up without answering. */
function probe(port: number): Promise<{ socket: Socket; outcome: 'served' | 'closed' }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('data', () => resolve({ socket, outcome: 'served' }));
    socket.once('close', () => resolve({ socket, outcome: 'closed' }));
    socket.once('connect', () => socket.write('hello\n'));
  });
}

describe('ConnectionCeiling', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  it('closes a connection beyond the ceiling at once, and accepts again when one of them closes', async () => {
    const ceiling = new ConnectionCeiling(3, new Set());
    const { server, port } = await echoServer(ceiling);
    servers.push(server);
    const held = await Promise.all([probe(port), probe(port), probe(port)]);
    expect(held.map((h) => h.outcome)).toEqual(['served', 'served', 'served']);
    expect(ceiling.openFrom('127.0.0.1')).toBe(3);

    expect((await probe(port)).outcome).toBe('closed');
    expect(ceiling.openFrom('127.0.0.1')).toBe(3);

    held[0]!.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ceiling.openFrom('127.0.0.1')).toBe(2);
    const again = await probe(port);
    expect(again.outcome).toBe('served');
    for (const h of [...held, again]) h.socket.destroy();
  });

  it('does not count trusted proxies: an ingress carries many clients', async () => {
    const ceiling = new ConnectionCeiling(1, new Set(['127.0.0.1']));
    const { server, port } = await echoServer(ceiling);
    servers.push(server);
    const probes = await Promise.all([probe(port), probe(port), probe(port)]);
    expect(probes.map((p) => p.outcome)).toEqual(['served', 'served', 'served']);
    for (const p of probes) p.socket.destroy();
  });
});
