import type Konva from 'konva';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CollabConnection } from '../collab/connection';
import type { PresenceState, PresenceStore } from '../collab/presence';
import type { DocumentActions, DocumentState, DocumentStore } from '../doc/store';
import type { EditorUiState, UiStore } from './uiStore';

/** The stores and connection of the open project, shared by the editor's panels. */
export interface EditorServices {
  projectId: string;
  documents: DocumentStore;
  presence: PresenceStore;
  ui: UiStore;
  connection: CollabConnection | null;
  /** Whether the signed-in user may edit; viewers get a read-only editor. */
  canEdit: boolean;
  /** The canvas's document layer once mounted, for exports. */
  documentLayer: { current: Konva.Layer | null };
}

export const EditorContext = createContext<EditorServices | null>(null);

export function useEditor(): EditorServices {
  const services = useContext(EditorContext);
  if (!services) {
    throw new Error('useEditor must be called inside an EditorContext provider');
  }
  return services;
}

export function useDoc<T>(selector: (state: DocumentState & DocumentActions) => T): T {
  return useStore(useEditor().documents, selector);
}

export function useUi<T>(selector: (state: EditorUiState) => T): T {
  return useStore(useEditor().ui, selector);
}

export function usePresence<T>(selector: (state: PresenceState) => T): T {
  return useStore(useEditor().presence, selector);
}
