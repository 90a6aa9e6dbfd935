import '../lib/zod-jitless';
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../lib/background';

// A classic script, not a module: WXT then builds the worker on its own, so it alone carries
// webextension-polyfill (wxt.config.ts) and the pages share no chunk with it.
export default defineBackground({
  main() {
    startBackground(import.meta.env.WXT_POUCH_PLATFORM_URL ?? 'http://localhost:8787');
  },
});
