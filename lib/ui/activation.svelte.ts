/** How long Pouch's own windows must have been visible and focused before they take input. */
const ACTIVATION_DELAY_MS = 500;

/**
 * Arms a window's confirming button only once the window has been visible, and not blurred, for a
 * moment — as browsers do for permission prompts — and again after it loses and regains focus. A click
 * or key press that a page aimed at where the window would appear (a double click carried over) lands
 * on a button that is not yet active. Returns a reactive flag and a cleanup.
 */
export function activation(delayMs = ACTIVATION_DELAY_MS): { readonly armed: boolean; stop(): void } {
  let armed = $state(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const disarm = () => {
    clearTimeout(timer);
    armed = false;
  };
  const start = () => {
    disarm();
    if (document.visibilityState === 'visible') timer = setTimeout(() => (armed = true), delayMs);
  };
  const onVisibility = () => (document.visibilityState === 'visible' ? start() : disarm());
  window.addEventListener('blur', disarm);
  window.addEventListener('focus', start);
  document.addEventListener('visibilitychange', onVisibility);
  start();
  return {
    get armed() {
      return armed;
    },
    stop() {
      disarm();
      window.removeEventListener('blur', disarm);
      window.removeEventListener('focus', start);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
