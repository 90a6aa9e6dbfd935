/** The layering docs/architecture.md describes: entrypoints → lib → protocol; the platform's faces → domain → db; platform and merchant apart from the extension. */
module.exports = {
  forbidden: [
    {
      name: 'protocol-is-the-bottom',
      comment: 'protocol/ holds shared schemas only; it imports no other part.',
      severity: 'error',
      from: { path: '^protocol/' },
      to: { path: '^(lib|entrypoints|platform|merchant)/' },
    },
    {
      name: 'lib-below-entrypoints',
      comment: 'lib/ is plain modules; entrypoints import lib, never the reverse.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(entrypoints|platform|merchant)/' },
    },
    {
      name: 'servers-apart-from-extension',
      comment: 'The platform and the merchant kit never import the extension.',
      severity: 'error',
      from: { path: '^(platform|merchant)/' },
      to: { path: '^(lib|entrypoints)/' },
    },
    {
      name: 'platform-and-merchant-apart',
      comment: 'A merchant talks to the platform over HTTP only.',
      severity: 'error',
      from: { path: '^merchant/' },
      to: { path: '^platform/' },
    },
    {
      name: 'product-never-imports-tests',
      comment: 'Test helpers and hostile pages live under test/; product code and scripts stand without them.',
      severity: 'error',
      from: { path: '^(scripts|entrypoints|lib|protocol|platform|merchant)/' },
      to: { path: '^test/' },
    },
    {
      name: 'platform-domain-below-its-faces',
      comment:
        "The platform's layers: its HTTP faces (routes/, the console) call the domain (wallets/, payments/, …), which calls db/; never back up.",
      severity: 'error',
      from: {
        path: '^platform/(wallets|payments|ledger|cards|loyalty|merchants|settlement|webhooks|login|egress|crypto|db)/',
      },
      to: { path: '^platform/(routes|console)/|^platform/(app|api|server|main)\\.ts$' },
    },
    {
      name: 'platform-db-at-the-bottom',
      comment: 'db/ is the schema, migrations, connection and SQL plumbing: it knows no domain module.',
      severity: 'error',
      from: { path: '^platform/db/' },
      to: { path: '^platform/(wallets|payments|ledger|cards|loyalty|merchants|settlement|webhooks|login|egress)/' },
    },
    {
      name: 'ui-apart-from-background',
      comment: 'Extension pages talk to the background by messages (lib/ui/messaging.ts), never by importing it.',
      severity: 'error',
      from: { path: '^lib/ui/' },
      to: { path: '^lib/background/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^merchant/kit/dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
