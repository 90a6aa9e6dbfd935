import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'platform',
          include: ['test/platform/**/*.test.ts'],
          globalSetup: ['test/support/system-packages.ts', 'test/support/postgres-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/system-packages.ts', 'test/support/build-extension.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium per file; two at once is what two cores carry.
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
