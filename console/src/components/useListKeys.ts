import { useEffect, useRef } from 'react';

/** The keys that move through a list, and where they go. */
const MOVES: Record<string, number | 'first' | 'last'> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, Home: 'first', End: 'last' };

/** The hint read out with the list (aria-describedby) and shown to those who look for it. */
export const LIST_KEYS_HINT = 'Arrow keys or j and k move through the list; Enter opens the focused row.';

/**
 * Keyboard navigation of a list: ArrowDown/j and ArrowUp/k (Home, End) move the focus from row to
 * row, Enter opens the focused row. The focus is real DOM focus on each row's main link (marked
 * `data-row-link`), so it is visible (the focus ring, and the row highlighted), read out by screen
 * readers, and Enter is the link's own. With nothing focused, j enters the list at its first row.
 */
export function useListKeys<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const move = MOVES[event.key];
      const list = ref.current;
      if (move === undefined || !list || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const active = document.activeElement as HTMLElement | null;
      const inList = !!active && list.contains(active);
      const onPage = !active || active === document.body;
      // From the page itself only j enters the list: the arrow keys keep scrolling the page.
      if (!inList && !(onPage && event.key === 'j')) return;
      if (active?.closest('input, textarea, select, [contenteditable="true"], [role="combobox"], [role="listbox"]')) return;
      const links = [...list.querySelectorAll<HTMLElement>('[data-row-link]')];
      if (!links.length) return;
      const current = inList ? links.findIndex((link) => link === active || link.closest('tr')?.contains(active)) : -1;
      const next =
        move === 'first' ? 0 : move === 'last' ? links.length - 1 : current < 0 ? 0 : Math.min(Math.max(current + move, 0), links.length - 1);
      event.preventDefault();
      links[next]!.focus();
      links[next]!.scrollIntoView({ block: 'nearest' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return ref;
}
