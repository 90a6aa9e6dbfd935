import { createRequire } from 'node:module';
import type { InlineConfig } from 'vite';
import { defineConfig } from 'wxt';

/** WXT's own `browser` (the browser's native, promise-based API), without the polyfill's alias. */
const NATIVE_BROWSER = createRequire(import.meta.url).resolve('wxt/browser');

/**
 * The pages' build: Svelte's input and select bindings in a chunk of their own, loaded with the forms
 * that use them. Otherwise the chunk every page shares carries them into the popup's first load.
 */
const FORM_BINDINGS =
  /svelte[\\/]src[\\/]internal[\\/]client[\\/]dom[\\/]elements[\\/]bindings[\\/](input|select)\.js$/;

function splitFormBindings(config: InlineConfig): void {
  config.build ??= {};
  config.build.rolldownOptions ??= {};
  // Svelte declares no module free of side effects; these two are (functions and one empty Set), and
  // saying so lets the shared chunk leave them to the forms instead of importing them for their effects.
  const treeshake = config.build.rolldownOptions.treeshake;
  config.build.rolldownOptions.treeshake = {
    ...(typeof treeshake === 'object' ? treeshake : {}),
    moduleSideEffects: (id: string) => !FORM_BINDINGS.test(id),
  };
  const output = config.build.rolldownOptions.output;
  if (Array.isArray(output)) throw new Error('expected one output for the pages build');
  config.build.rolldownOptions.output = {
    ...output,
    codeSplitting: {
      groups: [{ name: 'form-bindings', includeDependenciesRecursively: false, test: FORM_BINDINGS }],
    },
  };
}

export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  manifest: {
    name: '__MSG_appName__',
    description: '__MSG_appDescription__',
    default_locale: 'en',
    // alarms and notifications serve news alerts, off until the user turns them on in the inbox.
    // scripting registers the checkout script on partner origins only (lib/background/checkout-script.ts).
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    action: { default_title: 'Pouch' },
    browser_specific_settings: {
      gecko: {
        id: 'wallet@pouch.example',
        strict_min_version: '140.0',
        // Cards are sent once to the platform to be tokenized; the payment PIN authenticates payments.
        data_collection_permissions: { required: ['financialAndPaymentInfo', 'authenticationInfo'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  },
  hooks: {
    'vite:build:extendConfig'(entrypoints, config) {
      // The worker (a classic script, so built on its own) keeps webextension-polyfill: it answers
      // runtime messages by returning promises, which Chromium's listeners do not take. Pages and
      // content scripts use the native API, promise-based in both browsers for what they call, and
      // skip the polyfill's 11 KB (the content script runs in every partner page).
      if (entrypoints.some((entry) => entry.type === 'background')) return;
      config.resolve ??= {};
      const alias = config.resolve.alias;
      const native = { find: /^wxt\/browser$/, replacement: NATIVE_BROWSER };
      config.resolve.alias = Array.isArray(alias)
        ? [native, ...alias]
        : [native, ...Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }))];
      if (entrypoints.some((entry) => entry.type === 'popup')) splitFormBindings(config);
    },
  },
});
