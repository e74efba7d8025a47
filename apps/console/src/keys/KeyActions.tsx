import { useState } from 'react';
import type {
  ApiKey,
  EnableResult,
  IssuancePolicy,
  IssuedKey,
  KeyRotateRequest,
  RevokeResult,
} from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { FieldError } from '../ui/FieldError';
import { formatDateTime } from '../ui/format';
import { ExpiryPicker } from './ExpiryPicker';
import { defaultExpiry, expiryRequest, type ExpiryChoice } from './key-form';

/**
 * What the key's expiry will be after a rotation or regeneration, in words for the confirmation:
 * nothing about the expiry changes unless the person chose so.
 */
export function expiryOutcome(choice: ExpiryChoice, current: string | null): string {
  switch (choice.kind) {
    case 'unchanged':
      return current === null
        ? 'The key keeps its expiry: it never expires.'
        : `The key keeps its expiry: ${formatDateTime(current)}.`;
    case 'preset':
      return `The key will expire in ${choice.days} days from now.`;
    case 'custom':
      return choice.date
        ? `The key will expire at the end of ${choice.date}.`
        : 'Pick the date the key expires.';
    case 'never':
      return 'The key will never expire.';
  }
}

export const GRACE_WINDOWS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours (default)' },
  { seconds: 259_200, label: '3 days' },
  { seconds: 604_800, label: '7 days (longest)' },
] as const;

/** Runs an action, keeping its error for the dialog to show. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, reset: () => setError(undefined) };
}

/**
 * Rotate (a new secret, the old one kept for a grace window) or regenerate (the old secret dies
 * now, with a new expiry). Both answer with the new secret, shown once by the caller.
 */
export function RotateDialog({
  apiKey,
  mode,
  open,
  policy,
  onClose,
  rotate,
}: {
  apiKey: Pick<ApiKey, 'name' | 'expires_at' | 'status'>;
  mode: 'rotate' | 'regenerate';
  open: boolean;
  policy: IssuancePolicy | undefined;
  onClose(): void;
  rotate(body: KeyRotateRequest): Promise<IssuedKey>;
}) {
  const [grace, setGrace] = useState(86_400);
  const keyName = apiKey.name;
  // An expired key needs a new expiry to work again; any other keeps its own (a key that never
  // expires stays so) unless the person picks another.
  const expired = apiKey.status === 'expired';
  const [expiry, setExpiry] = useState<ExpiryChoice>(expired ? defaultExpiry(policy) : { kind: 'unchanged' });
  const [expiryError, setExpiryError] = useState<string>();
  const action = useAction();

  function submit() {
    const built = expiryRequest(expiry, policy);
    if ('error' in built) return setExpiryError(built.error);
    setExpiryError(undefined);
    void action.run(async () => {
      await rotate({ grace_seconds: mode === 'regenerate' ? 0 : grace, ...built.body });
    });
  }

  return (
    <ConfirmDialog
      open={open}
      title={mode === 'rotate' ? `Rotate “${keyName}”` : `Regenerate “${keyName}”`}
      consequence={
        mode === 'rotate'
          ? 'A new secret is issued. The current one keeps working for the grace window, so integrations can switch over.'
          : 'The current secret stops working at once. Every integration using it fails until it gets the new one.'
      }
      danger={mode === 'regenerate'}
      confirmLabel={mode === 'rotate' ? 'Rotate' : 'Regenerate now'}
      pending={action.busy}
      error={action.error}
      onConfirm={submit}
      onCancel={onClose}
    >
      {mode === 'rotate' && (
        <>
          <label htmlFor="grace-window">Grace window for the current secret</label>
          <select id="grace-window" value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
            {GRACE_WINDOWS.map((g) => (
              <option key={g.seconds} value={g.seconds}>
                {g.label}
              </option>
            ))}
          </select>
        </>
      )}
      <ExpiryPicker
        value={expiry}
        onChange={setExpiry}
        policy={policy}
        allowUnchanged={!expired}
        current={apiKey.expires_at}
        error={expiryError}
      />
      <p className="expiry-outcome" aria-live="polite">
        {expiryOutcome(expiry, apiKey.expires_at)}
      </p>
    </ConfirmDialog>
  );
}

