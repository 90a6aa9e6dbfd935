/**
 * Browser helper for single-page shops: put a checkout tag on the page and hear how it ended.
 * Pouch's extension finds the tag, shows its own "Pay with Pouch" button next to it, and fires
 * `pouch:paid` or `pouch:failed` on the tag element. Ship orders on the signed webhook, not on this event.
 */
export interface PaidDetail {
  paymentId: string;
  receipt: string;
}
export interface FailedDetail {
  reason: string;
  message?: string;
}

export function placeCheckoutTag(
  container: Element,
  tag: string,
  handlers: { onPaid?: (detail: PaidDetail) => void; onFailed?: (detail: FailedDetail) => void } = {},
): HTMLScriptElement {
  const element = document.createElement('script');
  element.type = 'application/pouch-checkout+jws';
  element.textContent = tag;
  element.addEventListener('pouch:paid', (event) => handlers.onPaid?.((event as CustomEvent<PaidDetail>).detail));
  element.addEventListener('pouch:failed', (event) => handlers.onFailed?.((event as CustomEvent<FailedDetail>).detail));
  container.append(element);
  return element;
}
