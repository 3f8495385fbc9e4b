import { type KeyboardEvent, type ReactElement, useEffect, useMemo, useRef, useState } from 'react';
import type { DocNode } from '../api/types';
import { type DocState, childrenOf, isContainer } from '../doc/model';
import { flag } from '../doc/properties';
import { type MessageKey, useT } from '../i18n';
import { useAnnouncer } from '../ui/Toast';
import { deleteNodes, groupNodes, nodeLabel, reorder, setProps } from './commands';
import { useDoc, useEditor, useUi } from './context';
import { Icon } from './icons';

interface Row {
  node: DocNode;
  level: number;
  position: number;
  setSize: number;
  parentId: string | null;
}

/** Lists the visible tree rows, top of the z-order first as layer panels show it. */
function visibleRows(view: DocState, collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const walk = (parentId: string, level: number) => {
    const children = [...childrenOf(view, parentId)].reverse();
    children.forEach((node, index) => {
      rows.push({ node, level, position: index + 1, setSize: children.length, parentId });
      if (isContainer(node.type) && !collapsed.has(node.id)) {
        walk(node.id, level + 1);
      }
    });
  };
  walk(view.rootId, 1);
  return rows;
}

/**
 * Renders the layers panel as an ARIA tree: arrow keys move between layers, Right and Left open and
 * close groups, Enter or Space selects, Alt+Up and Alt+Down reorder, F2 renames, H hides, L locks
 * and Delete removes. Layers can also be reordered by dragging.
 */
