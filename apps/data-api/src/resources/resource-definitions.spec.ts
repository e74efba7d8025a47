import { RESOURCES } from './resource-definitions';

/** One row with every column any resource has: each view picks its own. */
const row = {
  id: 'prj_01JCTQ3ZR9D4V2K8M6N7P5W3XY',
  orgId: 'org_01JCTQ3ZR9D4V2K8M6N7P5W3XY',
  projectId: 'prj_01JCTQ3ZR9D4V2K8M6N7P5W3XZ',
  leadId: null,
  invoiceId: 'inv_01JCTQ3ZR9D4V2K8M6N7P5W3XY',
  name: 'Name',
  description: null,
  email: 'lead@example.com',
  company: null,
  source: null,
  number: 'INV-1',
  amountMinor: 1250,
  currency: 'EUR',
  dueDate: '2026-12-31',
  occurredAt: new Date('2026-12-01T10:00:00Z'),
  createdBy: 'usr_01JCTQ3ZR9D4V2K8M6N7P5W3XY',
  updatedBy: 'usr_01JCTQ3ZR9D4V2K8M6N7P5W3XY',
  createdAt: new Date('2026-12-01T10:00:00Z'),
  updatedAt: new Date('2026-12-02T10:00:00Z'),
};

describe.each(Object.values(RESOURCES))('the $name view', (def) => {
  it('sends exactly the fields its declared schema names (an undeclared one would be dropped)', () => {
    const view = def.view({ ...row, status: def.wire.statuses[0] } as never);
    expect(Object.keys(view).sort()).toEqual(Object.keys(def.wire.view.shape).sort());
    expect(def.wire.view.strict().safeParse(view).error).toBeUndefined();
  });
});
