import type { Handlers } from '../router';
import { merchantPage } from './merchant-page';
import { walletOverview } from './overview';
import { settingsUpdate } from './settings';
import { transactionsPage } from './transactions';
import { walletCreate } from './wallet-create';
import { walletRefresh } from './wallet-refresh';

export const handlers: Handlers = {
  'wallet.overview': walletOverview,
  'wallet.refresh': walletRefresh,
  'wallet.create': walletCreate,
  'settings.update': settingsUpdate,
  'transactions.page': transactionsPage,
  'merchant.page': merchantPage,
};
