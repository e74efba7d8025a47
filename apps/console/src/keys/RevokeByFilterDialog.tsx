import { useState } from 'react';
import type { BulkRevocation, KeyRevocationFilter, RevocationPlan } from '../api/types';
import { TextField } from '../ui/TextField';
import { EMPTY_FILTER, filterOf, pluralKeys, type FilterForm } from './bulk-revoke';
import { RevocationPlanSteps } from './RevocationPlanSteps';

const TEXT_FIELDS: { name: keyof FilterForm; label: string; placeholder: string }[] = [
  { name: 'last_used_from', label: 'Used from address or CIDR', placeholder: '203.0.113.0/24' },
  { name: 'created_by', label: 'Created by (user id)', placeholder: 'usr_…' },
  { name: 'scope', label: 'Grants scope', placeholder: 'invoices:read' },
  { name: 'prefix', label: 'Prefix starts with', placeholder: 'lk_live_Ab' },
  { name: 'q', label: 'Name or prefix contains', placeholder: 'ci-runner' },
];

const DATE_FIELDS: { name: keyof FilterForm; label: string }[] = [
  { name: 'created_after', label: 'Created after' },
  { name: 'created_before', label: 'Created before' },
  { name: 'unused_since', label: 'Not used since' },
];

/**
 * "Revoke by filter": the blast radius of a leak (an address block, a creator, a scope, a prefix,
 * dates) → the dry run's keys, counted and listed → the plan executed (ADR 0025).
 */
export function RevokeByFilterDialog({
  planRevocation,
  executeRevocation,
  onFinished,
}: {
  planRevocation(filter: KeyRevocationFilter, reason: string): Promise<RevocationPlan>;
  executeRevocation(planId: string): Promise<BulkRevocation>;
  onFinished(result: BulkRevocation): void;
}) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTER);
  const set = (name: keyof FilterForm) => (value: string) => setForm((f) => ({ ...f, [name]: value }));

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Revoke by filter
      </button>
      <RevocationPlanSteps
        open={open}
        idPrefix="filter-revoke"
        title={(step) =>
          step.kind === 'confirm'
            ? `Revoke ${pluralKeys(step.plan.count)}?`
            : step.kind === 'done'
              ? 'Keys revoked'
              : 'Revoke keys by filter'
        }
        consequence="Name the keys a leak could reach; every criterion narrows. You see the matching keys before anything is revoked."
        reviewLabel="Find keys"
        makePlan={(reason) => planRevocation(filterOf(form) as KeyRevocationFilter, reason)}
        execute={executeRevocation}
        onFinished={onFinished}
        onClose={() => setOpen(false)}
      >
        <div className="filter-grid">
          {TEXT_FIELDS.map((field) => (
            <TextField
              key={field.name}
              id={`filter-revoke-${field.name}`}
              label={field.label}
              placeholder={field.placeholder}
              value={form[field.name]}
              onChange={set(field.name)}
            />
          ))}
          <div className="field">
            <label htmlFor="filter-revoke-environment">Environment</label>
            <select
              id="filter-revoke-environment"
              value={form.environment}
              onChange={(e) => set('environment')(e.target.value)}
            >
              <option value="">Any</option>
              <option value="live">Live</option>
              <option value="test">Test</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-revoke-status">Status</label>
            <select
              id="filter-revoke-status"
              value={form.status}
              onChange={(e) => set('status')(e.target.value)}
            >
              <option value="">Any (not revoked)</option>
              <option value="active">Active</option>
              <option value="expiring_soon">Expiring soon</option>
              <option value="expired">Expired</option>
            </select>
          </div>
          {DATE_FIELDS.map((field) => (
            <div className="field" key={field.name}>
              <label htmlFor={`filter-revoke-${field.name}`}>{field.label}</label>
              <input
                id={`filter-revoke-${field.name}`}
                type="date"
                value={form[field.name]}
                onChange={(e) => set(field.name)(e.target.value)}
              />
            </div>
          ))}
        </div>
      </RevocationPlanSteps>
    </>
  );
}
