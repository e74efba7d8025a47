import { AlertDialog } from 'radix-ui';
import { useRef, type ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import './confirm-dialog.css';

/**
 * Asks before a change of who can do what: says what will happen, and does it only on the
 * confirming button. Radix's AlertDialog traps focus, starts on "Cancel" (the safe choice), closes
 * on Escape and gives focus back to the control that opened it. A refusal stays in the dialog,
 * in words, so the person reads why nothing changed.
 */
export function ConfirmDialog({
  open,
  title,
  consequence,
  confirmLabel,
  danger = false,
  pending = false,
  error,
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
  /** The change is being saved: the buttons wait. */
  pending?: boolean;
  error?: unknown;
  onConfirm(): void;
  /** Cancel, Escape, or the dialog closed: the caller restores what was there before. */
  onCancel(): void;
}) {
  // Opened by a change (a role list) rather than a Radix Trigger: Radix would give focus back to a
  // trigger it does not have, so the control focused when the dialog opened gets it back here.
  const opener = useRef<HTMLElement | null>(null);
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => !next && !pending && onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="confirm-overlay" />
        <AlertDialog.Content
          className="confirm-dialog"
          onOpenAutoFocus={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onCloseAutoFocus={(event) => {
            if (opener.current?.isConnected) {
              event.preventDefault();
              opener.current.focus();
            }
          }}
        >
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description>{consequence}</AlertDialog.Description>
          <ErrorNotice error={error} />
          <div className="confirm-actions">
            <AlertDialog.Cancel asChild>
              <button type="button" disabled={pending}>
                Cancel
              </button>
            </AlertDialog.Cancel>
            {/* Not AlertDialog.Action: that would close before the answer; a refusal must stay. */}
            <button
              type="button"
              className={danger ? 'danger' : 'primary'}
              disabled={pending}
              onClick={onConfirm}
            >
              {confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
