import { useId, useRef, type ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { useModalDialog } from './modal-dialog';
import './confirm-dialog.css';

/**
 * Asks before a change of who can do what: says what will happen, and does it only on the
 * confirming button. A native modal <dialog> with the alertdialog role: the browser makes the page
 * behind it inert, focus starts on "Cancel" (the safe choice), Escape cancels, and focus goes
 * back to the control that opened it. A refusal stays in the dialog, in words, so the person
 * reads why nothing changed.
 * (Not Radix's AlertDialog: see useModalDialog.)
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
  /** Cancel or Escape: the caller restores what was there before. */
  onCancel(): void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Opened by a change (a role list) as often as by a button: whatever had focus gets it back.
  const ref = useModalDialog(open, cancelRef);
  const id = useId();

  const cancel = () => {
    if (!pending) onCancel();
  };
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-consequence`}
      className="confirm-dialog"
      // The browser's own Escape handling closes the dialog; the caller decides instead.
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        cancel();
      }}
    >
      {open && (
        <>
          <h2 id={`${id}-title`}>{title}</h2>
          <p id={`${id}-consequence`}>{consequence}</p>
          <ErrorNotice error={error} />
          <div className="confirm-actions">
            <button ref={cancelRef} type="button" disabled={pending} onClick={cancel}>
              Cancel
            </button>
            <button
              type="button"
              className={danger ? 'danger' : 'primary'}
              disabled={pending}
              onClick={onConfirm}
            >
              {confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
