import { allowedPathProblem } from '@latchkey/contracts';
import type {
  ApiKey,
  Environment,
  ExpiryRequest,
  IssuancePolicy,
  KeyCreateRequest,
  KeyUpdateRequest,
} from '../api/types';
import { splitList } from '../ui/format';

export const EXPIRY_PRESETS = [7, 30, 60, 90] as const satisfies readonly NonNullable<
  ExpiryRequest['expires_in_days']
>[];
export type ExpiryChoice =
  | { kind: 'preset'; days: number }
  | { kind: 'custom'; date: string }
  | { kind: 'never' }
  | { kind: 'unchanged' };

export type KeyFormMode = 'create' | 'edit';
/** What the form sends: a new key's request, or an edit's. */
export type KeyRequest<M extends KeyFormMode> = M extends 'create' ? KeyCreateRequest : KeyUpdateRequest;

/** What the create/edit form holds while a person types. */
export interface KeyFormValues {
  name: string;
  description: string;
  environment: Environment;
  scopes: string[];
  expiry: ExpiryChoice;
  allowedPaths: string;
  allowedIps: string;
  rateLimit: string;
  rateWindowSeconds: string;
}

export const DEFAULT_RATE_LIMIT = { limit: 120, window_seconds: 60 };

/** 30 days when the policy allows it, else the longest preset it allows, else a date to pick. */
export function defaultExpiry(policy: IssuancePolicy | undefined): ExpiryChoice {
  const { presets } = allowedExpiry(policy);
  if (presets.includes(30)) return { kind: 'preset', days: 30 };
  const longest = presets[presets.length - 1];
  return longest ? { kind: 'preset', days: longest } : { kind: 'custom', date: '' };
}

export function emptyKeyForm(policy?: IssuancePolicy): KeyFormValues {
  return {
    name: '',
    description: '',
    environment: 'live',
    scopes: [],
    expiry: defaultExpiry(policy),
    allowedPaths: '',
    allowedIps: '',
    rateLimit: String(DEFAULT_RATE_LIMIT.limit),
    rateWindowSeconds: String(DEFAULT_RATE_LIMIT.window_seconds),
  };
}

export function keyFormFrom(key: ApiKey): KeyFormValues {
  return {
    name: key.name,
    description: key.description ?? '',
    environment: key.environment,
    scopes: key.scopes,
    expiry: { kind: 'unchanged' },
    allowedPaths: key.allowed_paths.join('\n'),
    allowedIps: key.allowed_ips.join('\n'),
    rateLimit: String(key.rate_limit.limit),
    rateWindowSeconds: String(key.rate_limit.window_seconds),
  };
}

export type FormErrors = Partial<
  Record<'name' | 'scopes' | 'expiry' | 'allowedPaths' | 'allowedIps' | 'rateLimit', string>
>;

