import { create } from 'zustand';
import { ApiError, auth } from '../api/client';
import type { User } from '../api/types';

interface SessionState {
  /** `undefined` while the first /api/me call runs, `null` when signed out. */
  user: User | null | undefined;
  refresh(): Promise<void>;
  signedIn(user: User): void;
  signOut(): Promise<void>;
}

export const useSession = create<SessionState>()((set) => ({
  user: undefined,
  async refresh() {
    try {
      set({ user: await auth.me() });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        set({ user: null });
      } else {
        // The server is unreachable; the project list shows the error and offers a retry.
        set({ user: null });
      }
    }
  },
  signedIn(user) {
    set({ user });
  },
  async signOut() {
    try {
      await auth.logout();
    } finally {
      set({ user: null });
    }
  },
}));
