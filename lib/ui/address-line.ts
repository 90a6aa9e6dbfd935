import type { Address } from '../../protocol/sharing';

/** An address on one line as a shopper reads it: the recipient and phone, then the place, China's order first. */
export const addressLine = (address: Omit<Address, 'country'> & { country?: string }): string =>
  [address.name, address.phone, address.region, address.street, address.postcode].filter(Boolean).join(' · ');
