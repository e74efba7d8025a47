import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiKey, User } from '../api/types';
import type { ListPage } from '../api/client';
import { useApi } from '../session/session';

/**
 * Who and what the trail's ids stand for: the organisation's users and keys, read through the
 * same list calls the Users and Keys pages make (owners and admins, the only roles shown the
 * audit page, may make both), cached by TanStack Query. An id not found (a removed user, a
 * deleted key) stays shown as the id.
 */
export interface Directory {
  user(id: string): User | undefined;
  key(id: string): ApiKey | undefined;
  userByEmail(email: string): User | undefined;
  keysNamed(name: string): ApiKey[];
  ready: boolean;
  /** The directory once every name has arrived (the lists in flight are awaited, not refetched). */
  load(): Promise<Directory>;
}

/** Enough pages for any organisation the console serves; beyond it ids stay ids. */
const MAX_PAGES = 50;

async function everyPage<T>(list: (cursor?: string) => Promise<ListPage<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await list(cursor);
    all.push(...page.data);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return all;
}

export function makeDirectory(
  users: readonly User[],
  keys: readonly ApiKey[],
  ready = true,
  load?: () => Promise<Directory>,
): Directory {
  const usersById = new Map(users.map((u) => [u.id, u]));
  const keysById = new Map(keys.map((k) => [k.id, k]));
  const usersByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  return {
    user: (id) => usersById.get(id),
    key: (id) => keysById.get(id),
    userByEmail: (email) => usersByEmail.get(email.trim().toLowerCase()),
    keysNamed: (name) => {
      const wanted = name.trim().toLowerCase();
      return keys.filter((k) => k.name.toLowerCase() === wanted);
    },
    ready,
    load() {
      return load ? load() : Promise.resolve(this);
    },
  };
}

export function useDirectory(): Directory {
  const api = useApi();
  const queryClient = useQueryClient();
  const staleTime = 60_000;
  const usersQuery = {
    queryKey: ['audit-directory', 'users'],
    queryFn: () => everyPage((cursor) => api.users.list(cursor)),
    staleTime,
  };
  const keysQuery = {
    queryKey: ['audit-directory', 'keys'],
    queryFn: () => everyPage((cursor) => api.keys.list({ limit: 100, cursor })),
    staleTime,
  };
  const users = useQuery(usersQuery);
  const keys = useQuery(keysQuery);
  const ready = users.isSuccess && keys.isSuccess;
  return useMemo(() => {
    const load = async () => {
      const [u, k] = await Promise.all([
        queryClient.ensureQueryData(usersQuery),
        queryClient.ensureQueryData(keysQuery),
      ]);
      return makeDirectory(u, k);
    };
    return makeDirectory(users.data ?? [], keys.data ?? [], ready, load);
    // The query options are rebuilt each render; what they read (api, client) is in the deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [users.data, keys.data, ready, api, queryClient]);
}
