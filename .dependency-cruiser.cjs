/** The layering of DESIGN.md: entrypoints → lib → protocol; platform and merchant stand apart from the extension. */
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
