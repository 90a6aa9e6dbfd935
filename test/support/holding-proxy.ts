import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A loopback proxy to the platform that can hold back one reply: the platform has done the work, the
 * caller has not heard. `hold` arms it for the next matching request; its reply then waits until
 * `release()` (delivered) or `drop()` (the connection is cut: the reply is lost).
 */
export async function holdingProxy(target: string) {
  let armed: ((method: string, path: string) => boolean) | null = null;
  let down = false;
  let heldReady!: () => void;
  let release!: (deliver: boolean) => void;
  let held = Promise.resolve();
  let released = Promise.resolve(true);
  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (down) return void req.socket.destroy();
    const payload = await body(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
    ) as Record<string, string>;
    const upstream = await fetch(new URL(req.url!, target), {
      method: req.method,
      headers,
      body: ['GET', 'HEAD'].includes(req.method!) ? undefined : new Uint8Array(payload),
    });
    const reply = Buffer.from(await upstream.arrayBuffer());
    if (armed?.(req.method!, req.url!)) {
      armed = null;
      heldReady();
      // Lost: the reply starts (so the browser cannot quietly resend the request) and is cut off.
      if (!(await released)) {
        res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': String(reply.length) });
        res.write(reply.subarray(0, 1));
        return void setTimeout(() => req.socket.destroy(), 50);
      }
    }
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers.entries()));
    res.end(reply);
  }
  // The platform gone mid-request (a test stopping it): the caller sees the connection cut.
  const server = createServer((req, res) => void forward(req, res).catch(() => req.socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    hold(match: (method: string, path: string) => boolean) {
      armed = match;
      held = new Promise<void>((r) => (heldReady = r));
      released = new Promise<boolean>((r) => (release = r));
    },
    /** While down, every connection is cut: the platform is unreachable. */
    setDown(value: boolean) {
      down = value;
    },
    /** Resolves once the platform has answered the held request. */
    get held() {
      return held;
    },
    release: () => release(true),
    drop: () => release(false),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
