import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DocumentSnapshot, Op, Problem } from '../api/types';
import { newBatchId, newOpId } from './ids';
import { type DocState, OpError, applyOps, emptyDocument, fromSnapshot, keyAt } from './model';
import { invert, prepareUndo, renameOps } from './undo';

/** A batch sent to the server and not yet acknowledged. */
export interface Batch {
  batchId: string;
  ops: Op[];
}

/** Sends batches to the server; `send` returns false while there is no connection. */
export interface BatchTransport {
  send(batch: Batch): boolean;
}

/** Storage that keeps unacknowledged edits across a reload, usually localStorage. */
export interface OfflineStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface HistoryEntry {
  /** The ops as the user made them, without op ids. */
  forward: Op[];
  /** Ops that revert them, computed against the state before them. */
  inverse: Op[];
}

/** Undo history is per user and per tab; older entries are dropped past this many. */
export const MAX_HISTORY = 200;

export interface DocumentState {
  projectId: string | null;
  /** The document as the server has confirmed it, at `revision`. */
  confirmed: DocState;
  revision: number;
  /** Batches sent and not yet acknowledged, oldest first. */
  inflight: Batch[];
  /** Ops made locally and not yet sent, because of no connection or a batch still in flight. */
  pending: Op[];
  /** The displayed document: `confirmed` with the in-flight batches and the pending ops applied on top. */
  view: DocState;
  undoStack: HistoryEntry[];
  redoStack: HistoryEntry[];
  /** The latest batch the server rejected, with its problem, for the editor to show. */
  lastRejection: { batchId: string; problem: Problem } | null;
}

export interface DocumentActions {
  /** Starts a project from a snapshot and restores edits kept offline for it. */
  load(projectId: string, snapshot: DocumentSnapshot): void;
  /** Replaces the confirmed state after a reconnect, and resends everything unacknowledged. */
  resync(snapshot: DocumentSnapshot): void;
  /** Applies a local edit at once and queues it for the server. Throws OpError for invalid ops. */
  edit(ops: Omit<Op, 'opId'>[], options?: { undoable?: boolean }): void;
  /** Sends queued edits when a connection is there; called after every edit and on reconnect. */
  flush(): void;
  /** Moves the batch in flight back to the queue after a send failed without a response. */
  requeue(): void;
  /** The server accepted a batch of this client. */
  acknowledge(batchId: string, revision: number): void;
  /** The server rejected a batch of this client: its edits are dropped from the view. */
  reject(batchId: string, problem: Problem): void;
  /** Another client's accepted batch. A batch id of this client counts as an acknowledgement. */
  receive(ops: Op[], revision: number, batchId?: string): void;
  undo(): boolean;
  redo(): boolean;
  setTransport(transport: BatchTransport | null): void;
}

export type DocumentStore = StoreApi<DocumentState & DocumentActions>;

function offlineKey(projectId: string): string {
  return `pixelcraft.unsent.${projectId}`;
}

/**
 * Gives each op an op id, and each create and move a fractional key in place of its index. The
 * server computes keys with the same algorithm, but an explicit key leaves no doubt about what
 * an index counts while other clients change the same siblings.
 */
function withKeys(view: DocState, ops: Omit<Op, 'opId'>[]): Op[] {
  const result: Op[] = [];
  let state = view;
  for (const op of ops) {
    const resolved = { ...op, opId: newOpId() } as Op;
    if ((op.kind === 'create' || op.kind === 'move') && op.key === undefined) {
      const parent = op.parent ?? state.nodes.get(op.node)?.parent ?? undefined;
      if (parent && state.nodes.has(parent)) {
        resolved.key = keyAt(state, parent, op.index, op.kind === 'move' ? op.node : undefined);
        delete resolved.index;
      }
    }
    state = applyOps(state, [resolved], true);
    result.push(resolved);
  }
  return result;
}

function recompute(confirmed: DocState, inflight: Batch[], pending: Op[]): DocState {
  let view = confirmed;
  for (const batch of inflight) {
    view = applyOps(view, batch.ops);
  }
  return applyOps(view, pending);
}

/**
 * Creates the document store of one editor. Local edits show at once and stay visible until the
 * server acknowledges them: remote batches are applied to `confirmed` and the unacknowledged
 * edits are replayed on top, so a collaborator's change to the same property never makes the
 * user's own value flicker. That matches the server's result, because the server applies this
 * client's later batches after the ones it already broadcast.
 */
