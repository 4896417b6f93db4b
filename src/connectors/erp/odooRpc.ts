import { z } from 'zod';
import type { ErpCredentials } from '../../config/index.js';
import type { CallContext, UpstreamClient } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import { UpstreamError } from '../core/UpstreamError.js';

/** An Odoo domain in prefix notation: `[['state', '=', 'sale'], '|', [...], [...]]`. */
export type OdooDomain = ReadonlyArray<string | readonly [string, string, unknown]>;

const rpcErrorSchema = z.object({
  code: z.number().optional(),
  message: z.string(),
  data: z.looseObject({ name: z.string().optional(), message: z.string().optional() }).optional(),
});

const rpcResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  result: z.unknown().optional(),
  error: rpcErrorSchema.optional(),
});

/** The Odoo exception name, e.g. `odoo.exceptions.MissingError`, when an execute_kw call fails. */
export class OdooFault extends UpstreamError {
  constructor(
    readonly exception: string,
    message: string,
  ) {
    super({ system: 'erp', kind: 'rejected', message: `The erp system refused the request: ${message}`, upstreamCode: exception });
  }
}

export interface ExecuteOptions {
  /** Odoo has no idempotency keys: only calls that change nothing may be sent twice. Default true. */
  readonly idempotent?: boolean;
}

export interface OdooRpc {
  /** `object.execute_kw` as the logged-in user; logs in first (once) when needed. */
  executeKw(
    context: CallContext,
    model: string,
    method: string,
    args: unknown[],
    kwargs?: Record<string, unknown>,
    options?: ExecuteOptions,
  ): Promise<unknown>;
}

let nextRpcId = 1;

/** Odoo's JSON-RPC transport: every call is `POST /jsonrpc`, every failure an HTTP 200 with an `error`. */
export function createOdooRpc(client: UpstreamClient, credentials: ErpCredentials): OdooRpc {
  let uid: Promise<number> | undefined;

  async function call(context: CallContext, service: string, method: string, args: unknown[], label: string, idempotent = true) {
    const response = await client.request(context, {
      method: 'POST',
      path: 'jsonrpc',
      route: `POST /jsonrpc ${label}`,
      json: { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: nextRpcId++ },
      idempotent,
    });
    const body = parseUpstreamBody('erp', rpcResponseSchema, response.body, `to ${label}`);
    if (body.error) {
      const exception = body.error.data?.name ?? 'odoo.exceptions.UserError';
      throw new OdooFault(exception, body.error.data?.message ?? body.error.message);
    }
    return body.result;
  }

  function login(context: CallContext): Promise<number> {
    uid ??= call(context, 'common', 'login', [credentials.db, credentials.username, credentials.password], 'common.login')
      .then((result) => {
        if (typeof result !== 'number') {
          throw new UpstreamError({
            system: 'erp',
            kind: 'rejected',
            message: `The erp system refused the login of "${credentials.username}" on database "${credentials.db}": check ERP_USERNAME and ERP_PASSWORD`,
          });
        }
        return result;
      })
      .catch((error: unknown) => {
        // A failed login must not be cached: the next request logs in again.
        uid = undefined;
        throw error;
      });
    return uid;
  }

  return {
    async executeKw(context, model, method, args, kwargs = {}, options = {}) {
      const userId = await login(context);
      try {
        return await call(
          context,
          'object',
          'execute_kw',
          [credentials.db, userId, credentials.password, model, method, args, kwargs],
          `object.execute_kw ${model} ${method}`,
          options.idempotent ?? true,
        );
      } catch (error) {
        if (error instanceof OdooFault && error.exception === 'odoo.exceptions.AccessDenied') uid = undefined;
        throw error;
      }
    },
  };
}
