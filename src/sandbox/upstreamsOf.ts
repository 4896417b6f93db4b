import type { Sandbox } from './startSandbox.js';

/** The sandbox's five systems as gateway upstreams, for `withUpstreams`. */
export function upstreamsOf(sandbox: Sandbox) {
  return {
    crm: { baseUrl: sandbox.urls.crm, credentials: sandbox.credentials.crm },
    erp: { baseUrl: sandbox.urls.erp, credentials: sandbox.credentials.erp },
    payments: { baseUrl: sandbox.urls.payments, credentials: sandbox.credentials.payments },
    shipping: { baseUrl: sandbox.urls.shipping, credentials: sandbox.credentials.shipping },
    einvoicing: { baseUrl: sandbox.urls.einvoicing, credentials: sandbox.credentials.einvoicing },
  };
}
