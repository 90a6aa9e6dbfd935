import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * How long the button must have been visible, unmoved and unresized before a click counts: a button
 * that appears or jumps under the cursor is not clicked.
 */
export const SETTLE_MS = 400;
/** How often the button's place is compared with where it settled. */
const WATCH_MS = 100;
const MIN_WIDTH = 40;
const MIN_HEIGHT = 20;

interface VisibilityEntry extends IntersectionObserverEntry {
  /** Intersection Observer v2 (Chromium): false when occluded, transparent, filtered or transformed. */
  readonly isVisible?: boolean;
}

/** A transform that only moves (no scale, skew or rotation that could shrink or disguise the button). */
function onlyMoves(transform: string): boolean {
  if (transform === 'none') return true;
  const m = /^matrix\(([^)]+)\)$/.exec(transform)?.[1]?.split(',').map(Number);
  return !!m && m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1;
}

/** No ancestor hides, fades, masks, clips, distorts or skips painting the button. */
function undisguised(element: Element | null): boolean {
  for (let node = element; node; node = node.parentElement) {
    const style = getComputedStyle(node) as CSSStyleDeclaration & { zoom?: string; contentVisibility?: string };
    if (
      Number(style.opacity) < 1 ||
      style.visibility !== 'visible' ||
      style.filter !== 'none' ||
      style.mixBlendMode !== 'normal' ||
      (style.maskImage && style.maskImage !== 'none') ||
      (style.getPropertyValue('-webkit-mask-image') || 'none') !== 'none' ||
      style.clipPath !== 'none' ||
      !onlyMoves(style.transform) ||
      (style.zoom !== undefined && style.zoom !== '1' && style.zoom !== 'normal') ||
      (style.contentVisibility !== undefined && style.contentVisibility !== 'visible')
    )
      return false;
  }
  return true;
}

/** Nothing but the button is hit at its centre and just inside its four corners. */
function onTop(host: HTMLElement, rect: DOMRect): boolean {
  const inset = 3;
  const points: [number, number][] = [
    [rect.left + rect.width / 2, rect.top + rect.height / 2],
    [rect.left + inset, rect.top + inset],
    [rect.right - inset, rect.top + inset],
    [rect.left + inset, rect.bottom - inset],
    [rect.right - inset, rect.bottom - inset],
  ];
  return points.every(([x, y]) => document.elementFromPoint(x, y) === host);
}

/**
 * The page's tricks that only a look at every element finds, in one pass at click time:
 * - a pointer hidden (`cursor: none`) or swapped for an image anywhere: the page can then draw a fake
 *   pointer beside the real one and aim the real one at the button while the shopper aims the fake at
 *   a decoy. No shop needs that next to a Pay button.
 * - with `covers` (no Intersection Observer v2, which would report it): an element over the button
 *   that lets clicks through (`pointer-events: none`), which hit tests pass by. Any such element
 *   overlapping the button, other than the button's own ancestors, counts as covering it.
 */
function pageTrick(host: HTMLElement, rect: DOMRect, covers: boolean): boolean {
  for (const element of document.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    if (style.cursor === 'none' || style.cursor.includes('url(')) return true;
    if (!covers || element === host || element.contains(host)) continue;
    const r = element.getBoundingClientRect();
    if (r.right <= rect.left || r.left >= rect.right || r.bottom <= rect.top || r.top >= rect.bottom) continue;
    if (style.pointerEvents === 'none') return true;
  }
  return false;
}

const samePlace = (a: DOMRect, b: DOMRect) =>
  Math.abs(a.x - b.x) < 1 &&
  Math.abs(a.y - b.y) < 1 &&
  Math.abs(a.width - b.width) < 1 &&
  Math.abs(a.height - b.height) < 1;

/**
 * Watches the pay button for clickjacking: hidden, transparent, masked, clipped, distorted, covered,
 * moved or resized under the cursor, outdone by a top-layer element, or on a page that hides or
 * replaces the pointer. Where the browser supports it,
 * Intersection Observer v2 reports occlusion by anything painted over the button, even elements that
 * let clicks through; where it does not (Firefox), the guard is stricter instead: the pointer must have
 * rested on the button for the settle time, and nothing that lets clicks through may overlap it.
 */
export function guardButton(host: HTMLElement, ctx: ContentScriptContext) {
  const supportsV2 =
    typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
  let visibleSince: number | null = supportsV2 ? null : performance.now();
  let settledAt = host.getBoundingClientRect();
  let hoverSince: number | null = null;
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
  // A move or a resize starts the settle time again. The context's timer ends with the extension's
  // content script (an update or uninstall), so none runs on in an open page.
  const watch = ctx.setInterval(() => {
    const now = host.getBoundingClientRect();
    if (samePlace(now, settledAt)) return;
    settledAt = now;
    if (visibleSince !== null) visibleSince = performance.now();
  }, WATCH_MS);
  const enter = () => (hoverSince = performance.now());
  const leave = () => (hoverSince = null);
  if (!supportsV2) {
    host.addEventListener('pointerenter', enter);
    host.addEventListener('pointerleave', leave);
  }

  return {
    /** Whether a click now can be trusted to be the user's informed choice. */
    safe(): boolean {
      const now = performance.now();
      if (!host.isConnected || visibleSince === null || now - visibleSince < SETTLE_MS) return false;
      if (!supportsV2 && (hoverSince === null || now - hoverSince < SETTLE_MS)) return false;
      const rect = host.getBoundingClientRect();
      if (!samePlace(rect, settledAt)) return false;
      if (!undisguised(host)) return false;
      if (rect.width < MIN_WIDTH || rect.height < MIN_HEIGHT) return false;
      if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= innerHeight || rect.left >= innerWidth) return false;
      if (!onTop(host, rect)) return false;
      if (pageTrick(host, rect, !supportsV2)) return false;
      const topLayer = document.querySelector(':modal, :popover-open, :fullscreen');
      return !topLayer || topLayer.contains(host);
    },
    stop() {
      observer.disconnect();
      clearInterval(watch);
      host.removeEventListener('pointerenter', enter);
      host.removeEventListener('pointerleave', leave);
    },
  };
}
