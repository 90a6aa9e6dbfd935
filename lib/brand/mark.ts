import markSvg from '../../assets/icon.svg?raw';

/**
 * The Pouch mark (assets/icon.svg, the same drawing as the toolbar icon) as an inline SVG element, for
 * the Pay and Sign-in buttons on a shop's page: its CSP may refuse images from data: URLs, but not
 * markup inside the button's shadow root. Parsed from the bundled file, never from the page.
 */
export function markElement(size: number): SVGSVGElement {
  const svg = new DOMParser().parseFromString(markSvg, 'image/svg+xml').documentElement as unknown as SVGSVGElement;
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}
