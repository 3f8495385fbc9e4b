import { useEffect, useId, useState } from 'react';
import type { DocNode, PropValue } from '../api/types';
import { BLEND_MODES, TEXT_ALIGNS, appliesTo, clampProp, flag, num, propertySpec, str } from '../doc/properties';
import { type MessageKey, useT } from '../i18n';
import { setProps } from './commands';
import { useDoc, useEditor, useUi } from './context';

const COLOR_PATTERN = /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

/** Edits the properties of the selected nodes; with several selected, a change applies to each. */
export function PropertiesPanel() {
  const t = useT();
  const { documents, canEdit } = useEditor();
  const view = useDoc((state) => state.view);
  const selection = useUi((state) => state.selection);
  const nodes = selection.map((id) => view.nodes.get(id)).filter((node): node is DocNode => node !== undefined);
  const first = nodes[0] ?? view.nodes.get(view.rootId)!;
  const targets = nodes.length > 0 ? nodes : [first];
  const readOnly = !canEdit;
  const selectionKey = nodes.map((node) => node.id).join(' ');

  const commit = (name: string, value: PropValue) => {
    const ids = targets.filter((node) => appliesTo(name, node.type)).map((node) => node.id);
    if (ids.length > 0) {
      documents.getState().edit(setProps(view, ids, { [name]: value }));
    }
  };

  const shows = (name: string) => targets.every((node) => appliesTo(name, node.type));
  const label = (name: string) => t(`prop.${name}` as MessageKey);
  const heading = nodes.length === 0
    ? t('props.document')
    : nodes.length === 1 ? t(`node.${first.type}` as MessageKey) : t('props.multiple', { count: nodes.length });

  return (
    <section aria-labelledby="props-heading">
      <h2 id="props-heading">{t('props.title')}: {heading}</h2>
      {/* Keyed by the selection, so a new selection remounts the fields. A reused field keeps its
          text until an effect resets it, so it could show the previous node's value, and a blur in
          that moment could commit the value to the newly selected node. */}
      <fieldset key={selectionKey} disabled={readOnly} style={{ border: 'none', padding: 0, margin: 0 }}>
        {shows('name') && nodes.length > 0 && (
          <TextField label={label('name')} value={str(first, 'name')} maxLength={256} onCommit={(value) => commit('name', value === '' ? null : value)} />
        )}
        <div className="props-grid">
          {['x', 'y', 'width', 'height', 'rotation'].filter(shows).map((name) => (
            <NumberField key={name} label={label(name)} value={num(first, name)} onCommit={(value) => commit(name, clampProp(name, value))} />
          ))}
          {shows('opacity') && (
            <NumberField label={label('opacity')} value={Math.round(num(first, 'opacity') * 100)} min={0} max={100} step={1}
              onCommit={(value) => commit('opacity', clampProp('opacity', value / 100))} />
          )}
          {['strokeWidth', 'cornerRadius', 'fontSize'].filter(shows).map((name) => (
            <NumberField key={name} label={label(name)} value={num(first, name)} min={propertySpec(name)?.min} onCommit={(value) => commit(name, clampProp(name, value))} />
          ))}
        </div>
        {shows('blendMode') && (
          <SelectField label={label('blendMode')} value={str(first, 'blendMode')} options={BLEND_MODES.map((mode) => [mode, t(`blend.${mode}` as MessageKey)])}
            onCommit={(value) => commit('blendMode', value)} />
        )}
        {['fill', 'stroke', 'color'].filter(shows).map((name) => (
          <ColorField key={name} label={label(name)} value={str(first, name)} onCommit={(value) => commit(name, value)} />
        ))}
        {shows('text') && (
          <TextField label={label('text')} value={str(first, 'text')} multiline maxLength={100_000} onCommit={(value) => commit('text', value)} />
        )}
        {shows('fontFamily') && (
          <SelectField label={label('fontFamily')} value={str(first, 'fontFamily')}
            options={['SansSerif', 'Serif', 'Monospaced'].map((family) => [family, family])} onCommit={(value) => commit('fontFamily', value)} />
        )}
        {shows('fontWeight') && (
          <SelectField label={label('fontWeight')} value={String(num(first, 'fontWeight'))}
            options={[100, 200, 300, 400, 500, 600, 700, 800, 900].map((weight) => [String(weight), String(weight)])}
            onCommit={(value) => commit('fontWeight', Number(value))} />
        )}
        {shows('textAlign') && (
          <SelectField label={label('textAlign')} value={str(first, 'textAlign')} options={TEXT_ALIGNS.map((align) => [align, t(`align.${align}` as MessageKey)])}
            onCommit={(value) => commit('textAlign', value)} />
        )}
        {['visible', 'locked', 'clip'].filter(shows).map((name) => (
          <CheckField key={name} label={label(name)} checked={flag(first, name)} onCommit={(value) => commit(name, value)} />
        ))}
      </fieldset>
    </section>
  );
}

