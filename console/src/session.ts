import { useSyncExternalStore } from 'react';

/** The access token lives in session storage: it goes with the tab, and sign-out removes it. */
const KEY = 'faultbase.token';
const listeners = new Set<() => void>();

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token);
  listeners.forEach((l) => l());
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function useToken(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    currentToken,
  );
}
