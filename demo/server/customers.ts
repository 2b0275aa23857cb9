import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** A customer of the demo ASP (its own account, not a Sinch or Meta one). */
export interface Customer {
  /** The ASP's customer ID: the session token's `sub`. */
  id: string;
  /** Business name: the session token's `name`, used as the subproject's display name. */
  name: string;
}

/** The sample customers the demo can "log in" as; the first is the default. */
export const SAMPLE_CUSTOMERS: readonly Customer[] = [
  { id: 'acme-bakery', name: 'Acme Bakery' },
  { id: 'blue-harbor-travel', name: 'Blue Harbor Travel' },
  { id: 'nordlicht-optik', name: 'Nordlicht Optik GmbH' },
];

const ID_COOKIE = 'demo_customer';
const NAME_COOKIE = 'demo_customer_name';
/** Customer IDs the demo accepts: short, URL- and label-safe. */
const CUSTOMER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** True when `id` is a customer ID the demo accepts. */
export function isCustomerId(id: string): boolean {
  return CUSTOMER_ID.test(id);
}

/** A readable business name for a customer ID that is not one of the samples (`e2e-cafe` → `E2e Cafe`). */
function nameFromId(id: string): string {
  return id
    .split('-')
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** The customer the browser is "logged in" as (cookie), or the default sample customer. */
export function currentCustomer(c: Context): Customer {
  const id = getCookie(c, ID_COOKIE);
  if (!id || !isCustomerId(id)) return SAMPLE_CUSTOMERS[0] as Customer;
  const sample = SAMPLE_CUSTOMERS.find((customer) => customer.id === id);
  if (sample) return sample;
  const name = getCookie(c, NAME_COOKIE)?.trim();
  return { id, name: name && name.length <= 80 ? name : nameFromId(id) };
}

/** "Logs in" as `customer`: the demo's stand-in for the ASP's own sign-in. */
export function logIn(c: Context, customer: Customer): void {
  const options = { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 30 * 86_400 } as const;
  setCookie(c, ID_COOKIE, customer.id, options);
  setCookie(c, NAME_COOKIE, customer.name, options);
}
