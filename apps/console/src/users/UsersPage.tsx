import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { User, UserRole } from '../api/types';
import { canManage, useApi, useSession } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDate } from '../ui/format';
import { usePageTitle } from '../ui/page-title';

const ROLES: { role: UserRole; what: string }[] = [
  { role: 'owner', what: 'everything, including other owners' },
  { role: 'admin', what: 'manage keys, users, webhooks and policy' },
  { role: 'member', what: 'read data' },
  { role: 'viewer', what: 'read data' },
];

function AddUserForm({ onAdded }: { onAdded(): void }) {
  const api = useApi();
  const [values, setValues] = useState({ email: '', name: '', role: 'member' as UserRole, password: '' });
  const add = useMutation({
    mutationFn: () => api.users.create(values),
    onSuccess: () => (setValues({ email: '', name: '', role: 'member', password: '' }), onAdded()),
  });
  const set = (field: keyof typeof values, value: string) => setValues((v) => ({ ...v, [field]: value }));
  return (
    <form
      className="card inline-form"
      aria-labelledby="add-user-title"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h2 id="add-user-title">Add a user</h2>
      <label htmlFor="user-email">Email</label>
      <input
        id="user-email"
        type="email"
        required
        value={values.email}
        onChange={(e) => set('email', e.target.value)}
      />
      <label htmlFor="user-name">Name</label>
      <input id="user-name" required value={values.name} onChange={(e) => set('name', e.target.value)} />
      <label htmlFor="user-role">Role</label>
      <select id="user-role" value={values.role} onChange={(e) => set('role', e.target.value)}>
        {ROLES.map((r) => (
          <option key={r.role} value={r.role}>
            {r.role} — {r.what}
          </option>
        ))}
      </select>
      <label htmlFor="user-password">Initial password (at least 12 characters)</label>
      <input
        id="user-password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        value={values.password}
        onChange={(e) => set('password', e.target.value)}
      />
      <ErrorNotice error={add.error} />
      <button type="submit" className="primary" disabled={add.isPending}>
        Add user
      </button>
    </form>
  );
}

function UserRow({ user, self, onChanged }: { user: User; self: boolean; onChanged(): void }) {
  const api = useApi();
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.users.update(user.id, body),
    onSuccess: onChanged,
  });
  return (
    <tr>
      <td>{user.name}</td>
      <td>{user.email}</td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${user.id}`}>
          Role of {user.name}
        </label>
        <select
          id={`role-${user.id}`}
          value={user.role}
          disabled={self || update.isPending}
          onChange={(e) => update.mutate({ role: e.target.value })}
        >
          {ROLES.map((r) => (
            <option key={r.role} value={r.role}>
              {r.role}
            </option>
          ))}
        </select>
      </td>
      <td>{user.kind}</td>
      <td>{user.status}</td>
      <td>{formatDate(user.created_at)}</td>
      <td>
        {!self && (
          <button
            type="button"
            onClick={() => update.mutate({ status: user.status === 'active' ? 'disabled' : 'active' })}
            disabled={update.isPending}
          >
            {user.status === 'active' ? `Disable ${user.name}` : `Enable ${user.name}`}
          </button>
        )}
        <ErrorNotice error={update.error} />
      </td>
    </tr>
  );
}

export function UsersPage() {
  usePageTitle('Users and roles');
  const api = useApi();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const users = useInfiniteQuery({
    queryKey: ['users'],
    queryFn: ({ pageParam }) => api.users.list(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const changed = () => void queryClient.invalidateQueries({ queryKey: ['users'] });
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users and roles</h1>
      <ErrorNotice error={users.error} />
      <table>
        <caption className="visually-hidden">Members of your organisation</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.data?.pages
            .flatMap((p) => p.data)
            .map((user) => (
              <UserRow key={user.id} user={user} self={user.id === session?.userId} onChanged={changed} />
            ))}
        </tbody>
      </table>
      {users.hasNextPage && (
        <button type="button" onClick={() => users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          Load more users
        </button>
      )}
      {canManage(session?.role) && <AddUserForm onAdded={changed} />}
    </section>
  );
}
