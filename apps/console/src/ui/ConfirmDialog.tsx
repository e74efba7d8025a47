import { AlertDialog } from 'radix-ui';
import { useLayoutEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import './confirm-dialog.css';

/**
 * The console's one confirmation: asks before a change, says what will happen, and does it only on
 * the confirming button (or Enter in one of its fields). On Radix's AlertDialog: the page behind is
 * inert and focus stays inside, focus starts on "Cancel" (the safe choice), Escape cancels, and focus
 * goes back to the control that had it when the dialog opened — a button, or the role list whose
 * change asked. A refusal stays in the dialog, in words, so the person reads why nothing changed.
 * Once the change is done, `done` replaces the fields and the buttons by its outcome and a "Close".
 */
export function ConfirmDialog({
  open,
  title,
  consequence,
  confirmLabel,
  danger = false,
  pending = false,
  confirmDisabled = false,
  error,
  children,
  done,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  /** What will happen, in a sentence: "Alex will be able to manage keys and users." */
  consequence: ReactNode;
  confirmLabel: string;
  /** The change takes something away (revoke, disable): the confirming button is red. */
  danger?: boolean;
  /** The change is being saved: the buttons wait, and Escape does nothing. */
  pending?: boolean;
  /** Something the change needs is missing (a ticked box, a typed name). */
  confirmDisabled?: boolean;
  error?: unknown;
  /** What the change needs from the person (a reason, a grace window), between the words and the buttons. */
  children?: ReactNode;
  /** The outcome, once the change is made. */
  done?: ReactNode;
  onConfirm(): void;
  /** Cancel, Close or Escape: the caller restores what was there before. */
  onCancel(): void;
}) {
  // Radix gives focus back to its own trigger only; these dialogs open from any control.
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    // Before Radix moves focus into the dialog (layout effects run before its focus scope's).
    if (open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending && !confirmDisabled) onConfirm();
  };
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next && !pending) onCancel();
      }}
    >
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="confirm-overlay" />
        <AlertDialog.Content
          className="confirm-dialog"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            const back = opener.current;
            opener.current = null;
            // The opener may be gone with the change (a revoked key has no Revoke button): the
            // page's content then, so the next Tab continues there rather than from the top.
            if (back?.isConnected) back.focus();
            else document.getElementById('main')?.focus();
          }}
        >
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description className={danger ? 'warning' : undefined}>
            {consequence}
          </AlertDialog.Description>
          {done === undefined ? (
            <form onSubmit={submit}>
              {children}
              <ErrorNotice error={error} />
              <div className="confirm-actions">
                <AlertDialog.Cancel asChild>
                  <button type="button" disabled={pending}>
                    Cancel
                  </button>
                </AlertDialog.Cancel>
                <button
                  type="submit"
                  className={danger ? 'danger' : 'primary'}
                  disabled={pending || confirmDisabled}
                >
                  {confirmLabel}
                </button>
              </div>
            </form>
          ) : (
            <>
              {done}
              <div className="confirm-actions">
                <AlertDialog.Cancel asChild>
                  <button type="button" className="primary" disabled={pending}>
                    Close
                  </button>
                </AlertDialog.Cancel>
              </div>
            </>
          )}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
