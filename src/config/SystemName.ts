import { SYSTEM_SETTINGS } from './systemSettings.js';

/** Which upstream system a connector speaks to: one of the entries of SYSTEM_SETTINGS. */
export type SystemName = keyof typeof SYSTEM_SETTINGS;

export const SYSTEM_NAMES: readonly SystemName[] = Object.keys(SYSTEM_SETTINGS) as SystemName[];
