import { useSyncExternalStore } from 'react';

/** A minimal History API router: the editor has five routes, which a library would not simplify. */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState(null, '', path);
  } else {
    window.history.pushState(null, '', path);
  }
  listeners.forEach((listener) => listener());
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export type Route =
  | { name: 'signin' }
  | { name: 'signup' }
  | { name: 'reset' }
  | { name: 'projects' }
  | { name: 'editor'; projectId: string }
  | { name: 'notFound' };

export function matchRoute(path: string): Route {
  if (path === '/' || path === '/projects') return { name: 'projects' };
  if (path === '/signin') return { name: 'signin' };
  if (path === '/signup') return { name: 'signup' };
  if (path === '/reset-password') return { name: 'reset' };
  const editor = /^\/projects\/([^/]+)\/?$/.exec(path);
  if (editor) return { name: 'editor', projectId: decodeURIComponent(editor[1]) };
  return { name: 'notFound' };
}
