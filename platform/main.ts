import { mkdirSync } from 'node:fs';
import { configFromEnv } from './config';
import { startPlatform } from './server';

const config = configFromEnv();
if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
const running = await startPlatform(config, config.port, { hostname: process.env.HOST ?? '127.0.0.1' });
console.log(
  `Pouch platform on ${config.publicUrl} (${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}); docs at ${config.publicUrl}/docs, merchant console at ${config.publicUrl}/console`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
