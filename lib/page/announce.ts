/** Firefox's way to hand an object from a content script to the page's own JavaScript. */
declare const cloneInto: (<T>(value: T, scope: Window) => T) | undefined;

type PageEvent = 'pouch:paid' | 'pouch:agreed' | 'pouch:failed' | 'pouch:signed-in' | 'pouch:sign-in-failed';

/** Tells the page, on the tag element, how a checkout or sign-in went. */
export function announce(element: Element, name: PageEvent, detail: Record<string, string>): void {
  // The page reads the detail from another JavaScript world: hand it over as a plain, cloned object.
  const cloned = typeof cloneInto === 'function' ? cloneInto(detail, window) : detail;
  element.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: cloned }));
}
