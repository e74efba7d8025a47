import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { FormErrorSummary, useFieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/TextField';
import { sessionFromToken, useApi, useSession } from './session';

const LABELS = { current_password: 'Current password', new_password: 'New password' } as const;
/** The server's rule (api-routes' `newPassword`), said before asking it. */
const MIN_LENGTH = 12;

/**
 * Changes the signed-in user's own password. The server ends every token the user held and
 * answers a new one, which this tab adopts so the change does not sign it out.
 */
export function ChangePasswordForm() {
  const api = useApi();
  const { session, signIn } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tooShort, setTooShort] = useState<string>();
  const [mismatch, setMismatch] = useState<string>();
  const change = useMutation({
    mutationFn: () => api.changePassword(current, next),
    onSuccess: (answer) => {
      const renewed = session && sessionFromToken(answer.access_token, session.email);
      if (renewed) signIn(renewed);
      setCurrent('');
      setNext('');
      setRepeat('');
      toast.success('Password changed. Your other sign-ins have ended.');
    },
  });
  const errors = useFieldErrors(change.error, LABELS);

  function submit(event: FormEvent) {
    event.preventDefault();
    const short =
      next.length < MIN_LENGTH ? `New password must be at least ${MIN_LENGTH} characters.` : undefined;
    const different = next !== repeat ? 'The two new passwords are not the same.' : undefined;
    setTooShort(short);
    setMismatch(different);
    if (!short && !different) change.mutate();
  }

  return (
    <form onSubmit={submit} className="card" aria-labelledby="change-password-title">
      <h2 id="change-password-title">Change your password</h2>
      <TextField
        id="current-password"
        label={LABELS.current_password}
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={setCurrent}
        error={errors.of('current_password')}
      />
      <TextField
        id="new-password"
        label={LABELS.new_password}
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_LENGTH}
        value={next}
        onChange={setNext}
        error={tooShort ?? errors.of('new_password')}
      />
      <TextField
        id="repeat-password"
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={setRepeat}
        error={mismatch}
      />
      <FormErrorSummary errors={errors} />
      <button type="submit" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
