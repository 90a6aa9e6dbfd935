/** The partner id a shop puts on its pages: `<meta name="pouch-merchant" content="ID">`. */
export function merchantIdOnPage(doc: Document): string | null {
  const content = doc.querySelector('meta[name="pouch-merchant"]')?.getAttribute('content')?.trim();
  return content ? content.slice(0, 128) : null;
}
