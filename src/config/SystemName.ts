/** Which upstream system a connector speaks to. New systems add their name here. */
export type SystemName = 'crm' | 'erp' | 'payments' | 'shipping';

export const SYSTEM_NAMES: readonly SystemName[] = ['crm', 'erp', 'payments', 'shipping'];
