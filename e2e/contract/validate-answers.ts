import { DocumentedResponses } from './documented-responses';

/**
 * Jest setup for the e2e tier: every answer a test receives from a stack's gateway is checked
 * against the documented contract (see documented-responses.ts). An answer the document does not
 * describe fails the call that received it, with what differs. Streams (SSE, CSV, NDJSON) are
 * checked for status and media type; their bodies are left to the test that reads them.
 */

// On globalThis: the setup file and the fixture share it even if Jest loaded this module twice.
const registry = globalThis as typeof globalThis & { latchkeyCheckedGateways?: Set<string> };
const gateways = (registry.latchkeyCheckedGateways ??= new Set<string>());

/** Called by the stack fixture: answers from this origin are checked. */
export function checkAnswersFrom(gatewayUrl: string): void {
  gateways.add(new URL(gatewayUrl).origin);
}

let documented: DocumentedResponses | undefined;
const realFetch = globalThis.fetch;

function requestOf(input: Parameters<typeof fetch>[0], init?: RequestInit): { url: URL; method: string } {
  if (input instanceof Request) return { url: new URL(input.url), method: init?.method ?? input.method };
  return { url: new URL(String(input)), method: init?.method ?? 'GET' };
}

globalThis.fetch = async function checkedFetch(input, init) {
  const response = await realFetch(input, init);
  const { url, method } = requestOf(input, init);
  if (!gateways.has(url.origin)) return response;
  documented ??= new DocumentedResponses();
  const contentType = response.headers.get('content-type');
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  const readable = mediaType === 'application/json' || mediaType === 'application/problem+json';
  const body = readable ? await response.clone().text() : undefined;
  const { problems } = documented.check(method, url.pathname, response.status, contentType, body);
  if (problems.length > 0) {
    throw new Error(`answer outside the documented contract: ${problems.join('; ')}`);
  }
  return response;
};
