import type { DocumentSnapshot, Op, Problem } from '../api/types';

/**
 * The collaboration protocol on `/ws/projects/{id}` as this client speaks it: JSON text messages
 * with a `type` field. Every mapping between wire messages and the client's events is in this
 * file, so a change of the server's message shapes is adapted here.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Peer {
  sessionId: string;
  userId: string;
  displayName: string;
  color: string;
  cursor: Point | null;
  selection: string[];
}

export type ServerEvent =
  | { type: 'welcome'; snapshot: DocumentSnapshot; self: { sessionId: string; userId: string; color: string } | null; peers: Peer[] }
  | { type: 'ack'; batchId: string; revision: number }
  | { type: 'rejected'; batchId: string; problem: Problem }
  | { type: 'ops'; batchId?: string; authorId?: string; revision: number; ops: Op[] }
  | { type: 'snapshot'; snapshot: DocumentSnapshot }
  | { type: 'presence'; peer: Peer }
  | { type: 'left'; sessionId: string }
  | { type: 'error'; problem: Problem };

export type ClientMessage =
  | { type: 'ops'; batchId: string; ops: Op[] }
  | { type: 'presence'; cursor: Point | null; selection: string[] };

/** Palette for collaborators the server sends no colour for; each has AA contrast with white text. */
const PEER_COLORS = ['#b3261e', '#1b6e3a', '#1a56b0', '#8a3ab8', '#9a4d00', '#00696f', '#a8326e', '#4b5563'];

export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) {
    hash = (hash * 31 + id.charCodeAt(i)) | 0;
  }
  return PEER_COLORS[Math.abs(hash) % PEER_COLORS.length];
}

function toPeer(raw: Record<string, unknown>): Peer {
  const sessionId = String(raw.sessionId ?? raw.clientId ?? raw.userId ?? '');
  const userId = String(raw.userId ?? sessionId);
  const cursor = raw.cursor as Point | null | undefined;
  return {
    sessionId,
    userId,
    displayName: String(raw.displayName ?? raw.name ?? userId),
    color: typeof raw.color === 'string' ? raw.color : colorFor(userId),
    cursor: cursor && Number.isFinite(cursor.x) && Number.isFinite(cursor.y) ? { x: cursor.x, y: cursor.y } : null,
    selection: Array.isArray(raw.selection) ? (raw.selection as string[]) : [],
  };
}

/** Parses one text message; returns null for messages this client does not know. */
export function parseServerMessage(text: string): ServerEvent | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') {
    return null;
  }
  switch (raw.type) {
    case 'welcome':
    case 'hello': {
      const self = raw.self as Record<string, unknown> | undefined;
      return {
        type: 'welcome',
        snapshot: (raw.snapshot ?? raw.document) as DocumentSnapshot,
        self: self ? { sessionId: String(self.sessionId ?? ''), userId: String(self.userId ?? ''), color: String(self.color ?? '') } : null,
        peers: Array.isArray(raw.peers) ? (raw.peers as Record<string, unknown>[]).map(toPeer) : [],
      };
    }
    case 'ack':
      return { type: 'ack', batchId: String(raw.batchId), revision: Number(raw.revision ?? 0) };
    case 'rejected':
    case 'reject':
      return {
        type: 'rejected',
        batchId: String(raw.batchId),
        problem: (raw.problem as Problem) ?? { status: 400, detail: String(raw.detail ?? '') },
      };
    case 'ops':
      return {
        type: 'ops',
        batchId: raw.batchId === undefined ? undefined : String(raw.batchId),
        authorId: raw.authorId === undefined ? undefined : String(raw.authorId),
        revision: Number(raw.revision ?? 0),
        ops: (raw.ops as Op[]) ?? [],
      };
    case 'snapshot':
      return { type: 'snapshot', snapshot: raw.snapshot as DocumentSnapshot };
    case 'presence':
      return { type: 'presence', peer: toPeer((raw.peer as Record<string, unknown>) ?? raw) };
    case 'left':
    case 'leave':
      return { type: 'left', sessionId: String(raw.sessionId ?? raw.clientId ?? raw.userId) };
    case 'error':
      return { type: 'error', problem: (raw.problem as Problem) ?? { status: 500, detail: String(raw.detail ?? '') } };
    default:
      return null;
  }
}

export function encodeClientMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}
