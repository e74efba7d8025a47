// The least a gateway written in Node costs on this machine, as a peer in bench/gateway.mjs: a
// plain node:http server that looks the Authorization header up in a Map (key → signed principal,
// like nginx's `map`) and forwards to data-api with undici's dispatch over keep-alive. No Fastify,
// no key format or checksum, no scopes, paths, IPs, rate limit, usage or request id.
// node bench/bare-node-proxy.mjs '{"port":…,"upstream":"http://…","principals":{"Bearer …":"…"}}'
import { createServer } from 'node:http';
import { Pool } from 'undici';

const { port, upstream, principals } = JSON.parse(process.argv[2]);
const byAuthorization = new Map(Object.entries(principals));
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 10_000 });

createServer((req, res) => {
  const principal = byAuthorization.get(req.headers.authorization ?? '');
  if (!principal) {
    res.writeHead(401).end();
    return;
  }
  req.resume();
  const chunks = [];
  let status = 502;
  let headers = {};
  pool.dispatch(
    { path: req.url, method: req.method, headers: ['x-latchkey-principal', principal] },
    {
      onRequestStart() {
        // Nothing to prepare: the request goes upstream as it came, the response is buffered below.
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        const body = Buffer.concat(chunks);
        res.writeHead(status, {
          'content-type': headers['content-type'] ?? 'application/octet-stream',
          'content-length': body.length,
        });
        res.end(body);
      },
      onResponseError() {
        res.writeHead(502).end();
      },
    },
  );
}).listen(port, '127.0.0.1', () => console.log('listening'));
