import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { MANAGING_ROLES } from '@latchkey/contracts';
import type { ListPage } from '../api/client';
import type { User, UserRole } from '../api/types';
import { can, useApi, useSession } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FormErrorSummary, useFieldErrors } from '../ui/form-errors';
import { formatDate } from '../ui/format';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/TextField';
import './users.css';

/** Who may change members and roles here: the shell's abilities (members and viewers only look). */
export function mayManageUsers(role: UserRole | undefined): boolean {
  return can(role, 'users:manage');
}

const ROLES: { role: UserRole; what: string }[] = [
  { role: 'owner', what: 'everything, including other owners' },
  { role: 'admin', what: 'manage keys, users, webhooks and policy' },
  { role: 'member', what: 'read data' },
  { role: 'viewer', what: 'read data' },
];

/** What a role change means for the person, in a sentence the confirmation states. */
export function roleConsequence(name: string, from: UserRole, to: UserRole): string {
  const manages = (role: UserRole) => MANAGING_ROLES.includes(role);
  if (to === 'owner') return `${name} will be able to do everything, including managing other owners.`;
  if (to === 'admin')
    return from === 'owner'
      ? `${name} will no longer be an owner: they will still manage keys, users, webhooks and policy, but not owners.`
      : `${name} will be able to manage keys, users, webhooks and policy.`;
  return manages(from)
    ? `${name} will no longer be able to manage keys, users, webhooks or policy; they will only read data.`
    : `${name} will be able to read data, and nothing more.`;
}

const USER_LABELS = { email: 'Email', name: 'Name', role: 'Role', password: 'Initial password' } as const;

function AddUserForm({ onAdded }: { onAdded(user: User): void }) {
  const api = useApi();
  const blank = { email: '', name: '', role: 'member' as UserRole, password: '' };
  const [values, setValues] = useState(blank);
  const add = useMutation({
    mutationFn: () => api.users.create(values),
    onSuccess: (user) => {
      setValues(blank);
      toast.success(`${user.name} was added as ${user.role}.`);
      onAdded(user);
    },
  });
  const errors = useFieldErrors(add.error, USER_LABELS);
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
      <TextField
        id="user-email"
        label="Email"
        type="email"
        required
        value={values.email}
        onChange={(v) => set('email', v)}
        error={errors.of('email')}
      />
      <TextField
        id="user-name"
        label="Name"
        required
        value={values.name}
        onChange={(v) => set('name', v)}
        error={errors.of('name')}
      />
      <label htmlFor="user-role">Role</label>
      <select id="user-role" value={values.role} onChange={(e) => set('role', e.target.value)}>
        {ROLES.map((r) => (
          <option key={r.role} value={r.role}>
            {r.role} — {r.what}
          </option>
        ))}
      </select>
      <TextField
        id="user-password"
        label="Initial password (at least 12 characters)"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        value={values.password}
        onChange={(v) => set('password', v)}
        error={errors.of('password')}
      />
      <FormErrorSummary errors={errors} />
      <button type="submit" className="primary" disabled={add.isPending}>
        Add user
      </button>
    </form>
  );
}

type Change = { role: UserRole } | { status: User['status'] };

