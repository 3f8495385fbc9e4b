import type { DocumentSnapshot, Op, Problem } from '../api/types';

/**
 * The collaboration protocol on `/ws/projects/{id}` (version 1) as this client speaks it: JSON
 * text messages with a `type` field, written by the collab bundle. Every mapping between wire
 * messages and the client's events is in this file, so a change of the server's message shapes
 * is adapted here.
 */
export const PROTOCOL_VERSION = 1;

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

/** The presence fields of one member that changed; fields that are absent did not change. */
export interface PresenceUpdate {
  sessionId: string;
  cursor?: Point | null;
  selection?: string[];
}

export interface OpsEvent {
  type: 'ops';
  seq: number;
  author: string | null;
  batchId: string | null;
  ops: Op[];
}

export type ServerEvent =
  | {
    type: 'welcome';
    sessionId: string;
    userId: string;
    role: string;
    color: string;
    seq: number;
    /** The whole document, or null in catch-up mode, where `batches` contains what was missed. */
    snapshot: DocumentSnapshot | null;
    batches: OpsEvent[];
    members: Peer[];
  }
  | { type: 'ack'; batchId: string; seq: number | null; duplicate: boolean }
  | { type: 'rejected'; batchId: string; code: string; problem: Problem; retryAfterMs: number }
  | OpsEvent
  | { type: 'member-joined'; member: Peer }
  | { type: 'member-left'; sessionId: string }
  | { type: 'presence'; updates: PresenceUpdate[] }
  | { type: 'error'; code: string; message: string }
  | { type: 'role-changed'; role: string }
  | { type: 'pong' };

export type ClientMessage =
  | { type: 'join'; protocol: number; lastSeq: number | null }
  | { type: 'ops'; batch: string; ops: Op[] }
  | { type: 'presence'; cursor: Point | null; selection: string[]; following: string | null }
  | { type: 'ping'; id: number };

/** Palette for members the server sends no colour for; each has AA contrast with white text. */
const PEER_COLORS = ['#b3261e', '#1b6e3a', '#1a56b0', '#8a3ab8', '#9a4d00', '#00696f', '#a8326e', '#4b5563'];

export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) {
    hash = (hash * 31 + id.charCodeAt(i)) | 0;
  }
  return PEER_COLORS[Math.abs(hash) % PEER_COLORS.length];
}

function toPoint(raw: unknown): Point | null {
  const point = raw as Point | null | undefined;
  return point && Number.isFinite(point.x) && Number.isFinite(point.y) ? { x: point.x, y: point.y } : null;
}

function toSelection(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
}

function toPeer(raw: Record<string, unknown>): Peer {
  const sessionId = String(raw.session ?? '');
  const userId = String(raw.userId ?? sessionId);
  return {
    sessionId,
    userId,
    displayName: typeof raw.displayName === 'string' && raw.displayName !== '' ? raw.displayName : userId,
    color: typeof raw.colour === 'string' ? raw.colour : colorFor(userId),
    cursor: toPoint(raw.cursor),
    selection: toSelection(raw.selection),
  };
}

function toUpdate(raw: Record<string, unknown>): PresenceUpdate {
  const update: PresenceUpdate = { sessionId: String(raw.session ?? '') };
  if ('cursor' in raw) update.cursor = toPoint(raw.cursor);
  if ('selection' in raw) update.selection = toSelection(raw.selection);
  return update;
}

function toOps(raw: Record<string, unknown>): OpsEvent {
  return {
    type: 'ops',
    seq: Number(raw.seq ?? 0),
    author: typeof raw.author === 'string' ? raw.author : null,
    batchId: typeof raw.batch === 'string' ? raw.batch : null,
    ops: Array.isArray(raw.ops) ? (raw.ops as Op[]) : [],
  };
}

/** Parses one text message; returns null for malformed messages and types this client does not use. */
export function parseServerMessage(text: string): ServerEvent | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return null;
  }
  switch (raw.type) {
    case 'welcome':
      return {
        type: 'welcome',
        sessionId: String(raw.session ?? ''),
        userId: String(raw.userId ?? ''),
        role: String(raw.role ?? 'viewer'),
        color: typeof raw.colour === 'string' ? raw.colour : '',
        seq: Number(raw.seq ?? 0),
        snapshot: raw.mode === 'catch-up' ? null : (raw.snapshot as DocumentSnapshot),
        batches: Array.isArray(raw.batches) ? (raw.batches as Record<string, unknown>[]).map(toOps) : [],
        members: Array.isArray(raw.members) ? (raw.members as Record<string, unknown>[]).map(toPeer) : [],
      };
    case 'ack':
      return {
        type: 'ack',
        batchId: String(raw.batch),
        seq: typeof raw.seq === 'number' ? raw.seq : null,
        duplicate: raw.duplicate === true,
      };
    case 'rejected': {
      const violations = Array.isArray(raw.violations) ? (raw.violations as Record<string, unknown>[]) : [];
      return {
        type: 'rejected',
        batchId: String(raw.batch),
        code: String(raw.code ?? 'invalid'),
        retryAfterMs: Number(raw.retryAfterMs ?? 0),
        problem: {
          status: 400,
          title: String(raw.code ?? 'rejected'),
          detail: String(raw.message ?? ''),
          errors: violations.map((violation) => ({
            field: String(violation.path ?? ''),
            rule: String(violation.rule ?? ''),
            message: String(violation.message ?? ''),
          })),
        },
      };
    }
    case 'ops':
      return toOps(raw);
    case 'member-joined':
      return { type: 'member-joined', member: toPeer((raw.member as Record<string, unknown>) ?? {}) };
    case 'member-left':
      return { type: 'member-left', sessionId: String(raw.session ?? '') };
    case 'presence':
      return {
        type: 'presence',
        updates: Array.isArray(raw.updates) ? (raw.updates as Record<string, unknown>[]).map(toUpdate) : [],
      };
    case 'error':
      return { type: 'error', code: String(raw.code ?? ''), message: String(raw.message ?? '') };
    case 'pong':
      return { type: 'pong' };
    case 'role-changed':
      return typeof raw.role === 'string' ? { type: 'role-changed', role: raw.role } : null;
    default:
      return null;
  }
}

export function encodeClientMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}
