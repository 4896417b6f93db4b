import { GATEWAY_VERSION } from '../../version.js';

export const commonResolvers = {
  Query: {
    gatewayVersion: () => GATEWAY_VERSION,
  },
};
