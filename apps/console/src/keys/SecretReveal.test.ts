import { describe, expect, it } from 'vitest';
import { curlExample, exampleRequest } from './SecretReveal';

describe('the curl example', () => {
  it('reads the first list route the scopes cover', () => {
    expect(exampleRequest({ scopes: ['leads:read'] })).toEqual({ method: 'GET', path: '/v1/leads' });
    expect(exampleRequest({ scopes: ['*'] })).toEqual({ method: 'GET', path: '/v1/projects' });
    expect(exampleRequest({ scopes: ['invoices:*'] })).toEqual({ method: 'GET', path: '/v1/invoices' });
  });

  it('calls the bound instance for an instance-bound scope', () => {
    expect(exampleRequest({ scopes: ['projects:read@prj_42'] })).toEqual({
      method: 'GET',
      path: '/v1/projects/prj_42',
    });
  });

  it('stays inside the allowed paths', () => {
    expect(exampleRequest({ scopes: ['*'], allowed_paths: ['/v1/invoices', '/v1/invoices/*'] })).toEqual({
      method: 'GET',
      path: '/v1/invoices',
    });
    expect(
      exampleRequest({ scopes: ['webhooks:write@whc_1'], allowed_paths: ['/v1/webhooks/whc_1/*'] }),
    ).toEqual({ method: 'POST', path: '/v1/webhooks/whc_1/events' });
  });

  it('posts JSON for a write-only key', () => {
    const request = exampleRequest({ scopes: ['leads:write'] });
    expect(request).toEqual({ method: 'POST', path: '/v1/leads' });
    expect(curlExample('https://gw', 'lk_live_x', request)).toBe(
      "curl -s -X POST https://gw/v1/leads \\\n  -H 'Authorization: Bearer lk_live_x' \\\n  -H 'content-type: application/json' -d '{}'",
    );
  });
});
