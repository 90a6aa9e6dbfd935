/** How long the button must have been visible before a click counts: a button that appears under the cursor is not clicked. */
const SETTLE_MS = 400;

interface VisibilityEntry extends IntersectionObserverEntry {
  /** Intersection Observer v2 (Chromium): false when occluded, transparent, filtered or transformed. */
  readonly isVisible?: boolean;
}

function fullyOpaque(element: Element | null): boolean {
  for (let node = element; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (
      Number(style.opacity) < 1 ||
      style.visibility !== 'visible' ||
      style.filter !== 'none' ||
      style.mixBlendMode !== 'normal'
    )
      return false;
  }
  return true;
}

/**
 * Watches the pay button for clickjacking: hidden, transparent, covered, moved under the cursor, or
 * outdone by a top-layer element. Where the browser supports it, Intersection Observer v2 reports
 * occlusion by anything painted over the button, even elements that let clicks through.
 */
export function guardButton(host: HTMLElement) {
  const supportsV2 =
    typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
  let visibleSince: number | null = supportsV2 ? null : performance.now();
  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries.at(-1) as VisibilityEntry | undefined;
      if (!entry) return;
      const visible = supportsV2 ? entry.isVisible === true : entry.isIntersecting;
      if (!visible) visibleSince = null;
      else visibleSince ??= performance.now();
    },
    // trackVisibility and delay are Intersection Observer v2 options; other browsers ignore them.
    { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  observer.observe(host);

  return {
    /** Whether a click now can be trusted to be the user's informed choice. */
    safe(): boolean {
      if (!host.isConnected || visibleSince === null || performance.now() - visibleSince < SETTLE_MS) return false;
      if (!fullyOpaque(host)) return false;
      const rect = host.getBoundingClientRect();
      if (rect.width < 40 || rect.height < 20) return false;
      if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= innerHeight || rect.left >= innerWidth) return false;
      if (document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2) !== host) return false;
      const topLayer = document.querySelector(':modal, :popover-open');
      return !topLayer || topLayer.contains(host);
    },
    stop: () => observer.disconnect(),
  };
}
