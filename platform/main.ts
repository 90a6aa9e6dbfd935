import { mkdirSync } from 'node:fs';
import { ConfigError, configFromEnv } from './config';
import { startPlatform } from './server';

let config: ReturnType<typeof configFromEnv>;
try {
  config = configFromEnv();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
const running = await startPlatform(config, config.port, { hostname: config.host });
console.log(
  `Pouch platform on ${config.publicUrl} (${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}); docs at ${config.publicUrl}/docs, merchant console at ${config.publicUrl}/console`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
