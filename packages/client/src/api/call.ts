import type { RequestOptions } from '../client/options.js';
import { ProxmoxValidationError } from '../errors/http.js';
import type { EndpointSpec, HttpMethod } from '../metadata/spec.js';
import { decodeValue } from './decode.js';
import { encodeCall } from './encode.js';
import { UnknownRouteError } from './errors.js';
import { type ApiMetadata, bundledMetadata, type EndpointTable } from './metadata.js';
import type { CallOptions, RequestFn } from './types.js';

/**
 * Checks parameters against an endpoint before they are sent: Proxmox's messages by parameter
 * name, or `undefined` (or an empty record) when the parameters are fine.
 */
export type ParameterValidator = (
  endpoint: EndpointSpec,
  params: Readonly<Record<string, unknown>>,
) => Readonly<Record<string, string>> | undefined;

export interface ApiOptions {
  /** Validate parameters client-side before sending; off by default, `CallOptions` overrides. */
  readonly validate?: boolean;
  /** The check `validate` runs; by default pvekit's own `validateParameters`. */
  readonly validator?: ParameterValidator;
  /** Another API version's metadata, as `pvekit codegen` writes it; by default the bundled. */
  readonly metadata?: ApiMetadata;
}

/** The single implementation behind both forms: route string in, decoded result out. */
export type Invoke = (
  route: string,
  params: Readonly<Record<string, unknown>> | undefined,
  options: CallOptions | undefined,
) => Promise<unknown>;

export function createInvoke(request: RequestFn, apiOptions: ApiOptions = {}): Invoke {
  const metadata = apiOptions.metadata ?? bundledMetadata;
  const knownRoutes = new Set(metadata.routeList);
  let endpoints: Promise<EndpointTable> | undefined;
  return async (route, params = {}, options = {}) => {
    const method = checkRoute(knownRoutes, route);
    endpoints ??= metadata.loadEndpoints();
    const endpoint = (await endpoints)[route] as EndpointSpec;
    if (options.validate ?? apiOptions.validate ?? false) {
      await validate(endpoint, params, apiOptions.validator);
    }
    const encoded = encodeCall(endpoint, params);
    const result = await request(method, encoded.path, encoded.params, requestOptions(options));
    return endpoint.returnsUpid === true ? result : decodeValue(endpoint.returns, result);
  };
}

function checkRoute(knownRoutes: ReadonlySet<string>, route: string): HttpMethod {
  if (knownRoutes.has(route)) return route.slice(0, route.indexOf(' ')) as HttpMethod;
  const hint = /^(GET|POST|PUT|DELETE) \//.test(route)
    ? 'check the path template against the API viewer (parameters as {name})'
    : "write it as 'METHOD /path', e.g. 'GET /nodes/{node}/qemu'";
  throw new UnknownRouteError(route, hint);
}

async function validate(
  endpoint: EndpointSpec,
  params: Readonly<Record<string, unknown>>,
  validator: ParameterValidator | undefined,
): Promise<void> {
  // Imported on first use: the validator brings the property-string formats with it.
  const check = validator ?? (await import('../formats/validate.js')).validateParameters;
  const errors = check(endpoint, params);
  if (errors === undefined || Object.keys(errors).length === 0) return;
  // The same error a server 400 "Parameter verification failed." produces.
  throw new ProxmoxValidationError({
    status: 400,
    method: endpoint.method,
    path: endpoint.path,
    serverMessage: 'Parameter verification failed.',
    errors,
  });
}

/** The RequestFn sees its own options only, never `validate`. */
function requestOptions(options: CallOptions): RequestOptions | undefined {
  const { validate: _validate, ...rest } = options;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
