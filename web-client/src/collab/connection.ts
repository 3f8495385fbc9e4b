import { ApiError, NETWORK_ERROR_STATUS, projects } from '../api/client';
import type { DocumentSnapshot, Problem } from '../api/types';
import type { Batch, BatchTransport, DocumentStore } from '../doc/store';
import type { ConnectionStatus, PresenceStore } from './presence';
import {
  type ClientMessage, type Point, PROTOCOL_VERSION, type ServerEvent, encodeClientMessage, parseServerMessage,
} from './protocol';

/** Reconnect delays grow from 0.5 s to 30 s, with jitter so that clients do not return in step. */
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/** After this many failed attempts without ever connecting, edits go through REST instead. */
const ATTEMPTS_BEFORE_REST = 3;

/** Presence is sent at most this often while the pointer moves. */
const PRESENCE_INTERVAL_MS = 50;

/** The server closes a connection after 60 s without a frame, so an idle editor pings well before. */
const PING_INTERVAL_MS = 25_000;

/**
 * Close codes after which reconnecting cannot help, with the status to show. 4400 and 4403 are a
 * protocol error and a foreign origin, 4401 is a missing or expired sign-in, and 4404 is a project
 * that is gone or no longer shared with the user.
 */
const FINAL_CLOSE_CODES: Record<number, ConnectionStatus> = {
  4400: 'refused',
  4401: 'signedOut',
  4403: 'refused',
  4404: 'noAccess',
};

/**
 * Rejection codes after which the batch is kept and sent again: over the op rate, a service the
 * batch needs (such as the image store) not running, or the room closing for a restart.
 */
const RESEND_CODES: ReadonlySet<string> = new Set(['rate-limited', 'unavailable', 'restarting']);

/** HTTP statuses of the REST ops route after which the batch is kept and posted again: 429 and 503. */
const RESEND_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export interface ConnectionOptions {
  projectId: string;
  documents: DocumentStore;
  presence: PresenceStore;
  /** Creates the socket; tests pass a fake. */
  openSocket?: (url: string) => WebSocket;
  /** Loads the document over REST, for the REST fallback. */
  loadDocument?: (projectId: string) => Promise<DocumentSnapshot>;
  /** Called with the role the server grants in the room: viewer, editor or owner. */
  onRole?: (role: string) => void;
}

/**
 * Keeps one project's live connection: joins the room, feeds server events into the document
 * and presence stores, reconnects with backoff and resends unacknowledged edits. When the
 * WebSocket endpoint cannot be reached at all, edits are posted to the REST ops route instead,
 * so the editor still saves without live collaboration.
 */
export class CollabConnection implements BatchTransport {
  private socket: WebSocket | null = null;
  private stopped = false;
  private failedAttempts = 0;
  private everConnected = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private latestPresence: ClientMessage | null = null;
  private restMode = false;
  /** Whether the server has welcomed this connection; ops and presence wait for it. */
  private joined = false;
  /** The room sequence number of the latest batch seen, for catch-up after a reconnect. */
  private lastSeq: number | null = null;
  private readonly onOnline = () => this.retryNow();
  private readonly onOffline = () => this.options.presence.getState().setStatus('offline');

