import { GATEWAY_VERSION } from '../../config/version.js';

export const commonResolvers = {
  Query: {
    gatewayVersion: () => GATEWAY_VERSION,
  },
};
