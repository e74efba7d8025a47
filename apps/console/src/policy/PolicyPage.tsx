import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { IssuancePolicy, UserRole } from '../api/types';
import { can, useApi, useSession } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FormErrorSummary, useFieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/TextField';
import { usePageTitle } from '../ui/page-title';

/** Who may change the policy: the shell's abilities (members and viewers only look). */
export function mayEditPolicy(role: UserRole | undefined): boolean {
  return can(role, 'policy:manage');
}

const POLICY_LABELS = {
  max_key_lifetime_days: 'Longest key lifetime',
  allow_never_expiring_keys: 'Allow keys that never expire',
  write_scopes_require_ip_allowlist: 'IP allow-list for write scopes',
  user_token_ttl_seconds: 'User sign-in length in seconds',
  service_token_ttl_seconds: 'Service token length in seconds',
  leak_action: 'When a key is reported leaked',
  dormant_after_days: 'Disable keys unused for',
} as const;

/** What each leak_action does, in words (the policy summary and the form's choices). */
export const LEAK_ACTION_WORDS: Record<IssuancePolicy['leak_action'], string> = {
  revoke: 'Revoke the key at once',
  quarantine: 'Quarantine the key: reads only, every use flagged',
  report: 'Only record the report',
};

/** The policy as words, for those who may read it but not change it. */
function PolicySummary({ policy }: { policy: IssuancePolicy }) {
  return (
    <dl className="card">
      <dt>Longest key lifetime</dt>
      <dd>{policy.max_key_lifetime_days === null ? 'No limit' : `${policy.max_key_lifetime_days} days`}</dd>
      <dt>Keys that never expire</dt>
      <dd>{policy.allow_never_expiring_keys ? 'Allowed' : 'Not allowed'}</dd>
      <dt>Keys with write scopes</dt>
      <dd>
        {policy.write_scopes_require_ip_allowlist ? 'Must have an IP allow-list' : 'No IP allow-list needed'}
      </dd>
      <dt>User sign-in lasts</dt>
      <dd>{policy.user_token_ttl_seconds / 3600} hours</dd>
      <dt>Service tokens last</dt>
      <dd>{policy.service_token_ttl_seconds / 86_400} days</dd>
      <dt>When a key is reported leaked</dt>
      <dd>{LEAK_ACTION_WORDS[policy.leak_action]}</dd>
      <dt>Unused keys</dt>
      <dd>
        {policy.dormant_after_days == null
          ? 'Never disabled'
          : `Disabled after ${policy.dormant_after_days} days without a request`}
      </dd>
    </dl>
  );
}