  constructor(private readonly options: ConnectionOptions) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.options.documents.getState().setTransport(this);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.options.documents.getState().setTransport(null);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.stopPing();
    this.socket?.close(1000, 'editor closed');
    this.socket = null;
  }

  send(batch: Batch): boolean {
    if (this.restMode) {
      void this.postBatch(batch);
      return true;
    }
    if (!this.joined || !this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.socket.send(encodeClientMessage({ type: 'ops', batch: batch.batchId, ops: batch.ops }));
    return true;
  }

  /** Shares this user's pointer, selection and followed member; sends are throttled. */
  sendPresence(cursor: Point | null, selection: string[]): void {
    const following = this.options.presence.getState().following;
    this.latestPresence = { type: 'presence', cursor, selection, following };
    if (this.presenceTimer) {
      return;
    }
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      const message = this.latestPresence;
      if (message && this.joined && this.socket?.readyState === WebSocket.OPEN) {
        this.socket.send(encodeClientMessage(message));
      }
    }, PRESENCE_INTERVAL_MS);
  }

  private url(): string {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${window.location.host}/ws/projects/${encodeURIComponent(this.options.projectId)}`;
  }

  private connect(): void {
    if (this.stopped) {
      return;
    }
    if (!this.restMode) {
      this.options.presence.getState().setStatus(this.everConnected ? 'reconnecting' : 'connecting');
    }
    let socket: WebSocket;
    try {
      socket = (this.options.openSocket ?? ((url) => new WebSocket(url)))(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.joined = false;
    socket.onopen = () => {
      // With lastSeq the server sends the batches missed since the last connection, or a
      // snapshot when it no longer keeps them.
      socket.send(encodeClientMessage({ type: 'join', protocol: PROTOCOL_VERSION, lastSeq: this.lastSeq }));
    };
    socket.onmessage = (event) => this.handle(String(event.data));
    socket.onclose = (event) => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.joined = false;
      this.stopPing();
      this.options.documents.getState().requeue();
      const final = FINAL_CLOSE_CODES[event.code];
      if (final) {
        // Unsent edits stay queued and in local storage; they go out if the user regains access.
        this.options.presence.getState().replacePeers([]);
        this.options.presence.getState().setStatus(final);
        return;
      }
      this.scheduleRetry();
    };
  }

  private handle(text: string): void {
    const event = parseServerMessage(text);
    if (!event) {
      return;
    }
    const documents = this.options.documents.getState();
    const presence = this.options.presence.getState();
    switch (event.type) {
      case 'welcome':
        this.onWelcome(event);
        break;
      case 'ack':
        if (event.seq !== null) {
          this.lastSeq = Math.max(this.lastSeq ?? 0, event.seq);
        }
        documents.acknowledge(event.batchId, event.seq ?? documents.revision);
        break;
      case 'rejected':
        this.onRejected(event.batchId, event.code, event.problem, event.retryAfterMs);
        break;
      case 'ops':
        this.lastSeq = Math.max(this.lastSeq ?? 0, event.seq);
        documents.receive(event.ops, event.seq, event.batchId ?? undefined);
        break;
      case 'member-joined':
        presence.upsertPeer(event.member);
        break;
      case 'member-left':
        presence.removePeer(event.sessionId);
        break;
      case 'presence':
        event.updates.forEach((update) => presence.applyUpdate(update));
        break;
      case 'error':
        console.warn(`Collaboration error ${event.code}: ${event.message}`);
        break;
      case 'role-changed':
        this.options.onRole?.(event.role);
        break;
      case 'pong':
        break;
    }
  }

  private onWelcome(event: Extract<ServerEvent, { type: 'welcome' }>): void {
    const documents = this.options.documents.getState();
    const presence = this.options.presence.getState();
    this.failedAttempts = 0;
    this.everConnected = true;
    this.restMode = false;
    this.joined = true;
    this.startPing();
    presence.setSelf(event.sessionId);
    presence.replacePeers(event.members);
    presence.setStatus('online');
    this.options.onRole?.(event.role);
    if (event.snapshot) {
      this.lastSeq = event.seq;
      documents.resync(event.snapshot);
      return;
    }
    // Catch-up: missed batches first, so that this client's own batches among them count as
    // acknowledged; whatever is still unacknowledged is then sent again.
    for (const batch of event.batches) {
      documents.receive(batch.ops, batch.seq, batch.batchId ?? undefined);
    }
    this.lastSeq = event.seq;
    documents.requeue();
    documents.flush();
  }

  private onRejected(batchId: string, code: string, problem: Problem, retryAfterMs: number): void {
    const documents = this.options.documents.getState();
    if (RESEND_CODES.has(code)) {
      // Not the batch's fault: keep it and send it again once retryAfterMs has passed.
      documents.requeue();
      setTimeout(() => this.options.documents.getState().flush(), Math.max(retryAfterMs, MIN_RETRY_MS));
      return;
    }
    documents.reject(batchId, problem);
  }

  private scheduleRetry(): void {
    if (this.stopped) {
      return;
    }
    this.failedAttempts += 1;
    const presence = this.options.presence.getState();
    presence.replacePeers([]);
    if (!this.everConnected && this.failedAttempts >= ATTEMPTS_BEFORE_REST && navigator.onLine) {
      void this.enterRestMode();
    } else if (!this.restMode) {
      presence.setStatus(navigator.onLine ? 'reconnecting' : 'offline');
    }
    const base = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** Math.min(this.failedAttempts, 10));
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private startPing(): void {
    this.stopPing();
    let id = 0;
    this.pingTimer = setInterval(() => {
      if (this.socket?.readyState === WebSocket.OPEN) {
        id += 1;
        this.socket.send(encodeClientMessage({ type: 'ping', id }));
      }
    }, PING_INTERVAL_MS);
  }

  private stopPing(): void {
    if (this.pingTimer) {
      clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
  }

  private retryNow(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.connect();
    }
  }

  private async enterRestMode(): Promise<void> {
    if (this.restMode) {
      this.options.documents.getState().flush();
      return;
    }
    try {
      const snapshot = await (this.options.loadDocument ?? projects.document)(this.options.projectId);
      this.restMode = true;
      this.options.presence.getState().setStatus('rest');
      this.options.documents.getState().resync(snapshot);
    } catch {
      this.options.presence.getState().setStatus('offline');
    }
  }

  private async postBatch(batch: Batch): Promise<void> {
    const documents = this.options.documents.getState();
    try {
      const result = await projects.applyOps(this.options.projectId, batch.ops);
      documents.acknowledge(batch.batchId, result.revision);
    } catch (error) {
      if (error instanceof ApiError && RESEND_STATUSES.has(error.status)) {
        // Over the rate or a needed service not running: keep the batch and post it again later.
        documents.requeue();
        setTimeout(() => this.options.documents.getState().flush(), Math.max(error.retryAfterMs ?? 0, MIN_RETRY_MS));
      } else if (error instanceof ApiError && error.status !== NETWORK_ERROR_STATUS) {
        documents.reject(batch.batchId, error.problem);
      } else {
        // No response: keep the edits, and send them again once the server can be reached.
        this.restMode = false;
        documents.requeue();
        this.options.presence.getState().setStatus('offline');
      }
    }
  }
}
