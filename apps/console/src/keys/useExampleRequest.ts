import { useQueries } from '@tanstack/react-query';
import { useApi } from '../session/session';
import {
  exampleRequest,
  firstAllowedRequest,
  instanceCollections,
  type ExampleRequest,
  type Grant,
} from './grants';

/**
 * The "try it" request for a key. When every route the key may use names an instance (a key limited
 * to `/v1/projects/*`), the organisation's items are listed with the signed-in user's session so the
 * example calls one that exists; failing that it keeps a `{id}` to fill in.
 */
export function useExampleRequest(grant: Grant): ExampleRequest {
  const api = useApi();
  const collections = firstAllowedRequest(grant) ? [] : instanceCollections(grant);
  const lists = useQueries({
    queries: collections.map(({ prefix, path }) => ({
      queryKey: ['sample-instances', path],
      staleTime: 60_000,
      queryFn: async () => {
        // The collection's path comes from the route table, so the SDK's typed paths cannot name it.
        const { data } = await api.sdk.GET(path as '/v1/projects', { params: { query: { limit: 100 } } });
        const ids = (data?.data ?? []).map((row) => row.id);
        return [prefix, ids] as const;
      },
    })),
  });
  const samples = new Map(lists.flatMap((list) => (list.data ? [list.data] : [])));
  return exampleRequest(grant, samples);
}
