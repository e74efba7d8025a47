import { useEffect } from 'react';

/** Names the browser tab after the page, so tabs, history and screen readers say where you are. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Latchkey console`;
  }, [title]);
}
