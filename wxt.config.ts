import { createRequire } from 'node:module';
import { defineConfig } from 'wxt';

/** WXT's own `browser` (the browser's native, promise-based API), without the polyfill's alias. */
const NATIVE_BROWSER = createRequire(import.meta.url).resolve('wxt/browser');

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
    // A content script runs in every partner page, so it carries no polyfill (about 10 KB): the native
    // API is promise-based in both browsers for what it uses (runtime messages, i18n). Extension pages
    // and the worker keep webextension-polyfill, which answers runtime messages with promises in Chromium.
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((entry) => entry.type === 'content-script')) return;
      config.resolve ??= {};
      const alias = config.resolve.alias;
      const native = { find: /^wxt\/browser$/, replacement: NATIVE_BROWSER };
      config.resolve.alias = Array.isArray(alias)
        ? [native, ...alias]
        : [native, ...Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }))];
    },
  },
});
