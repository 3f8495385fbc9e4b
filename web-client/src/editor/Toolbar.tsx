import { type MessageKey, useT } from '../i18n';
import { useEditor, useUi } from './context';
import type { Tool } from './uiStore';

export const TOOLS: { tool: Tool; key: string; icon: string }[] = [
  { tool: 'select', key: 'V', icon: '↖' },
  { tool: 'hand', key: 'H', icon: '✋' },
  { tool: 'rect', key: 'R', icon: '▭' },
  { tool: 'ellipse', key: 'O', icon: '◯' },
  { tool: 'line', key: 'L', icon: '╱' },
  { tool: 'text', key: 'T', icon: 'T' },
  { tool: 'image', key: 'I', icon: '🖼' },
];

export function Toolbar() {
  const t = useT();
  const { ui, canEdit } = useEditor();
  const current = useUi((state) => state.tool);
  return (
    <div className="tools" role="toolbar" aria-label={t('tools.label')} aria-orientation="vertical">
      {TOOLS.map(({ tool, key, icon }) => {
        const name = t(`tools.${tool}` as MessageKey);
        const editing = tool !== 'select' && tool !== 'hand';
        return (
          <button
            key={tool}
            type="button"
            aria-pressed={current === tool}
            aria-keyshortcuts={key}
            aria-label={`${name} (${key})`}
            title={`${name} (${key})`}
            disabled={editing && !canEdit}
            onClick={() => {
              if (tool === 'image') {
                document.getElementById('image-file-input')?.click();
              } else {
                ui.getState().setTool(tool);
              }
            }}
          >
            <span aria-hidden="true">{icon}</span>
          </button>
        );
      })}
    </div>
  );
}
