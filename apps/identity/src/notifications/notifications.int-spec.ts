import { EventType, type ChangeContext, type CloudEvent } from '@latchkey/contracts';
import { EventBus } from '@latchkey/messaging';
import { rawCloudEvent, waitFor } from '@latchkey/testing';
import { OrganisationSchema } from '../organisations';
import { IdentityUnderTest } from '../testing';
import { NotificationAttemptSchema, NotificationDeliverySchema } from './notification-delivery.entity';
import { NotificationEndpointSchema } from './notification-endpoint.entity';
import { NotificationConsumer } from './notification-consumer';
import { NotificationsModule } from './notifications.module';
import { NotificationsService } from './notifications.service';

jest.setTimeout(60_000);

const CTX: ChangeContext = { actor: { type: 'user', id: 'usr_test' } };

/** Notifications on a real PostgreSQL and NATS: events in, one delivery per (event, endpoint). */
describe('notifications (real PostgreSQL and NATS)', () => {
  let identity: IdentityUnderTest;
  let service: NotificationsService;

  beforeAll(async () => {
    identity = await IdentityUnderTest.start({
      modules: [NotificationsModule],
      entities: [
        OrganisationSchema,
        NotificationEndpointSchema,
        NotificationDeliverySchema,
        NotificationAttemptSchema,
      ],
      // The worker stays out of the way: these tests are about the intake.
      env: { NOTIFICATION_POLL_MS: '60000' },
    });
    service = identity.get(NotificationsService);
  });

  afterAll(async () => {
    await identity?.close();
  });

  const policyUpdated = (orgId: string): CloudEvent =>
    rawCloudEvent({
      type: EventType.PolicyUpdated,
      orgId,
      source: 'latchkey/identity',
      subject: orgId,
      data: { before: {}, after: {} },
    }) as CloudEvent;

  const deliveries = (orgId: string) =>
    identity.sql<{ endpoint_id: string; event_id: string; status: string }>(
      `select endpoint_id, event_id, status from identity.notification_deliveries where org_id = $1 order by endpoint_id`,
      [orgId],
    );

  it('an event published on the bus, even delivered twice, makes exactly one delivery per subscribed endpoint', async () => {
    const orgId = await identity.organisation();
    const a = await service.create(
      orgId,
      {
        url: 'https://a.example.com/hook',
        event_types: ['policy.updated'],
        description: '',
      },
      CTX,
    );
    const b = await service.create(
      orgId,
      {
        url: 'https://b.example.com/hook',
        event_types: ['policy.updated', 'key.leaked'],
        description: '',
      },
      CTX,
    );
    const unsubscribed = await service.create(
      orgId,
      {
        url: 'https://c.example.com/hook',
        event_types: ['key.leaked'],
        description: '',
      },
      CTX,
    );
    const event = policyUpdated(orgId);
    const bus = identity.app.get<EventBus>(EventBus as never, { strict: false });
    const subject = bus.subjects.event(orgId, EventType.PolicyUpdated);
    // The same event twice under different message ids: JetStream's de-duplication does not catch
    // it, as after a producer's retry past the window; the UNIQUE (endpoint, event) must.
    await bus.js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-1` });
    await bus.js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-2` });
    await waitFor('the deliveries', async () => (await deliveries(orgId)).length >= 2);
    // And a third time straight into the store, as a redelivery after a crash before the ack would.
    await identity.get(NotificationConsumer).store([event]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = await deliveries(orgId);
    expect(rows).toEqual(
      [a.id, b.id]
        .sort()
        .map((endpointId) => ({ endpoint_id: endpointId, event_id: event.id, status: 'pending' })),
    );
    expect(rows.some((r) => r.endpoint_id === unsubscribed.id)).toBe(false);
  });

  it('an event of another organisation or of a type no endpoint may subscribe to makes no delivery', async () => {
    const orgId = await identity.organisation();
    const other = await identity.organisation();
    await service.create(
      orgId,
      {
        url: 'https://a.example.com/hook',
        event_types: ['policy.updated'],
        description: '',
      },
      CTX,
    );
    const consumer = identity.get(NotificationConsumer);
    await consumer.store([policyUpdated(other)]);
    const keyCreated = rawCloudEvent({
      type: EventType.KeyCreated,
      orgId,
      source: 'latchkey/identity',
      data: {},
    });
    await consumer.store([keyCreated as CloudEvent]);
    expect(await deliveries(orgId)).toEqual([]);
  });

  it('with the development flag off, private, loopback and metadata URLs are refused before anything is stored', async () => {
    const orgId = await identity.organisation();
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://10.1.2.3/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost/hook',
    ]) {
      await expect(
        service.create(orgId, { url, event_types: ['policy.updated'], description: '' }, CTX),
      ).rejects.toMatchObject({ code: 'invalid_request' });
    }
    const rows = await identity.sql(`select 1 from identity.notification_endpoints where org_id = $1`, [
      orgId,
    ]);
    expect(rows).toEqual([]);
  });

  it('the signing secret is kept only on the endpoint: never in a list or a read', async () => {
    const orgId = await identity.organisation();
    const created = await service.create(
      orgId,
      {
        url: 'https://a.example.com/hook',
        event_types: ['policy.updated'],
        description: '',
      },
      CTX,
    );
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(await service.list(orgId))).not.toContain(created.secret);
    expect(JSON.stringify(await service.get(orgId, created.id))).not.toContain(created.secret);
  });

  it('every change of an endpoint is an event in the same transaction, never with its secret', async () => {
    const orgId = await identity.organisation();
    const created = await service.create(
      orgId,
      { url: 'https://a.example.com/hook', event_types: ['policy.updated'], description: '' },
      CTX,
    );
    await service.update(orgId, created.id, { event_types: ['key.leaked'] }, CTX);
    // Unchanged: no event.
    await service.update(orgId, created.id, { event_types: ['key.leaked'] }, CTX);
    const rotated = await service.rotateSecret(orgId, created.id, CTX);
    await service.remove(orgId, created.id, CTX);
    const events = await identity.outbox(orgId);
    expect(events.map((e) => [e.type, e.data['action'], e.data['changes']])).toEqual([
      ['notification_endpoint.changed', 'created', undefined],
      ['notification_endpoint.changed', 'updated', ['event_types']],
      ['notification_endpoint.changed', 'secret_rotated', undefined],
      ['notification_endpoint.changed', 'deleted', undefined],
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(rotated.secret);
    expect(text).not.toContain('whsec_');
    // A refused URL writes neither an endpoint nor an event.
    await expect(
      service.create(orgId, { url: 'https://10.0.0.1/', event_types: ['key.leaked'], description: '' }, CTX),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await identity.outbox(orgId)).toHaveLength(4);
  });
});
