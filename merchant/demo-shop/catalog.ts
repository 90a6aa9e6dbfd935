/** What the demo shop sells: the three things wallet users buy most. Prices in fen (CNY minor units). */
export interface Product {
  id: string;
  kind: 'phone' | 'game' | 'flight' | 'goods' | 'membership';
  name: string;
  detail: string;
  price: number;
  /** A membership renews each period by a Pouch password-free agreement; its price is the cap per period. */
  period?: 'month';
  /** Goods sent by post: the checkout asks the shopper to share a delivery address and a contact email. */
  ships?: true;
}

export const CATALOG: Product[] = [
  {
    id: 'phone-50',
    kind: 'phone',
    name: '¥50 mobile top-up',
    detail: 'Any Chinese mobile number, credited in minutes',
    price: 4_950,
  },
  {
    id: 'phone-100',
    kind: 'phone',
    name: '¥100 mobile top-up',
    detail: 'Any Chinese mobile number, credited in minutes',
    price: 9_800,
  },
  {
    id: 'game-680',
    kind: 'game',
    name: 'Jade Dragon Online — 680 points',
    detail: 'Point card code shown after payment',
    price: 6_800,
  },
  {
    id: 'game-1280',
    kind: 'game',
    name: 'Jade Dragon Online — 1280 points',
    detail: 'Point card code shown after payment',
    price: 12_800,
  },
  {
    id: 'flight-sha-pek',
    kind: 'flight',
    name: 'Shanghai → Beijing, economy',
    detail: 'Tomorrow 08:30, one adult, tax included',
    price: 68_000,
  },
  {
    id: 'flight-can-ctu',
    kind: 'flight',
    name: 'Guangzhou → Chengdu, economy',
    detail: 'Friday 19:10, one adult, tax included',
    price: 52_000,
  },
  {
    id: 'dragon-figurine',
    kind: 'goods',
    name: 'Jade Dragon figurine',
    detail: 'Hand-painted, 12 cm; posted to your address in 3 days',
    price: 8_800,
    ships: true,
  },
  {
    id: 'gold-monthly',
    kind: 'membership',
    name: 'Jade Dragon Gold membership',
    detail: 'Double points every day; renews each month by Pouch auto-pay, cancel any time in the wallet',
    price: 3_000,
    period: 'month',
  },
];

export const KIND_TITLES: Record<Product['kind'], string> = {
  phone: 'Mobile top-up',
  game: 'Game point cards',
  flight: 'Air tickets',
  goods: 'Delivered to your door',
  membership: 'Memberships',
};

export const productById = (id: string) => CATALOG.find((product) => product.id === id);
