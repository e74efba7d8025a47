import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_URL_LENGTH } from '@latchkey/contracts';
import { answerClientError, answerFrameworkError, refuseBadUrl } from './http-edges';

/** Sends raw bytes and reads the whole answer (the server closes after a client error). */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.write(bytes);
  });
}

function parse(answer: string): { status: number; headers: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    headers: head.toLowerCase(),
    body: JSON.parse(body) as Record<string, unknown>,
  };
}

describe("refusals before any route: Node's parser and Fastify's router", () => {
  let server: FastifyInstance;
  let port = 0;

  beforeAll(async () => {
    server = Fastify({ clientErrorHandler: answerClientError, frameworkErrors: answerFrameworkError });
    server.addHook('onRequest', refuseBadUrl);
    server.get('/things/:id', async () => ({ ok: true }));
    await server.listen({ port: 0, host: '127.0.0.1' });
    port = (server.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await server.close();
  });

  it('headers past the limit: 431 problem+json with a code and a request id', async () => {
    const answer = parse(
      await rawRequest(port, `GET /things/1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(answer.status).toBe(431);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(answer.body).toMatchObject({
      status: 431,
      code: 'headers_too_large',
      request_id: expect.any(String),
    });
  });

  it('a request line past the limit: 414, whatever the path', async () => {
    const answer = parse(
      await rawRequest(port, `GET /things/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
    );
    expect(answer.status).toBe(414);
    expect(answer.body).toMatchObject({ code: 'uri_too_long' });
  });

  it('a request that does not arrive in time: 408 problem+json, connection closed', async () => {
    const slow = Fastify({
      clientErrorHandler: answerClientError,
      requestTimeout: 300,
      http: { headersTimeout: 300, requestTimeout: 300, connectionsCheckingInterval: 50 },
    });
    slow.get('/', async () => ({ ok: true }));
    await slow.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port: slowPort } = slow.server.address() as { port: number };
      const answer = parse(await rawRequest(slowPort, 'GET / HTTP/1.1\r\nHost: x\r\n'));
      expect(answer.status).toBe(408);
      expect(answer.body).toMatchObject({ code: 'request_timeout', request_id: expect.any(String) });
    } finally {
      await slow.close();
    }
  });

  it('malformed HTTP: 400 problem+json', async () => {
    const answer = parse(await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_request' });
  });

  it("a path parameter past Fastify's maxParamLength: 414 problem+json that does not echo the path", async () => {
    const response = await server.inject({ method: 'GET', url: `/things/${'x'.repeat(101)}` });
    expect(response.statusCode).toBe(414);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'uri_too_long', request_id: expect.any(String) });
    expect(response.body).not.toContain('xxxxxxxx');
  });

  it('a malformed percent-encoding in the path: 400 problem+json', async () => {
    const response = await server.inject({ method: 'GET', url: '/things/%zz' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('a request target past MAX_URL_LENGTH: 414 problem+json before the handler; at the limit it is served', async () => {
    const atLimit = `/things/1?q=${'a'.repeat(MAX_URL_LENGTH - '/things/1?q='.length)}`;
    expect((await server.inject({ method: 'GET', url: atLimit })).statusCode).toBe(200);
    for (const url of [`${atLimit}b`, `/things/${'b/'.repeat(MAX_URL_LENGTH)}`]) {
      const response = await server.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(414);
      expect(response.json()).toMatchObject({ code: 'uri_too_long', request_id: expect.any(String) });
      expect(response.body).not.toContain('aaaaaaaa');
    }
  });

  it.each(['/things/a%00b', '/things/1?q=%00'])(
    'a NUL in the URL (%s): 400 before the handler',
    async (url) => {
      const response = await server.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'invalid_request' });
    },
  );
});
