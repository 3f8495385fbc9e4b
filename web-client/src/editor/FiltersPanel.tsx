import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, plugins } from '../api/client';
import type { FilterDescriptor, FilterParameter, FilterRef } from '../api/types';
import { prop } from '../doc/properties';
import { useT } from '../i18n';
import { errorText } from '../ui/errors';
import { setProps } from './commands';
import { useDoc, useEditor, useUi } from './context';

/** Parameter changes are written to the document after this pause, so a slider drag is one edit. */
const PREVIEW_DELAY_MS = 300;

/** Maximum filters per node, as the server's `filters` property allows. */
const MAX_FILTERS = 16;

type Params = FilterRef['params'];

function defaults(filter: FilterDescriptor): Params {
  return Object.fromEntries(filter.parameters.map((parameter) => [parameter.id, parameter.defaultValue]));
}

/**
 * Lists the installed plugins' filters and the filters of the selected node, with a form per
 * filter generated from its parameter schema. Filters are non-destructive: they are entries of
 * the node's `filters` property, which the server applies when it renders.
 */
export function FiltersPanel() {
  const t = useT();
  const { documents, canEdit } = useEditor();
  const view = useDoc((state) => state.view);
  const selection = useUi((state) => state.selection);
  const [available, setAvailable] = useState<FilterDescriptor[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const selectId = useId();

  useEffect(() => {
    plugins.filters().then(setAvailable, (caught) => {
      setAvailable([]);
      // A 404 means that the plugin host is not installed, and the empty list already shows that.
      if (!(caught instanceof ApiError && caught.status === 404)) {
        setError(errorText(t, caught));
      }
    });
    // The plugin list is loaded once per editor; t only changes the error's language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const node = selection.length === 1 ? view.nodes.get(selection[0]) : undefined;
  const current = node && node.type !== 'root' ? (prop(node, 'filters') as FilterRef[]) : null;

  const write = (filters: FilterRef[]) => {
    if (node) {
      documents.getState().edit(setProps(view, [node.id], { filters: filters.length === 0 ? null : filters }));
    }
  };

  return (
    <section aria-labelledby="filters-heading">
      <h2 id="filters-heading">{t('filters.title')}</h2>
      <p role="alert" className="error">{error}</p>
      {available === null && <p className="muted">{t('common.loading')}</p>}
      {available !== null && available.length === 0 && !error && <p className="muted">{t('filters.none')}</p>}
      {!current && <p className="muted">{t('filters.selectOne')}</p>}
      {current && (
        <>
          <ol style={{ paddingLeft: '1.2rem' }}>
            {current.map((entry, index) => {
              const descriptor = available?.find((filter) => filter.id === entry.id);
              return (
                <li key={`${entry.id}-${index}`}>
                  <FilterForm
                    title={descriptor?.name ?? entry.id}
                    parameters={descriptor?.parameters ?? []}
                    values={entry.params}
                    disabled={!canEdit}
                    onChange={(params) => write(current.map((each, i) => (i === index ? { ...each, params } : each)))}
                  />
                  <button type="button" disabled={!canEdit} onClick={() => write(current.filter((_, i) => i !== index))}>
                    {t('filters.remove')}<span className="visually-hidden"> {descriptor?.name ?? entry.id}</span>
                  </button>
                </li>
              );
            })}
          </ol>
          {available && available.length > 0 && (
            <div>
              <label htmlFor={selectId}>{t('filters.add')}</label>
              <div style={{ display: 'flex', gap: '0.3rem' }}>
                <select id={selectId} value={chosen} onChange={(event) => setChosen(event.target.value)} style={{ flex: 1 }}>
                  <option value="">{t('filters.choose')}</option>
                  {available.map((filter) => <option key={filter.id} value={filter.id}>{filter.name}</option>)}
                </select>
                <button
                  type="button"
                  disabled={!canEdit || !chosen || current.length >= MAX_FILTERS}
                  onClick={() => {
                    const filter = available.find((each) => each.id === chosen);
                    if (filter) {
                      write([...current, { id: filter.id, version: filter.versionRange, params: defaults(filter) }]);
                    }
                  }}
                >
                  {t('filters.apply')}
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Renders a form from a filter's parameter schema and writes changes after a short pause. */
export function FilterForm(props: { title: string; parameters: FilterParameter[]; values: Params; disabled: boolean;
  onChange: (params: Params) => void }) {
  const [values, setValues] = useState<Params>(props.values);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const baseId = useId();

  useEffect(() => setValues(props.values), [props.values]);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  const update = (id: string, value: number | string | boolean) => {
    const next = { ...values, [id]: value };
    setValues(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => props.onChange(next), PREVIEW_DELAY_MS);
  };

  return (
    <fieldset disabled={props.disabled}>
      <legend>{props.title}</legend>
      {props.parameters.map((parameter) => {
        const id = `${baseId}-${parameter.id}`;
        const value = values[parameter.id] ?? parameter.defaultValue;
        switch (parameter.kind) {
          case 'number':
            return (
              <div key={parameter.id}>
                <label htmlFor={id}>{parameter.label}: {String(value)}</label>
                <input id={id} type="range" min={parameter.min} max={parameter.max}
                  step={parameter.integer ? 1 : (parameter.max - parameter.min) / 100 || 'any'} value={Number(value)}
                  onChange={(event) => update(parameter.id, Number(event.target.value))} style={{ width: '100%' }} />
              </div>
            );
          case 'color':
            return (
              <div key={parameter.id}>
                <label htmlFor={id}>{parameter.label}</label>
                <input id={id} type="color" value={String(value).slice(0, 7)} onChange={(event) => update(parameter.id, event.target.value)} />
              </div>
            );
          case 'bool':
            return (
              <div key={parameter.id} style={{ display: 'flex', gap: '0.4rem', alignItems: 'center' }}>
                <input id={id} type="checkbox" checked={Boolean(value)} onChange={(event) => update(parameter.id, event.target.checked)} />
                <label htmlFor={id} style={{ margin: 0 }}>{parameter.label}</label>
              </div>
            );
          case 'choice':
            return (
              <div key={parameter.id}>
                <label htmlFor={id}>{parameter.label}</label>
                <select id={id} value={String(value)} onChange={(event) => update(parameter.id, event.target.value)}>
                  {parameter.choices.map((choice) => <option key={choice} value={choice}>{choice}</option>)}
                </select>
              </div>
            );
        }
      })}
    </fieldset>
  );
}
