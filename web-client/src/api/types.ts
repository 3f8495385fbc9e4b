// Shapes of the public REST API and the document model, mirroring the records of the
// io.pixelcraft.api packages (document, web, plugin) in their JSON form.

export type NodeType = 'root' | 'frame' | 'group' | 'image' | 'rect' | 'ellipse' | 'line' | 'path' | 'text';

export type PropValue = number | string | boolean | FilterRef[] | null;

/** One filter entry of a node's `filters` property. */
export interface FilterRef {
  id: string;
  version: string;
  params: Record<string, number | string | boolean>;
}

/** One document node; `props` holds only the properties that differ from their defaults. */
export interface DocNode {
  id: string;
  type: NodeType;
  parent: string | null;
  key: string | null;
  props: Record<string, PropValue>;
}

export interface DocumentSnapshot {
  format?: number;
  revision: number;
  nodes: DocNode[];
  deleted?: string[];
  recentOpIds?: string[];
}

export type OpKind = 'create' | 'set' | 'delete' | 'move';

/** One operation; fields that a kind does not use are left out. */
export interface Op {
  kind: OpKind;
  opId: string;
  node: string;
  type?: NodeType;
  parent?: string;
  index?: number;
  key?: string;
  props?: Record<string, PropValue>;
}

export interface OpOutcome {
  index: number;
  opId: string;
  status: 'applied' | 'duplicate' | 'deleted-target';
}

export interface OpViolation {
  opIndex: number;
  field: string;
  rule: string;
  message: string;
}

export interface BatchResult {
  applied: boolean;
  revision: number;
  outcomes: OpOutcome[];
  violations: OpViolation[];
}

/** RFC 9457 problem details as the web bundle sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { field: string; rule: string; message: string }[];
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  admin?: boolean;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export type ProjectRole = 'owner' | 'editor' | 'viewer';

export interface Project {
  id: string;
  name: string;
  ownerId?: string;
  /** The caller's role in the project. */
  role?: ProjectRole;
  createdAt?: string;
  updatedAt?: string;
  /** When the project went to the trash, or null while it is live. */
  deletedAt?: string | null;
  /** When a trashed project is deleted for good. */
  purgeAt?: string | null;
  /** SHA-256 of the stored thumbnail image, or null. */
  thumbnail?: string | null;
  revision?: number;
}

/** An uploaded image as POST /api/images returns it; `id` is the SHA-256 of the stored bytes. */
export interface ImageInfo {
  id: string;
  mediaType: string;
  width: number;
  height: number;
  bytes?: number;
  url?: string;
}

export type FilterParameter =
  | { kind: 'number'; id: string; label: string; min: number; max: number; defaultValue: number; integer?: boolean }
  | { kind: 'color'; id: string; label: string; defaultValue: string }
  | { kind: 'bool'; id: string; label: string; defaultValue: boolean }
  | { kind: 'choice'; id: string; label: string; choices: string[]; defaultValue: string };

export interface FilterDescriptor {
  id: string;
  name: string;
  pluginVersion: string;
  /** Version range written into a node's filter entry, for example `[1.0,2.0)`. */
  versionRange: string;
  parameters: FilterParameter[];
}

export type VersionKind = 'checkpoint' | 'named' | 'restore';

/** A version as the versions routes return it. Its `number` is the `{v}` of every version route. */
export interface Version {
  number: number;
  kind: VersionKind;
  /** The user's label of a named version, or the server's English label of a checkpoint or restore. */
  label: string | null;
  description: string | null;
  /** The project's document revision that the version captures. */
  revision: number;
  createdAt: string;
  /** The user who saved the version, or null for an automatic checkpoint. */
  createdBy: string | null;
  authors: string[];
  /** For a restore entry, the number of the restored version. */
  restoredFrom: number | null;
}

/** Response of POST .../versions/{v}/restore. */
export interface RestoreResult {
  revision: number;
  /** The checkpoint stored before the restore, or null when a version already captured that state. */
  savedBefore: Version | null;
  restored: Version;
}

export type ShareRole = 'viewer' | 'editor';

/** A share link as listings return it. Listings never contain the link's token. */
export interface Share {
  id: string;
  targetType: 'project' | 'image';
  targetId: string;
  role: ShareRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Whether the link opens its target now, that is neither revoked nor expired. */
  active: boolean;
  /** The recipient of a link sent by invitation, else null. */
  invitedEmail: string | null;
}

/** Response of creating a link: the only place where its token appears, inside `url`. */
export interface CreatedShare {
  share: Share;
  url: string;
}

/** An invitation as POST .../invitations returns it. The link itself is only in the mail. */
export interface Invitation {
  id: string;
  email: string;
  role: ShareRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}