function NumberField(props: { label: string; value: number; min?: number; max?: number; step?: number; onCommit: (value: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(round(props.value)));
  useEffect(() => setText(String(round(props.value))), [props.value]);
  const commit = () => {
    const value = Number(text);
    if (text.trim() !== '' && Number.isFinite(value) && value !== round(props.value)) {
      props.onCommit(value);
    } else {
      setText(String(round(props.value)));
    }
  };
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="number" inputMode="decimal" value={text} min={props.min} max={props.max} step={props.step ?? 'any'}
        onChange={(event) => setText(event.target.value)} onBlur={commit}
        onKeyDown={(event) => { if (event.key === 'Enter') commit(); }} />
    </div>
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function TextField(props: { label: string; value: string; maxLength: number; multiline?: boolean; onCommit: (value: string) => void }) {
  const id = useId();
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const commit = () => {
    if (text !== props.value) props.onCommit(text);
  };
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea id={id} value={text} maxLength={props.maxLength} rows={3} style={{ width: '100%' }}
          onChange={(event) => setText(event.target.value)} onBlur={commit} />
      ) : (
        <input id={id} value={text} maxLength={props.maxLength} style={{ width: '100%' }}
          onChange={(event) => setText(event.target.value)} onBlur={commit}
          onKeyDown={(event) => { if (event.key === 'Enter') commit(); }} />
      )}
    </div>
  );
}

function SelectField(props: { label: string; value: string; options: [string, string][]; onCommit: (value: string) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} style={{ width: '100%' }} onChange={(event) => props.onCommit(event.target.value)}>
        {props.options.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </div>
  );
}

function CheckField(props: { label: string; checked: boolean; onCommit: (value: boolean) => void }) {
  const id = useId();
  return (
    <div style={{ display: 'flex', gap: '0.4rem', alignItems: 'center', marginTop: '0.4rem' }}>
      <input id={id} type="checkbox" checked={props.checked} onChange={(event) => props.onCommit(event.target.checked)} />
      <label htmlFor={id} style={{ margin: 0 }}>{props.label}</label>
    </div>
  );
}

/** Renders a colour picker for the RGB part and a hex field that also takes an alpha byte (`#RRGGBBAA`). */
function ColorField(props: { label: string; value: string; onCommit: (value: string) => void }) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const alpha = props.value.length === 9 ? props.value.slice(7) : '';
  const commitText = () => {
    if (COLOR_PATTERN.test(text) && text.toLowerCase() !== props.value.toLowerCase()) {
      props.onCommit(text.toLowerCase());
    } else {
      setText(props.value);
    }
  };
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      <div style={{ display: 'flex', gap: '0.3rem' }}>
        <input type="color" aria-label={t('props.pickColor', { name: props.label })} value={props.value.slice(0, 7)}
          onChange={(event) => props.onCommit(event.target.value + alpha)} style={{ width: '2.5rem', padding: 0 }} />
        <input id={id} value={text} maxLength={9} pattern="#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})" style={{ flex: 1 }}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setText(event.target.value)} onBlur={commitText}
          onKeyDown={(event) => { if (event.key === 'Enter') commitText(); }} />
      </div>
      <span id={`${id}-hint`} className="visually-hidden">{t('props.colorHint')}</span>
    </div>
  );
}
