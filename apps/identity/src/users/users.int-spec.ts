import { createUserRequest, listUsersQuery } from '@latchkey/api-routes';
import type { UserRole } from '@latchkey/contracts';
import type { AuthenticatedUser } from '../access';
import { OrganisationSchema } from '../organisations';
import { IdentityUnderTest } from '../testing';
import { UserSchema } from './user.entity';
import { UsersModule } from './users.module';
import { UsersService } from './users.service';

jest.setTimeout(180_000);

const ctx = { actor: { type: 'user' as const, id: 'usr_users_test' } };
let emails = 0;
const invite = (role: UserRole, overrides: Record<string, unknown> = {}) =>
  createUserRequest.parse({
    email: `member${(emails += 1)}-${Date.now()}@example.com`,
    name: 'Member',
    role,
    password: 'a long enough password',
    ...overrides,
  });

/** Members and roles on a real PostgreSQL and NATS: every change with its event, never without an owner. */
describe('users (real PostgreSQL and NATS)', () => {
  let identity: IdentityUnderTest;
  let users: UsersService;

  beforeAll(async () => {
    identity = await IdentityUnderTest.start({
      modules: [UsersModule],
      entities: [OrganisationSchema, UserSchema],
    });
    users = identity.get(UsersService);
  });

  afterAll(async () => {
    await identity?.close();
  });

  /** An organisation with one active owner, who acts. */
  const organisationWithOwner = async (): Promise<AuthenticatedUser> => {
    const orgId = await identity.organisation();
    const founder: AuthenticatedUser = { id: 'usr_founder', orgId, role: 'owner' };
    const owner = await users.create(founder, invite('owner'), ctx);
    return { id: owner.id, orgId, role: 'owner' };
  };
  const actorOf = (view: { id: string; role: UserRole }, orgId: string): AuthenticatedUser => ({
    id: view.id,
    orgId,
    role: view.role,
  });
  const eventTypes = async (orgId: string) => (await identity.outbox(orgId)).map((e) => e.type);
  const credentialVersion = async (id: string) =>
    (
      await identity.sql<{ v: number }>(`select credential_version as v from identity.users where id = $1`, [
        id,
      ])
    )[0]?.v;

  it('an invited member is stored with user.created, and the password never leaves in a view or event', async () => {
    const owner = await organisationWithOwner();
    const request = invite('member');
    const member = await users.create(owner, request, ctx);
    expect(member).toMatchObject({ email: request.email, role: 'member', status: 'active' });
    expect((await users.list(owner.orgId, listUsersQuery.parse({}))).data.map((u) => u.id)).toContain(
      member.id,
    );
    const events = await identity.outbox(owner.orgId);
    expect(events.map((e) => e.type)).toEqual(['user.created', 'user.created']);
    expect(JSON.stringify([member, events])).not.toContain(request.password);
  });

  it('nobody invites above their own role, and an email already taken is a conflict: no row, no event', async () => {
    const owner = await organisationWithOwner();
    const admin = actorOf(await users.create(owner, invite('admin'), ctx), owner.orgId);
    const before = await eventTypes(owner.orgId);
    await expect(users.create(admin, invite('owner'), ctx)).rejects.toThrow(/cannot create an owner/);
    const taken = invite('member');
    await users.create(owner, taken, ctx);
    await expect(users.create(owner, { ...invite('member'), email: taken.email }, ctx)).rejects.toThrow(
      /email: a user with this email exists/,
    );
    expect(await eventTypes(owner.orgId)).toEqual([...before, 'user.created']);
  });

  it('a role change and a disable record their events and end the member’s tokens (credential version)', async () => {
    const owner = await organisationWithOwner();
    const member = await users.create(owner, invite('member'), ctx);
    const promoted = await users.update(owner, member.id, { role: 'admin' }, ctx);
    expect(promoted.role).toBe('admin');
    expect(await credentialVersion(member.id)).toBe(1);
    const disabled = await users.update(owner, member.id, { status: 'disabled' }, ctx);
    expect(disabled.status).toBe('disabled');
    expect(await credentialVersion(member.id)).toBe(2);
    const events = (await identity.outbox(owner.orgId)).slice(2);
    expect(events.map((e) => [e.type, e.data['from'], e.data['to']])).toEqual([
      ['user.role_changed', 'member', 'admin'],
      ['user.status_changed', 'active', 'disabled'],
    ]);
  });

  it('the last active owner is never demoted, disabled or removed; nothing changes and no event is recorded', async () => {
    const owner = await organisationWithOwner();
    // A second owner, disabled: `owner` is the one active owner left.
    const disabled = await users.create(owner, invite('owner'), ctx);
    await users.update(owner, disabled.id, { status: 'disabled' }, ctx);
    const before = await eventTypes(owner.orgId);
    // Another owner acting (never themselves: that has its own refusal).
    const another: AuthenticatedUser = { id: 'usr_someone_else', orgId: owner.orgId, role: 'owner' };
    await expect(users.update(another, owner.id, { role: 'admin' }, ctx)).rejects.toThrow(
      /at least one active owner/,
    );
    await expect(users.update(another, owner.id, { status: 'disabled' }, ctx)).rejects.toThrow(
      /at least one active owner/,
    );
    await expect(users.remove(another, owner.id, ctx)).rejects.toThrow(/at least one active owner/);
    expect(await eventTypes(owner.orgId)).toEqual(before);
    expect(await identity.sql(`select role, status from identity.users where id = $1`, [owner.id])).toEqual([
      { role: 'owner', status: 'active' },
    ]);
    // With another active owner, the same demotion goes through.
    await users.update(another, disabled.id, { status: 'active' }, ctx);
    await users.update(another, owner.id, { role: 'admin' }, ctx);
    expect((await eventTypes(owner.orgId)).slice(before.length)).toEqual([
      'user.status_changed',
      'user.role_changed',
    ]);
  });

  it('two owners demoting each other at once: one succeeds, the other is refused, an owner remains', async () => {
    const first = await organisationWithOwner();
    const second = actorOf(await users.create(first, invite('owner'), ctx), first.orgId);
    const outcomes = await Promise.allSettled([
      users.update(first, second.id, { role: 'admin' }, ctx),
      users.update(second, first.id, { role: 'admin' }, ctx),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason)),
    ).toEqual([expect.stringMatching(/at least one active owner/)]);
    const owners = await identity.sql(
      `select id from identity.users where org_id = $1 and role = 'owner' and status = 'active'`,
      [first.orgId],
    );
    expect(owners).toHaveLength(1);
  });

  it('a password reset raises the credential version and records user.password_changed without the password', async () => {
    const owner = await organisationWithOwner();
    const member = await users.create(owner, invite('member'), ctx);
    await users.resetPassword(owner, member.id, { new_password: 'another long password' }, ctx);
    expect(await credentialVersion(member.id)).toBe(1);
    const event = (await identity.outbox(owner.orgId)).find((e) => e.type === 'user.password_changed');
    expect(event?.data).toMatchObject({ user_id: member.id, method: 'reset' });
    expect(JSON.stringify(event)).not.toContain('another long password');
  });

  it('a removed member’s row goes and user.removed is recorded; nobody removes themselves', async () => {
    const owner = await organisationWithOwner();
    const member = await users.create(owner, invite('viewer'), ctx);
    const removed = await users.remove(owner, member.id, ctx);
    expect(removed).toMatchObject({ id: member.id, removed: true });
    expect(await identity.sql(`select id from identity.users where id = $1`, [member.id])).toEqual([]);
    await expect(users.remove(owner, owner.id, ctx)).rejects.toThrow(/cannot remove yourself/);
    expect((await eventTypes(owner.orgId)).slice(-1)).toEqual(['user.removed']);
  });
});
