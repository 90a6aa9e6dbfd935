import { createServer, type Server } from 'node:http';

interface Received {
  rawBody: string;
  /** Every header of the delivery, lower-cased, as a shop's server sees them. */
  headers: Record<string, string>;
  eventId: string | undefined;
}

/** A merchant's webhook endpoint on loopback that records what it gets; it can be told to fail first. */
export async function webhookReceiver(): Promise<{
  url: string;
  received: Received[];
  failNext(n: number): void;
  /** The first delivery whose body mentions `text` (a payment id), once it has arrived. */
  deliveryOf(text: string): Promise<Received>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('try later');
        return;
      }
      received.push({
        rawBody: body,
        headers: req.headers as Record<string, string>,
        eventId: req.headers['webhook-id'] as string,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks/pouch`,
    received,
    failNext: (n) => void (failures = n),
    async deliveryOf(text) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = received.find((r) => r.rawBody.includes(text));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no webhook delivery mentions ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
