/**
 * A small HTTP reverse proxy on loopback that sends each request to the next backend in
 * turn, skipping a backend that refuses the connection, as a Service with several
 * endpoints does. Streams both ways (live streams pass through unbuffered).
 */
import http from 'node:http';

export interface RoundRobinProxy {
  url: string;
  /** Backend ports in the order requests were sent to them. */
  readonly served: number[];
  close: () => Promise<void>;
}

export async function startRoundRobinProxy(backends: number[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served: number[] = [];
  const open = new Set<http.ServerResponse>();

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, tries: number) => {
    const port = backends[next++ % backends.length] as number;
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      served.push(port);
      res.writeHead(up.statusCode ?? 502, up.headers);
      res.flushHeaders();
      up.pipe(res);
      // A backend that dies mid-response ends the client's response too (as a real proxy would).
      up.on('error', () => res.destroy());
      up.on('aborted', () => res.destroy());
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
      } else if (err.code === 'ECONNREFUSED' && tries + 1 < backends.length) {
        forward(req, res, body, tries + 1);
      } else {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`no backend: ${err.code ?? err.message}\n`);
      }
    });
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
