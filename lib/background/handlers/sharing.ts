import { withPlatform } from '../platform-session';
import type { Handler } from '../router';

/**
 * The shopper's addresses and contact, and what each shop was given. The platform keeps them sealed
 * and decides who reads what; the wallet keeps no copy, so a lost browser holds none of them.
 */

export const sharingLoad: Handler<'sharing.load'> = (ctx) => withPlatform(ctx, (p, token) => p.sharing(token));

export const sharingAddAddress: Handler<'sharing.addAddress'> = (ctx, address) =>
  withPlatform(ctx, (p, token) => p.addAddress(token, address));

export const sharingUpdateAddress: Handler<'sharing.updateAddress'> = (ctx, { addressId, address }) =>
  withPlatform(ctx, (p, token) => p.updateAddress(token, addressId, address));

export const sharingRemoveAddress: Handler<'sharing.removeAddress'> = (ctx, { addressId }) =>
  withPlatform(ctx, (p, token) => p.removeAddress(token, addressId));

export const sharingContact: Handler<'sharing.contact'> = (ctx, { email }) =>
  withPlatform(ctx, (p, token) => p.setContact(token, email));

export const sharesList: Handler<'shares.list'> = (ctx) => withPlatform(ctx, (p, token) => p.shares(token));

export const sharesRevoke: Handler<'shares.revoke'> = (ctx, { merchantId }) =>
  withPlatform(ctx, (p, token) => p.revokeShares(token, merchantId));
