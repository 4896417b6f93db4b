import { accessSync, constants } from 'node:fs';
import { z } from 'zod';

/**
 * A path to a file the process can read, checked once at start-up so that a typo in a certificate
 * or manifest path stops the gateway with the variable's name instead of failing on first use.
 */
export const readableFile = z.string().refine((path) => {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}, 'no readable file at this path');