export function LayersPanel() {
  const t = useT();
  const { documents, ui, canEdit } = useEditor();
  const view = useDoc((state) => state.view);
  const selection = useUi((state) => state.selection);
  const announce = useAnnouncer((state) => state.announce);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);

  const rows = useMemo(() => visibleRows(view, collapsed), [view, collapsed]);
  const selected = useMemo(() => new Set(selection), [selection]);
  const activeId = rows.some((row) => row.node.id === focusedId) ? focusedId : selection[0] ?? rows[0]?.node.id ?? null;

  // Keeps keyboard focus on the focused layer when the rows change, except while its name is
  // edited: moving focus would end the rename.
  useEffect(() => {
    if (renaming === null && focusedId && treeRef.current?.contains(document.activeElement)) {
      treeRef.current.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(focusedId)}"]`)?.focus();
    }
  }, [focusedId, rows, renaming]);

  const typeName = (node: DocNode) => t(`node.${node.type}` as MessageKey);

  function edit(ops: ReturnType<typeof reorder>, message?: string) {
    if (!canEdit || ops.length === 0) {
      return;
    }
    documents.getState().edit(ops);
    if (message) {
      announce(message);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>, row: Row, index: number) {
    if (renaming) {
      return;
    }
    const node = row.node;
    const move = (target: number) => {
      const next = rows[Math.max(0, Math.min(rows.length - 1, target))];
      if (next) setFocusedId(next.node.id);
    };
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        if (event.altKey) {
          edit(reorder(view, node.id, event.shiftKey ? 'bottom' : 'down'), t('layers.movedDown', { name: nodeLabel(node, typeName(node)) }));
        } else {
          move(index + 1);
        }
        break;
      case 'ArrowUp':
        if (event.altKey) {
          edit(reorder(view, node.id, event.shiftKey ? 'top' : 'up'), t('layers.movedUp', { name: nodeLabel(node, typeName(node)) }));
        } else {
          move(index - 1);
        }
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'ArrowRight':
        if (isContainer(node.type) && collapsed.has(node.id)) {
          setCollapsed(new Set([...collapsed].filter((id) => id !== node.id)));
        } else if (isContainer(node.type)) {
          move(index + 1);
        }
        break;
      case 'ArrowLeft':
        if (isContainer(node.type) && !collapsed.has(node.id)) {
          setCollapsed(new Set([...collapsed, node.id]));
        } else if (row.parentId && row.parentId !== view.rootId) {
          setFocusedId(row.parentId);
        }
        break;
      case 'Enter':
      case ' ':
        ui.getState().select(event.ctrlKey || event.metaKey || event.shiftKey
          ? (selected.has(node.id) ? selection.filter((id) => id !== node.id) : [...selection, node.id])
          : [node.id]);
        break;
      case 'F2':
        if (canEdit) setRenaming(node.id);
        break;
      case 'h':
      case 'H':
        edit(setProps(view, [node.id], { visible: !flag(node, 'visible') }),
          flag(node, 'visible') ? t('layers.hidden', { name: nodeLabel(node, typeName(node)) }) : t('layers.shown', { name: nodeLabel(node, typeName(node)) }));
        break;
      case 'l':
      case 'L':
        edit(setProps(view, [node.id], { locked: !flag(node, 'locked') }),
          flag(node, 'locked') ? t('layers.unlocked', { name: nodeLabel(node, typeName(node)) }) : t('layers.locked', { name: nodeLabel(node, typeName(node)) }));
        break;
      case 'Delete':
      case 'Backspace':
        edit(deleteNodes(view, [node.id]), t('layers.deleted', { name: nodeLabel(node, typeName(node)) }));
        move(index);
        break;
      case 'g':
      case 'G':
        if (event.ctrlKey || event.metaKey) {
          const grouped = groupNodes(view, selection.length > 0 ? selection : [node.id]);
          if (grouped) {
            edit(grouped.ops, t('layers.grouped'));
            ui.getState().select([grouped.id]);
          }
        } else {
          handled = false;
        }
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  function onDrop(target: Row) {
    if (!dragged || dragged === target.node.id || !target.parentId) {
      return;
    }
    const siblings = childrenOf(view, target.parentId).filter((node) => node.id !== dragged);
    const targetIndex = siblings.findIndex((node) => node.id === target.node.id);
    // Dropping on a layer puts the dragged layer just above it in the z-order.
    edit([{ kind: 'move', node: dragged, parent: target.parentId, index: targetIndex + 1 }], t('layers.moved'));
    setDragged(null);
  }

  function renderRows(parentId: string, level: number): ReactElement[] {
    return rows.filter((row) => row.parentId === parentId && row.level === level).map((row) => {
      const node = row.node;
      const index = rows.indexOf(row);
      const label = nodeLabel(node, typeName(node));
      const container = isContainer(node.type);
      const expanded = container ? !collapsed.has(node.id) : undefined;
      return (
        <li
          key={node.id}
          role="treeitem"
          data-node-id={node.id}
          aria-level={row.level}
          aria-setsize={row.setSize}
          aria-posinset={row.position}
          aria-selected={selected.has(node.id)}
          aria-expanded={expanded}
          aria-label={`${label}, ${typeName(node)}${flag(node, 'visible') ? '' : `, ${t('layers.hiddenState')}`}${flag(node, 'locked') ? `, ${t('layers.lockedState')}` : ''}`}
          tabIndex={node.id === activeId ? 0 : -1}
          className={flag(node, 'visible') ? undefined : 'hidden-layer'}
          draggable={canEdit && renaming !== node.id}
          onDragStart={(event) => { event.stopPropagation(); setDragged(node.id); }}
          onDragOver={(event) => { event.preventDefault(); event.stopPropagation(); }}
          onDrop={(event) => { event.preventDefault(); event.stopPropagation(); onDrop(row); }}
          onFocus={(event) => { if (event.target === event.currentTarget) setFocusedId(node.id); }}
          onKeyDown={(event) => { if (event.target === event.currentTarget) onKeyDown(event, row, index); }}
          onClick={(event) => {
            event.stopPropagation();
            setFocusedId(node.id);
            ui.getState().select(event.shiftKey || event.ctrlKey || event.metaKey
              ? (selected.has(node.id) ? selection.filter((id) => id !== node.id) : [...selection, node.id])
              : [node.id]);
          }}
        >
          <div className="row" style={{ paddingLeft: `${(row.level - 1) * 0.75}rem` }}>
            {container && (
              <button type="button" tabIndex={-1} aria-hidden="true" onClick={(event) => {
                event.stopPropagation();
                setCollapsed(expanded ? new Set([...collapsed, node.id]) : new Set([...collapsed].filter((id) => id !== node.id)));
              }}><Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={14} /></button>
            )}
            {renaming === node.id ? (
              <RenameInput
                initial={typeof node.props.name === 'string' ? node.props.name : ''}
                label={t('layers.renameLabel')}
                onDone={(name) => {
                  setRenaming(null);
                  setFocusedId(node.id);
                  treeRef.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(node.id)}"]`)?.focus();
                  if (name !== null) {
                    edit(setProps(view, [node.id], { name: name === '' ? null : name }), t('layers.renamed', { name: name || typeName(node) }));
                  }
                }}
              />
            ) : (
              <span className="name" onDoubleClick={() => canEdit && setRenaming(node.id)}>{label}</span>
            )}
            <button type="button" tabIndex={-1} aria-hidden="true" title={flag(node, 'visible') ? t('layers.hide') : t('layers.show')}
              disabled={!canEdit}
              onClick={(event) => { event.stopPropagation(); edit(setProps(view, [node.id], { visible: !flag(node, 'visible') })); }}>
              <Icon name={flag(node, 'visible') ? 'eye' : 'eyeOff'} size={14} />
            </button>
            <button type="button" tabIndex={-1} aria-hidden="true" title={flag(node, 'locked') ? t('layers.unlock') : t('layers.lock')}
              disabled={!canEdit}
              onClick={(event) => { event.stopPropagation(); edit(setProps(view, [node.id], { locked: !flag(node, 'locked') })); }}>
              <Icon name={flag(node, 'locked') ? 'lock' : 'unlock'} size={14} />
            </button>
          </div>
          {container && expanded && childrenOf(view, node.id).length > 0 && (
            <ul role="group">{renderRows(node.id, level + 1)}</ul>
          )}
        </li>
      );
    });
  }

  return (
    <section aria-labelledby="layers-heading">
      <h2 id="layers-heading">{t('layers.title')}</h2>
      <p id="layers-help" className="visually-hidden">{t('layers.help')}</p>
      {rows.length === 0 ? (
        <p className="muted">{t('layers.empty')}</p>
      ) : (
        <ul ref={treeRef} role="tree" className="tree" aria-labelledby="layers-heading" aria-describedby="layers-help" aria-multiselectable="true">
          {renderRows(view.rootId, 1)}
        </ul>
      )}
    </section>
  );
}

function RenameInput(props: { initial: string; label: string; onDone: (name: string | null) => void }) {
  const [value, setValue] = useState(props.initial);
  // Enter and Escape unmount the input, which fires blur as well: finish only once.
  const finished = useRef(false);
  const finish = (name: string | null) => {
    if (!finished.current) {
      finished.current = true;
      props.onDone(name);
    }
  };
  return (
    <input
      aria-label={props.label}
      value={value}
      maxLength={256}
      autoFocus
      onChange={(event) => setValue(event.target.value)}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') finish(value.trim());
        if (event.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(value.trim())}
    />
  );
}
