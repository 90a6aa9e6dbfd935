import { z } from 'zod';
import { ShownTextSchema } from './shown-text';

/**
 * What a shop may ask a shopper for besides money — a delivery address, a contact email — and what it
 * gets: only what its tag asked for, only what the shopper chose in the sheet, and never in the page.
 */
export const ShareKindSchema = z.enum(['address', 'contact'], { error: 'expected "address" or "contact"' });
export type ShareKind = z.infer<typeof ShareKindSchema>;

const CHINA = 'CN';
const digitsOf = (phone: string) => phone.replace(/[\s-]/g, '');

/** A delivery address, China's format first (a mainland mobile number, a six-digit postcode); others allowed. */
export const AddressBodySchema = z
  .object({
    name: z.string().trim().pipe(ShownTextSchema(50, "expected the recipient's name")),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'expected a phone number: digits, spaces or dashes, maybe a leading +'),
    country: z
      .string()
      .trim()
      .regex(/^[A-Z]{2}$/, 'expected a two-letter country code such as CN')
      .default(CHINA),
    region: z.string().trim().pipe(ShownTextSchema(100, 'expected the province, city and district')),
    street: z.string().trim().pipe(ShownTextSchema(200, 'expected the street, building and unit')),
    postcode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 -]{3,10}$/, 'expected a postcode such as 200120')
      .optional(),
  })
  .strict()
  .refine((a) => a.country !== CHINA || /^1\d{10}$/.test(digitsOf(a.phone)), {
    path: ['phone'],
    message: 'expected an 11-digit mobile number for an address in China',
  })
  .refine((a) => a.country !== CHINA || !a.postcode || /^\d{6}$/.test(a.postcode), {
    path: ['postcode'],
    message: 'expected a six-digit postcode for an address in China',
  });
export type Address = z.infer<typeof AddressBodySchema>;
export const SavedAddressSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    country: z.string(),
    region: z.string(),
    street: z.string(),
    postcode: z.string().optional(),
  })
  .meta({ id: 'Address' });
export type SavedAddress = z.infer<typeof SavedAddressSchema>;

export const ContactBodySchema = z
  .object({ email: z.email({ error: 'expected an email address such as li.lei@example.com' }).max(200) })
  .strict();

/** The wallet's addresses and contact, as the shopper edits them and the sheet offers them. */
export const SharingSchema = z.object({
  addresses: z.array(SavedAddressSchema),
  contact: z.object({ email: z.string() }).nullable(),
});
export type Sharing = z.infer<typeof SharingSchema>;

/** What the shopper chose to share on a payment: the address picked, and whether the contact goes. */
export const ShareChoiceSchema = z
  .object({ addressId: z.string().min(1).max(100).optional(), contact: z.boolean().default(false) })
  .strict();

/** What the shop receives: exactly what was shared on that payment. */
export const SharedDetailsSchema = z
  .object({
    address: SavedAddressSchema.omit({ id: true }).optional(),
    contact: z.object({ email: z.string() }).optional(),
    /** Set when the shopper stopped sharing with this shop: what it was given is no longer served. */
    revokedAt: z.string().optional(),
  })
  .meta({ id: 'SharedDetails' });
export type SharedDetails = z.infer<typeof SharedDetailsSchema>;

/** The kinds a choice shares. */
export const kindsOf = (choice: { addressId?: string; contact?: boolean }): ShareKind[] => [
  ...(choice.addressId ? (['address'] as const) : []),
  ...(choice.contact ? (['contact'] as const) : []),
];

/** Per shop, what the shopper has given it, and whether it may still read it. */
export const ShareListSchema = z.object({
  items: z.array(
    z.object({
      merchantId: z.string(),
      merchantName: z.string(),
      kinds: z.array(ShareKindSchema),
      payments: z.number().int(),
      /** Sign-ins whose ID token carried shared details. */
      signIns: z.number().int(),
      lastSharedAt: z.string(),
      revokedAt: z.string().optional(),
    }),
  ),
});