/** Revoke with a reason and an explicit confirmation; reports how many gateway replicas confirmed. */
export function RevokeDialog({
  apiKey,
  open,
  onClose,
  revoke,
}: {
  apiKey: ApiKey;
  open: boolean;
  onClose(): void;
  revoke(reason: string): Promise<RevokeResult>;
}) {
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [result, setResult] = useState<RevokeResult>();
  const [reasonError, setReasonError] = useState<string>();
  const action = useAction();

  function submit() {
    if (!reason.trim())
      return setReasonError('Say why the key is revoked; the reason goes to the audit trail.');
    setReasonError(undefined);
    void action.run(async () => setResult(await revoke(reason.trim())));
  }

  return (
    <ConfirmDialog
      open={open}
      title={`Revoke “${apiKey.name}”`}
      consequence="Every request with this key is refused from now on. This cannot be undone."
      confirmLabel="Revoke key"
      danger
      pending={action.busy}
      confirmDisabled={!confirmed}
      error={action.error}
      onConfirm={submit}
      onCancel={onClose}
      done={
        result && (
          <p role="status">
            Revoked. {result.replicas_confirmed} of {result.replicas_known} gateway replica
            {result.replicas_known === 1 ? '' : 's'} confirmed they refuse the key.
          </p>
        )
      }
    >
      <label htmlFor="revoke-reason">Reason</label>
      <textarea
        id="revoke-reason"
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={Boolean(reasonError)}
        aria-describedby={reasonError ? 'revoke-reason-error' : undefined}
      />
      <FieldError id="revoke-reason-error" message={reasonError} />
      <label className="checkbox">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />I
        understand that integrations using {apiKey.prefix}… stop working
      </label>
    </ConfirmDialog>
  );
}

/**
 * Enable a dormant key after a confirmation: it works again at once on every gateway replica, and
 * its unused-days clock restarts (the policy's dormant_after_days counts from now).
 */
export function EnableDialog({
  apiKey,
  open,
  onClose,
  enable,
}: {
  apiKey: Pick<ApiKey, 'name' | 'prefix' | 'dormant_at'>;
  open: boolean;
  onClose(): void;
  enable(): Promise<EnableResult>;
}) {
  const [result, setResult] = useState<EnableResult>();
  const action = useAction();
  return (
    <ConfirmDialog
      open={open}
      title={`Enable “${apiKey.name}”`}
      consequence={
        <>
          This key was disabled {formatDateTime(apiKey.dormant_at ?? null, 'earlier')} because it went unused.
          Requests with {apiKey.prefix}… work again as soon as you enable it, and its unused-days count starts
          over from now.
        </>
      }
      confirmLabel="Enable key"
      pending={action.busy}
      error={action.error}
      onConfirm={() => void action.run(async () => setResult(await enable()))}
      onCancel={onClose}
      done={
        result && (
          <p role="status">
            Enabled. {result.replicas_confirmed} of {result.replicas_known} gateway replica
            {result.replicas_known === 1 ? '' : 's'} confirmed they accept the key again.
          </p>
        )
      }
    />
  );
}

/** Delete asks for the key's name, typed, because it also hides the key from every list. */
export function DeleteDialog({
  apiKey,
  open,
  onClose,
  remove,
}: {
  apiKey: ApiKey;
  open: boolean;
  onClose(): void;
  remove(): Promise<void>;
}) {
  const [typed, setTyped] = useState('');
  const action = useAction();
  return (
    <ConfirmDialog
      open={open}
      title={`Delete “${apiKey.name}”`}
      consequence="The key is revoked and hidden. Its audit trail stays."
      confirmLabel="Delete key"
      danger
      pending={action.busy}
      confirmDisabled={typed !== apiKey.name}
      error={action.error}
      onConfirm={() => void action.run(remove)}
      onCancel={onClose}
    >
      <label htmlFor="delete-confirm">Type the key’s name to confirm</label>
      <input
        id="delete-confirm"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
      />
    </ConfirmDialog>
  );
}
