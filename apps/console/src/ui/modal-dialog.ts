import { useEffect, useRef, type RefObject } from 'react';

/**
 * Shows a native <dialog> as a modal while `open` (the browser makes the page behind it inert),
 * and gives focus back to the control that had it when the dialog opened: the browser would leave
 * it on the page's body when the dialog's content unmounts first. `initialFocus` (a safe first
 * control) gets focus once it is shown. Native rather than Radix's dialogs: their scroll lock
 * injects <style> elements, which the console's Content-Security-Policy (`style-src 'self'`) refuses.
 */
export function useModalDialog(open: boolean, initialFocus?: RefObject<HTMLElement | null>) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      initialFocus?.current?.focus();
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
    if (!open && opener.current) {
      const back = opener.current;
      opener.current = null;
      // After the browser's own focus handling on close; only to a control still on the page.
      queueMicrotask(() => back.isConnected && back.focus());
    }
  }, [open, initialFocus]);
  return ref;
}
