export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

const HTTP_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];

export function isHttpMethod(method: string): method is HttpMethod {
  return HTTP_METHODS.includes(method);
}
