import type { Handlers } from '../router';
import { balanceTopUp, walletWithdraw, cardsAdd, cardsRemove, cardsSetDefault } from './cards';
import { devicesLinkCode, devicesList, devicesRevoke, pinChange, recoveryRenew } from './devices';
import { agreementsCancel, agreementsList, sheetAgree } from './agreements';
import { checkoutPay, checkoutTag } from './checkout';
import {
  passkeyList,
  passkeyOptions,
  passkeyRegister,
  passkeyRemove,
  walletPasskeyChallenge,
  walletUnlockMethods,
  walletUnlockWithPasskey,
} from './passkeys';
import {
  sharesList,
  sharesRevoke,
  sharingAddAddress,
  sharingContact,
  sharingLoad,
  sharingRemoveAddress,
  sharingUpdateAddress,
} from './sharing';
import { conversationLoad, conversationWrite } from './conversations';
import { escrowConfirm, escrowRequestRefund } from './escrow';
import { couponsClaim, inboxMarkRead, newsSubscription } from './loyalty';
import { merchantPage } from './merchant-page';
import { walletOverview } from './overview';
import { settingsNewsAlerts, settingsTopUpReview, settingsUpdate } from './settings';
import { sheetLoad, sheetPay } from './sheet';
import {
  connectionsList,
  connectionsRevoke,
  signInApprove,
  signInButton,
  signInLoad,
  signInStart,
  signInTag,
} from './sign-in';
import { transactionsExport, transactionsPage } from './transactions';
import { walletCreate, walletJoin } from './wallet-create';
import { settingsAutoLock, walletLock, walletResetPin, walletUnlock } from './wallet-lock';
import { walletRefresh } from './wallet-refresh';

export const handlers: Handlers = {
  'wallet.overview': walletOverview,
  'wallet.refresh': walletRefresh,
  'wallet.create': walletCreate,
  'wallet.join': walletJoin,
  'wallet.unlock': walletUnlock,
  'wallet.resetPin': walletResetPin,
  'wallet.lock': walletLock,
  'settings.autoLock': settingsAutoLock,
  'devices.list': devicesList,
  'devices.revoke': devicesRevoke,
  'devices.linkCode': devicesLinkCode,
  'recovery.renew': recoveryRenew,
  'pin.change': pinChange,
  'cards.setDefault': cardsSetDefault,
  'cards.remove': cardsRemove,
  'transactions.export': transactionsExport,
  'settings.update': settingsUpdate,
  'settings.newsAlerts': settingsNewsAlerts,
  'settings.topUpReview': settingsTopUpReview,
  'transactions.page': transactionsPage,
  'cards.add': cardsAdd,
  'balance.topup': balanceTopUp,
  'wallet.withdraw': walletWithdraw,
  'coupons.claim': couponsClaim,
  'news.subscription': newsSubscription,
  'inbox.markRead': inboxMarkRead,
  'escrow.confirm': escrowConfirm,
  'escrow.requestRefund': escrowRequestRefund,
  'conversation.load': conversationLoad,
  'conversation.write': conversationWrite,
  'merchant.page': merchantPage,
  'checkout.tag': checkoutTag,
  'checkout.pay': checkoutPay,
  'sheet.load': sheetLoad,
  'sheet.pay': sheetPay,
  'sheet.agree': sheetAgree,
  'agreements.list': agreementsList,
  'passkey.options': passkeyOptions,
  'passkey.register': passkeyRegister,
  'passkey.list': passkeyList,
  'passkey.remove': passkeyRemove,
  'wallet.passkeyChallenge': walletPasskeyChallenge,
  'wallet.unlockWithPasskey': walletUnlockWithPasskey,
  'wallet.unlockMethods': walletUnlockMethods,
  'sharing.load': sharingLoad,
  'sharing.addAddress': sharingAddAddress,
  'sharing.updateAddress': sharingUpdateAddress,
  'sharing.removeAddress': sharingRemoveAddress,
  'sharing.contact': sharingContact,
  'shares.list': sharesList,
  'shares.revoke': sharesRevoke,
  'agreements.cancel': agreementsCancel,
  'sign-in.tag': signInTag,
  'sign-in.button': signInButton,
  'sign-in.start': signInStart,
  'sign-in.load': signInLoad,
  'sign-in.approve': signInApprove,
  'connections.list': connectionsList,
  'connections.revoke': connectionsRevoke,
};
