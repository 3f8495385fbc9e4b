import { createStore } from 'zustand/vanilla';

export type Tool = 'select' | 'hand' | 'rect' | 'ellipse' | 'line' | 'text' | 'image';

export interface Viewport {
  /** Screen position of the document origin, in CSS pixels. */
  x: number;
  y: number;
  /** Screen pixels per document unit. */
  scale: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 16;

export interface EditorUiState {
  tool: Tool;
  selection: string[];
  viewport: Viewport;
  /** Progress of the running image upload from 0 to 1, or null when none runs. */
  upload: { name: string; fraction: number } | null;
  setTool(tool: Tool): void;
  select(ids: string[]): void;
  setViewport(viewport: Viewport): void;
  /** Zooms by `factor` keeping the screen point (`cx`, `cy`) fixed. */
  zoomAt(factor: number, cx: number, cy: number): void;
  setUpload(upload: { name: string; fraction: number } | null): void;
}

export function createUiStore() {
  return createStore<EditorUiState>()((set, get) => ({
    tool: 'select',
    selection: [],
    viewport: { x: 40, y: 40, scale: 1 },
    upload: null,
    setTool: (tool) => set({ tool }),
    select: (selection) => set({ selection }),
    setViewport: (viewport) => set({ viewport }),
    zoomAt: (factor, cx, cy) => {
      const { viewport } = get();
      const scale = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, viewport.scale * factor));
      const docX = (cx - viewport.x) / viewport.scale;
      const docY = (cy - viewport.y) / viewport.scale;
      set({ viewport: { scale, x: cx - docX * scale, y: cy - docY * scale } });
    },
    setUpload: (upload) => set({ upload }),
  }));
}

export type UiStore = ReturnType<typeof createUiStore>;
