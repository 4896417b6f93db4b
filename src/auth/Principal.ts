export type Role = 'ADMIN' | 'CLIENT';

/** Who is asking. Every request has one; without credentials it is the anonymous principal. */
export type Principal =
  | { readonly kind: 'anonymous'; readonly id: 'anonymous'; readonly role: null; readonly plan: 'free' }
  | { readonly kind: 'api_key'; readonly id: string; readonly name: string; readonly role: Role; readonly plan: string };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous', id: 'anonymous', role: null, plan: 'free' });
