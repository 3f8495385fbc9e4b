import { createStore } from 'zustand/vanilla';
import type { Peer, PresenceUpdate } from './protocol';

/** The state of the live connection as the editor shows it. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'rest'
  | 'signedOut' | 'noAccess' | 'refused';

export interface PresenceState {
  status: ConnectionStatus;
  /** This tab's session id as the server named it, so its own presence echo is ignored. */
  selfSessionId: string | null;
  peers: Record<string, Peer>;
  /** The collaborator whose view this user follows, or null. */
  following: string | null;
  setStatus(status: ConnectionStatus): void;
  setSelf(sessionId: string | null): void;
  replacePeers(peers: Peer[]): void;
  upsertPeer(peer: Peer): void;
  /** Merges changed presence fields into a known member; updates of unknown members are ignored. */
  applyUpdate(update: PresenceUpdate): void;
  removePeer(sessionId: string): void;
  follow(sessionId: string | null): void;
}

export function createPresenceStore() {
  return createStore<PresenceState>()((set, get) => ({
    status: 'connecting',
    selfSessionId: null,
    peers: {},
    following: null,
    setStatus: (status) => set({ status }),
    setSelf: (selfSessionId) => set({ selfSessionId }),
    replacePeers: (peers) => {
      const self = get().selfSessionId;
      set({ peers: Object.fromEntries(peers.filter((peer) => peer.sessionId !== self).map((peer) => [peer.sessionId, peer])) });
    },
    upsertPeer: (peer) => {
      if (peer.sessionId === get().selfSessionId) {
        return;
      }
      set({ peers: { ...get().peers, [peer.sessionId]: peer } });
    },
    applyUpdate: (update) => {
      const peer = get().peers[update.sessionId];
      if (!peer) {
        return;
      }
      set({
        peers: {
          ...get().peers,
          [update.sessionId]: {
            ...peer,
            cursor: update.cursor !== undefined ? update.cursor : peer.cursor,
            selection: update.selection ?? peer.selection,
          },
        },
      });
    },
    removePeer: (sessionId) => {
      const { [sessionId]: _removed, ...rest } = get().peers;
      set({ peers: rest, following: get().following === sessionId ? null : get().following });
    },
    follow: (following) => set({ following }),
  }));
}

export type PresenceStore = ReturnType<typeof createPresenceStore>;
