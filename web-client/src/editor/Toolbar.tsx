import { type MessageKey, useT } from '../i18n';
import { useEditor, useUi } from './context';
import { Icon } from './icons';
import type { Tool } from './uiStore';

export const TOOLS: { tool: Tool; key: string }[] = [
  { tool: 'select', key: 'V' },
  { tool: 'hand', key: 'H' },
  { tool: 'rect', key: 'R' },
  { tool: 'ellipse', key: 'O' },
  { tool: 'line', key: 'L' },
  { tool: 'text', key: 'T' },
  { tool: 'image', key: 'I' },
];

export function Toolbar() {
  const t = useT();
  const { ui, canEdit } = useEditor();
  const current = useUi((state) => state.tool);
  return (
    <div className="tools" role="toolbar" aria-label={t('tools.label')} aria-orientation="vertical">
      {TOOLS.map(({ tool, key }) => {
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
            <Icon name={tool} />
          </button>
        );
      })}
    </div>
  );
}
