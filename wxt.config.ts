import { defineConfig } from 'wxt';

export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  manifest: {
    name: '__MSG_appName__',
    description: '__MSG_appDescription__',
    default_locale: 'en',
    // alarms and notifications serve news alerts, off until the user turns them on in the inbox.
    permissions: ['storage', 'alarms', 'notifications'],
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
});
