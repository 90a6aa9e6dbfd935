import '../lib/zod-jitless';
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../lib/background';

export default defineBackground({
  type: 'module',
  main() {
    startBackground(import.meta.env.WXT_POUCH_PLATFORM_URL ?? 'http://localhost:8787');
  },
});
