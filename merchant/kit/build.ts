/**
 * Builds the merchant kit package: ESM bundles with what they need from protocol/ inside (its
 * libraries stay dependencies), and one bundled declaration file per entry. `npm run build:kit`.
 */
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = import.meta.dirname;
const dist = resolve(root, 'dist');
const { dependencies } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies);
const entries = [
  { name: 'index', platform: 'node' as const },
  { name: 'browser', platform: 'browser' as const },
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
for (const { name, platform } of entries) {
  await build({
    entryPoints: [resolve(root, `src/${name}.ts`)],
    outfile: resolve(dist, `${name}.js`),
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    external,
    legalComments: 'none',
  });
}
const declarations = generateDtsBundle(
  entries.map(({ name }) => ({
    filePath: resolve(root, `src/${name}.ts`),
    libraries: { importedLibraries: external },
    output: { noBanner: true },
  })),
  { preferredConfigPath: resolve(root, 'tsconfig.json') },
);
entries.forEach(({ name }, i) => writeFileSync(resolve(dist, `${name}.d.ts`), declarations[i]!));
console.log(`merchant kit built in ${dist}`);
