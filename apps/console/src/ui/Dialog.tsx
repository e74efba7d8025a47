import type { ReactNode } from 'react';
import { useModalDialog } from './modal-dialog';

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it, and focus returns to
 * the control that opened it (useModalDialog).
 */
export function Dialog({
  title,
  open,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  onClose(): void;
  children: ReactNode;
}) {
  const ref = useModalDialog(open);
  const titleId = `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}