const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6_CIDR = /^[0-9A-Fa-f:.]+(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;

function looksLikeCidr(text: string): boolean {
  if (IPV4_CIDR.test(text))
    return (text.split('/')[0] ?? '').split('.').every((octet) => Number(octet) <= 255);
  return text.includes(':') && IPV6_CIDR.test(text);
}

/** Expiry choices the organisation's policy allows: presets within the maximum lifetime, never only if allowed. */
export function allowedExpiry(policy: IssuancePolicy | undefined) {
  const max = policy?.max_key_lifetime_days ?? null;
  return {
    presets: EXPIRY_PRESETS.filter((days) => max === null || days <= max),
    never: policy ? policy.allow_never_expiring_keys && max === null : true,
    maxDays: max,
  };
}

/** The expiry members of a create or rotate request, or an error for the expiry field. */
export function expiryRequest(
  expiry: ExpiryChoice,
  policy: IssuancePolicy | undefined,
  now = new Date(),
): { body: ExpiryRequest } | { error: string } {
  const allowed = allowedExpiry(policy);
  switch (expiry.kind) {
    case 'unchanged':
      return { body: {} };
    case 'preset': {
      const days = allowed.presets.find((preset) => preset === expiry.days);
      if (days === undefined)
        return { error: `Your organisation allows keys of at most ${allowed.maxDays} days.` };
      return { body: { expires_in_days: days } };
    }
    case 'never':
      if (!allowed.never) return { error: 'Your organisation does not allow keys that never expire.' };
      return { body: { expires_at: null } };
    case 'custom': {
      if (!expiry.date) return { error: 'Pick the date the key expires.' };
      // A date picked without a time means the end of that day, in the person's own time zone.
      let at = new Date(`${expiry.date}T23:59:59`);
      if (Number.isNaN(at.getTime())) return { error: 'That is not a date.' };
      if (at.getTime() <= now.getTime()) return { error: 'The expiry date must be in the future.' };
      if (allowed.maxDays !== null) {
        // The last allowed day ends when the maximum lifetime does, not at midnight.
        const limit = new Date(now.getTime() + allowed.maxDays * 86_400_000);
        if (at.getTime() - limit.getTime() >= 86_400_000)
          return { error: `Your organisation allows keys of at most ${allowed.maxDays} days.` };
        if (at > limit) at = limit;
      }
      return { body: { expires_at: at.toISOString() } };
    }
  }
}

/**
 * Checks the form and builds the API request. The server validates again; this catches what a
 * person can fix before sending, with messages next to the fields.
 */
export function buildKeyRequest<M extends KeyFormMode>(
  values: KeyFormValues,
  mode: M,
  policy?: IssuancePolicy,
  now = new Date(),
): { body: KeyRequest<M> } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Give the key a name, so you can recognise it later.';
  else if (name.length > 200) errors.name = 'Names are at most 200 characters.';
  if (values.scopes.length === 0) errors.scopes = 'Pick at least one scope.';

  const allowedPaths = splitList(values.allowedPaths);
  // The same rule identity applies: an allowed path is a glob within the bounds that keep it cheap to match.
  for (const path of allowedPaths) {
    const problem = allowedPathProblem(path);
    if (problem === undefined) continue;
    errors.allowedPaths = `"${path}" ${problem}.`;
    break;
  }

  const allowedIps = splitList(values.allowedIps);
  const badIp = allowedIps.find((ip) => !looksLikeCidr(ip));
  if (badIp) errors.allowedIps = `"${badIp}" is not an IP address or CIDR block (e.g. 203.0.113.0/24).`;

  const limit = Number(values.rateLimit);
  const window = Number(values.rateWindowSeconds);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000)
    errors.rateLimit = 'The limit is a whole number of requests from 1 to 1,000,000.';
  else if (!Number.isInteger(window) || window < 1 || window > 86_400)
    errors.rateLimit = 'The window is a whole number of seconds from 1 to 86,400.';

  if (
    policy?.write_scopes_require_ip_allowlist &&
    allowedIps.length === 0 &&
    values.scopes.some((s) => /:(write|\*)|^\*$/.test(s))
  )
    errors.allowedIps = 'Your organisation requires an IP allow-list for keys that can write.';

  const common = {
    name,
    scopes: values.scopes,
    allowed_paths: allowedPaths,
    allowed_ips: allowedIps,
    rate_limit: { limit, window_seconds: window },
  };
  let body: KeyCreateRequest | KeyUpdateRequest;
  if (mode === 'create') {
    const description = values.description.trim();
    const expiry = expiryRequest(values.expiry, policy, now);
    if ('error' in expiry) errors.expiry = expiry.error;
    body = {
      ...common,
      environment: values.environment,
      ...(description ? { description } : {}),
      ...('body' in expiry ? expiry.body : {}),
    } satisfies KeyCreateRequest;
  } else {
    body = { ...common, description: values.description.trim() || null } satisfies KeyUpdateRequest;
  }
  // The mode decided which of the two was built.
  return Object.keys(errors).length > 0 ? { errors } : { body: body as KeyRequest<M> };
}
