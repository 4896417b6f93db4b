import type { FastifyInstance } from 'fastify';
import type { SandboxData } from '../data/SandboxData.js';
import type { SandboxCredentials } from '../SandboxSystem.js';
import { readAuthorization } from '../server/authorization.js';
import type { SystemServerOptions } from '../server/createSystemServer.js';
import { createSystemServer } from '../server/createSystemServer.js';
import { AUTHENTICATION_MESSAGE, crmProductError, hubspotError } from './hubspotErrors.js';
import { registerAssociationRoutes } from './registerAssociationRoutes.js';
import { registerCreateRoutes } from './registerCreateRoutes.js';
import { registerObjectRoutes } from './registerObjectRoutes.js';
import { registerOwnerRoutes } from './registerOwnerRoutes.js';
import { registerSearchRoutes } from './registerSearchRoutes.js';

export interface CrmServerOptions extends SystemServerOptions {
  data: SandboxData;
  credentials: SandboxCredentials['crm'];
}

/** A simulated HubSpot CRM (v3 objects and search, v4 associations, owners) authenticated by a private-app token. */
export function createCrmServer(options: CrmServerOptions): FastifyInstance {
  const { app } = createSystemServer({
    ...options,
    system: 'crm',
    productError: crmProductError,
    authenticate: (request) => {
      const presented = readAuthorization(request);
      if (presented.scheme === 'bearer' && presented.token === options.credentials.token) return undefined;
      return hubspotError(401, 'INVALID_AUTHENTICATION', AUTHENTICATION_MESSAGE);
    },
  });
  // Read at request time: a data reset swaps the dataset's tables in place.
  const getData = () => options.data.crm;
  registerObjectRoutes(app, getData);
  registerCreateRoutes(app, getData, options.clock);
  registerSearchRoutes(app, getData);
  registerAssociationRoutes(app, getData);
  registerOwnerRoutes(app, getData);
  return app;
}