export function createDocumentStore(storage: OfflineStorage | null = null): DocumentStore {
  let transport: BatchTransport | null = null;

  return createStore<DocumentState & DocumentActions>()((set, get) => {
    const persist = () => {
      const { projectId, inflight, pending } = get();
      if (!storage || !projectId) {
        return;
      }
      const unsent = [...inflight.flatMap((batch) => batch.ops), ...pending];
      try {
        if (unsent.length === 0) {
          storage.removeItem(offlineKey(projectId));
        } else {
          storage.setItem(offlineKey(projectId), JSON.stringify(unsent));
        }
      } catch (error) {
        // NOTE: a full storage quota loses offline edits on reload; they stay in memory.
        console.warn('Failed to keep unsent edits in local storage', error);
      }
    };

    const restoreUnsent = (projectId: string): Op[] => {
      const raw = storage?.getItem(offlineKey(projectId));
      if (!raw) {
        return [];
      }
      try {
        const ops = JSON.parse(raw);
        return Array.isArray(ops) ? (ops as Op[]) : [];
      } catch {
        return [];
      }
    };

    const pushHistory = (entry: HistoryEntry, stack: 'undoStack' | 'redoStack') => {
      const next = [...get()[stack], entry];
      return next.length > MAX_HISTORY ? next.slice(next.length - MAX_HISTORY) : next;
    };

    /** Runs a recorded inverse and returns the history entry that reverts it in turn. */
    const runInverse = (entry: HistoryEntry): HistoryEntry | null => {
      const { view } = get();
      const renames = new Map<string, string>();
      const prepared = prepareUndo(view, entry.inverse, entry.forward, renames);
      if (prepared.length === 0) {
        return null;
      }
      const ops = prepared.map((op) => ({ ...op, opId: newOpId() }));
      const reverse = invert(view, ops);
      const nextView = applyOps(view, ops, true);
      set({
        view: nextView,
        pending: [...get().pending, ...ops],
        undoStack: get().undoStack.map((e) => ({ forward: renameOps(e.forward, renames), inverse: renameOps(e.inverse, renames) })),
        redoStack: get().redoStack.map((e) => ({ forward: renameOps(e.forward, renames), inverse: renameOps(e.inverse, renames) })),
      });
      persist();
      get().flush();
      return { forward: ops.map(({ opId: _unused, ...rest }) => rest as Op), inverse: reverse };
    };

    return {
      projectId: null,
      confirmed: emptyDocument(),
      revision: 0,
      inflight: [],
      pending: [],
      view: emptyDocument(),
      undoStack: [],
      redoStack: [],
      lastRejection: null,

      load(projectId, snapshot) {
        const confirmed = fromSnapshot(snapshot);
        const pending = restoreUnsent(projectId);
        set({
          projectId,
          confirmed,
          revision: snapshot.revision,
          inflight: [],
          pending,
          view: recompute(confirmed, [], pending),
          undoStack: [],
          redoStack: [],
          lastRejection: null,
        });
        get().flush();
      },

      resync(snapshot) {
        const confirmed = fromSnapshot(snapshot);
        // Op ids make replays idempotent: the server skips ops it already applied before the
        // connection dropped, so every unacknowledged op is sent again.
        const pending = [...get().inflight.flatMap((batch) => batch.ops), ...get().pending];
        set({ confirmed, revision: snapshot.revision, inflight: [], pending, view: recompute(confirmed, [], pending) });
        get().flush();
      },

      edit(ops, options = {}) {
        const { view } = get();
        const withIds = withKeys(view, ops);
        const inverse = invert(view, withIds);
        const nextView = applyOps(view, withIds, true);
        const undoable = options.undoable ?? true;
        set({
          view: nextView,
          pending: [...get().pending, ...withIds],
          ...(undoable ? { undoStack: pushHistory({ forward: ops as Op[], inverse }, 'undoStack'), redoStack: [] } : {}),
        });
        persist();
        get().flush();
      },

      flush() {
        const { pending, inflight } = get();
        // One batch in flight at a time keeps this client's batches in order on the server.
        if (!transport || pending.length === 0 || inflight.length > 0) {
          return;
        }
        const batch: Batch = { batchId: newBatchId(), ops: pending };
        if (transport.send(batch)) {
          set({ inflight: [batch], pending: [] });
        }
      },

      requeue() {
        const { inflight, pending } = get();
        set({ inflight: [], pending: [...inflight.flatMap((batch) => batch.ops), ...pending] });
      },

      acknowledge(batchId, revision) {
        const { inflight, confirmed } = get();
        const batch = inflight.find((each) => each.batchId === batchId);
        if (!batch) {
          return;
        }
        const nextConfirmed = applyOps(confirmed, batch.ops);
        const rest = inflight.filter((each) => each !== batch);
        set({
          confirmed: nextConfirmed,
          revision: Math.max(get().revision, revision),
          inflight: rest,
          view: recompute(nextConfirmed, rest, get().pending),
        });
        persist();
        get().flush();
      },

      reject(batchId, problem) {
        const { inflight, confirmed, pending } = get();
        const rest = inflight.filter((each) => each.batchId !== batchId);
        if (rest.length === inflight.length) {
          return;
        }
        set({ inflight: rest, view: recompute(confirmed, rest, pending), lastRejection: { batchId, problem } });
        persist();
        get().flush();
      },

      receive(ops, revision, batchId) {
        if (batchId && get().inflight.some((batch) => batch.batchId === batchId)) {
          get().acknowledge(batchId, revision);
          return;
        }
        const { confirmed, inflight, pending } = get();
        const nextConfirmed = applyOps(confirmed, ops);
        set({
          confirmed: nextConfirmed,
          revision: Math.max(get().revision, revision),
          view: recompute(nextConfirmed, inflight, pending),
        });
      },

      undo() {
        const stack = get().undoStack;
        const entry = stack[stack.length - 1];
        if (!entry) {
          return false;
        }
        set({ undoStack: stack.slice(0, -1) });
        const reverse = runInverse(entry);
        if (reverse) {
          set({ redoStack: pushHistory(reverse, 'redoStack') });
        }
        return reverse !== null;
      },

      redo() {
        const stack = get().redoStack;
        const entry = stack[stack.length - 1];
        if (!entry) {
          return false;
        }
        set({ redoStack: stack.slice(0, -1) });
        const reverse = runInverse(entry);
        if (reverse) {
          set({ undoStack: pushHistory(reverse, 'undoStack') });
        }
        return reverse !== null;
      },

      setTransport(next) {
        transport = next;
        if (next) {
          get().flush();
        }
      },
    };
  });
}

export { OpError };