function UserRow({
  user,
  self,
  manage,
  onSaved,
}: {
  user: User;
  self: boolean;
  manage: boolean;
  onSaved(user: User): void;
}) {
  const api = useApi();
  // The change the person picked, asked about before anything is saved.
  const [asked, setAsked] = useState<Change>();
  const update = useMutation({
    mutationFn: (change: Change) => api.users.update(user.id, change),
    onSuccess: (saved, change) => {
      setAsked(undefined);
      toast.success(
        'role' in change
          ? `${saved.name} is now ${saved.role === 'admin' || saved.role === 'owner' ? 'an' : 'a'} ${saved.role}.`
          : `${saved.name} was ${saved.status === 'active' ? 'enabled' : 'disabled'}.`,
      );
      onSaved(saved);
    },
  });
  const cancel = () => {
    setAsked(undefined);
    update.reset();
  };
  const shownRole = asked && 'role' in asked ? asked.role : user.role;
  const disabling = user.status === 'active';
  return (
    <tr>
      <td data-label="Name" className="user-name">
        {user.name}
      </td>
      <td data-label="Email" className="user-email">
        {user.email}
      </td>
      <td data-label="Role">
        {manage && !self ? (
          <>
            <label className="visually-hidden" htmlFor={`role-${user.id}`}>
              Role of {user.name}
            </label>
            <select
              id={`role-${user.id}`}
              value={shownRole}
              disabled={update.isPending}
              // Only asks: the change is saved once confirmed, so an arrow key never saves a role.
              onChange={(e) => setAsked({ role: e.target.value as UserRole })}
            >
              {ROLES.map((r) => (
                <option key={r.role} value={r.role}>
                  {r.role}
                </option>
              ))}
            </select>
          </>
        ) : (
          user.role
        )}
      </td>
      <td data-label="Kind">{user.kind}</td>
      <td data-label="Status">{user.status}</td>
      <td data-label="Added">{formatDate(user.created_at)}</td>
      <td data-label="Actions" className="actions">
        {manage && !self && (
          <button
            type="button"
            className={disabling ? 'danger' : undefined}
            onClick={() => setAsked({ status: disabling ? 'disabled' : 'active' })}
            disabled={update.isPending}
          >
            {disabling ? `Disable ${user.name}` : `Enable ${user.name}`}
          </button>
        )}
        <ConfirmDialog
          open={asked !== undefined}
          title={
            asked && 'role' in asked
              ? `Make ${user.name} ${asked.role === 'admin' || asked.role === 'owner' ? 'an' : 'a'} ${asked.role}?`
              : `${disabling ? 'Disable' : 'Enable'} ${user.name}?`
          }
          consequence={
            asked && 'role' in asked
              ? roleConsequence(user.name, user.role, asked.role)
              : disabling
                ? `${user.name} will be signed out and can no longer sign in or use their tokens.`
                : `${user.name} will be able to sign in again, as ${user.role}.`
          }
          confirmLabel={
            asked && 'role' in asked
              ? `Make ${asked.role}`
              : disabling
                ? `Disable ${user.name}`
                : `Enable ${user.name}`
          }
          danger={asked !== undefined && 'status' in asked && asked.status === 'disabled'}
          pending={update.isPending}
          error={update.error}
          onConfirm={() => asked && update.mutate(asked)}
          onCancel={cancel}
        />
      </td>
    </tr>
  );
}

export function UsersPage() {
  usePageTitle('Users and roles');
  const api = useApi();
  const { session } = useSession();
  const manage = mayManageUsers(session?.role);
  const queryClient = useQueryClient();
  const users = useInfiniteQuery({
    queryKey: ['users'],
    queryFn: ({ pageParam }) => api.users.list(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const added = () => void queryClient.invalidateQueries({ queryKey: ['users'] });
  // The saved user replaces its row at once: the list never shows the old role after the toast.
  const saved = (user: User) =>
    queryClient.setQueryData<InfiniteData<ListPage<User>>>(
      ['users'],
      (data) =>
        data && {
          ...data,
          pages: data.pages.map((p) => ({ ...p, data: p.data.map((u) => (u.id === user.id ? user : u)) })),
        },
    );
  return (
    <section aria-labelledby="users-title" className="users-page">
      <h1 id="users-title">Users and roles</h1>
      {!manage && <p>You can see who is in your organisation; owners and admins change roles.</p>}
      <ErrorNotice error={users.error} />
      <div className="users-table">
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
                <UserRow
                  key={user.id}
                  user={user}
                  self={user.id === session?.userId}
                  manage={manage}
                  onSaved={saved}
                />
              ))}
          </tbody>
        </table>
      </div>
      {users.hasNextPage && (
        <button type="button" onClick={() => users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          Load more users
        </button>
      )}
      {manage && <AddUserForm onAdded={added} />}
    </section>
  );
}
