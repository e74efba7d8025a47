import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

/** The person's explicit choice; without one the console follows the system's colour scheme. */
const STORAGE_KEY = 'latchkey.console.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function chosenTheme(): Theme | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : undefined;
  } catch {
    return undefined;
  }
}

function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/**
 * The theme in effect. Without a choice styles.css follows the system by itself (light-dark()
 * tokens); a choice is written on <html data-theme>, which pins the tokens to it.
 */
export function applyTheme(): Theme {
  const chosen = chosenTheme();
  if (chosen) document.documentElement.dataset['theme'] = chosen;
  else delete document.documentElement.dataset['theme'];
  return chosen ?? systemTheme();
}

/** The theme in effect, following the system until the person picks one (kept in localStorage). */
export function useTheme(): { theme: Theme; setTheme(theme: Theme): void } {
  const [theme, setState] = useState<Theme>(applyTheme);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const media = window.matchMedia(DARK_QUERY);
    const follow = () => setState(applyTheme());
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);
  const setTheme = useCallback((next: Theme) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage refused (private mode): the choice holds for this page only.
    }
    document.documentElement.dataset['theme'] = next;
    setState(next);
  }, []);
  return { theme, setTheme };
}