function PolicyForm({ policy }: { policy: IssuancePolicy }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [maxDays, setMaxDays] = useState(
    policy.max_key_lifetime_days === null ? '' : String(policy.max_key_lifetime_days),
  );
  const [allowNever, setAllowNever] = useState(policy.allow_never_expiring_keys);
  const [requireIps, setRequireIps] = useState(policy.write_scopes_require_ip_allowlist);
  const [userTtlHours, setUserTtlHours] = useState(String(policy.user_token_ttl_seconds / 3600));
  const [serviceTtlDays, setServiceTtlDays] = useState(String(policy.service_token_ttl_seconds / 86_400));
  const [leakAction, setLeakAction] = useState(policy.leak_action);
  const [dormantDays, setDormantDays] = useState(
    policy.dormant_after_days == null ? '' : String(policy.dormant_after_days),
  );
  const save = useMutation({
    mutationFn: (next: IssuancePolicy) => api.policy.put(next),
    onSuccess: (saved) => {
      queryClient.setQueryData(['policy'], saved);
      toast.success('Policy saved. It applies to keys issued from now on.');
    },
  });
  const serverErrors = useFieldErrors(save.error, POLICY_LABELS);

  const [errors, setErrors] = useState<
    Partial<Record<'maxDays' | 'userTtl' | 'serviceTtl' | 'dormantDays', string>>
  >({});

  function submit(event: FormEvent) {
    event.preventDefault();
    // A typo must never save "no limit": anything but a whole number (or empty) is refused here.
    const max = maxDays.trim() === '' ? null : /^\d+$/.test(maxDays.trim()) ? Number(maxDays) : NaN;
    const dormant =
      dormantDays.trim() === '' ? null : /^\d+$/.test(dormantDays.trim()) ? Number(dormantDays) : NaN;
    const userTtl = Math.round(Number(userTtlHours) * 3600);
    const serviceTtl = Math.round(Number(serviceTtlDays) * 86_400);
    const found = {
      ...(Number.isNaN(max) || (max !== null && (max < 1 || max > 3650))
        ? { maxDays: 'A whole number of days from 1 to 3650, or empty for no limit.' }
        : {}),
      ...(!userTtlHours.trim() || !(userTtl >= 300 && userTtl <= 2_592_000)
        ? { userTtl: 'Between 5 minutes (0.09 hours) and 720 hours.' }
        : {}),
      ...(!serviceTtlDays.trim() || !(serviceTtl >= 300 && serviceTtl <= 31_536_000)
        ? { serviceTtl: 'Between 5 minutes (0.004 days) and 365 days.' }
        : {}),
      ...(Number.isNaN(dormant) || (dormant !== null && (dormant < 7 || dormant > 3650))
        ? { dormantDays: 'A whole number of days from 7 to 3650, or empty to never disable keys.' }
        : {}),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({
      max_key_lifetime_days: max,
      allow_never_expiring_keys: allowNever,
      write_scopes_require_ip_allowlist: requireIps,
      user_token_ttl_seconds: userTtl,
      service_token_ttl_seconds: serviceTtl,
      leak_action: leakAction,
      dormant_after_days: dormant,
    });
  }

  return (
    <form onSubmit={submit} className="card">
      <TextField
        id="policy-max-days"
        label="Longest key lifetime in days (empty: no limit)"
        inputMode="numeric"
        value={maxDays}
        onChange={setMaxDays}
        error={errors.maxDays ?? serverErrors.of('max_key_lifetime_days')}
      />
      <label className="checkbox">
        <input type="checkbox" checked={allowNever} onChange={(e) => setAllowNever(e.target.checked)} />
        Allow keys that never expire
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={requireIps} onChange={(e) => setRequireIps(e.target.checked)} />
        Keys with write scopes must have an IP allow-list
      </label>
      <TextField
        id="policy-user-ttl"
        label="User sign-in lasts (hours)"
        inputMode="decimal"
        value={userTtlHours}
        onChange={setUserTtlHours}
        error={errors.userTtl ?? serverErrors.of('user_token_ttl_seconds')}
      />
      <TextField
        id="policy-service-ttl"
        label="Service tokens last (days)"
        inputMode="decimal"
        value={serviceTtlDays}
        onChange={setServiceTtlDays}
        error={errors.serviceTtl ?? serverErrors.of('service_token_ttl_seconds')}
      />
      <label htmlFor="policy-leak-action">When a key is reported leaked</label>
      <select
        id="policy-leak-action"
        value={leakAction}
        onChange={(e) => setLeakAction(e.target.value as IssuancePolicy['leak_action'])}
      >
        {(Object.keys(LEAK_ACTION_WORDS) as IssuancePolicy['leak_action'][]).map((action) => (
          <option key={action} value={action}>
            {LEAK_ACTION_WORDS[action]}
          </option>
        ))}
      </select>
      <TextField
        id="policy-dormant-days"
        label="Disable keys unused for (days; empty: never)"
        inputMode="numeric"
        value={dormantDays}
        onChange={setDormantDays}
        error={errors.dormantDays ?? serverErrors.of('dormant_after_days')}
      />
      <FormErrorSummary errors={serverErrors} />
      <button type="submit" className="primary" disabled={save.isPending}>
        Save policy
      </button>
    </form>
  );
}

export function PolicyPage() {
  usePageTitle('Issuance policy');
  const api = useApi();
  const edit = mayEditPolicy(useSession().session?.role);
  const policy = useQuery({ queryKey: ['policy'], queryFn: api.policy.get });
  return (
    <section aria-labelledby="policy-title">
      <h1 id="policy-title">Issuance policy</h1>
      <ErrorNotice error={policy.error} />
      {policy.data && (edit ? <PolicyForm policy={policy.data} /> : <PolicySummary policy={policy.data} />)}
    </section>
  );
}
