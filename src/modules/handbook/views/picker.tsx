// Pure view: /services/handbook — choose the region (a county with items, or a township/village
// code), edition, paper size, grouping and format of the 办事一本通. A GET form (nothing is stored).
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { EDITIONS, FORMATS, GROUPINGS, SIZES } from '../handbook-model.ts';
import { hs } from '../handbook.strings.ts';

function Radios({ name, legend, values, checked }: { name: string; legend: string; values: readonly { code: string; label: string }[]; checked: string }) {
  return (
    <fieldset class="field">
      <legend>{legend}</legend>
      {values.map((v) => (
        <div class="consent-check" key={v.code}>
          <input type="radio" id={`${name}-${v.code}`} name={name} value={v.code} checked={v.code === checked} />
          <label for={`${name}-${v.code}`}>{v.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** What was chosen (kept on a refused submission) and the problem with the code, if any. */
export interface PickerValues { county?: string; code?: string; edition?: string; size?: string; group?: string; format?: string }

export function HandbookPickerPage({ ctx, counties, values = {}, codeError }: { ctx: PageContext; counties: { code: string; name: string }[]; values?: PickerValues; codeError?: string }) {
  const pick = (v: string | undefined, list: readonly { code: string }[], fallback: string) => (v && list.some((x) => x.code === v) ? v : fallback);
  return (
    <Layout ctx={ctx} title={hs.pickerTitle} hasErrors={!!codeError}>
      <Breadcrumbs items={[{ href: '/', label: '首页' }, { href: '/services', label: '政务服务' }, { label: hs.title }]} />
      <h1>{hs.pickerTitle}</h1>
      <p>{hs.pickerIntro}</p>
      {codeError && <ErrorSummary errors={{ code: codeError }} />}
      {counties.length === 0 ? <p>{hs.noCounties}</p> : (
        <form method="get" action="/services/handbook/go" class="handbook-form">
          <div class="field">
            <label for="county">{hs.county}</label>
            <p class="hint" id="county-hint">{hs.countyHint}</p>
            <select class="input" id="county" name="county" aria-describedby="county-hint">
              {counties.map((c) => <option key={c.code} value={c.code.slice(0, 6)} selected={values.county === c.code.slice(0, 6)}>{c.name}（{c.code.slice(0, 6)}）</option>)}
            </select>
          </div>
          <div class={codeError ? 'field field--error' : 'field'}>
            <label for="code">{hs.regionCode}</label>
            <p class="hint" id="code-hint">{hs.regionCodeHint}</p>
            {codeError && <p class="field-error" id="code-error">{codeError}</p>}
            <input class="input input--short" id="code" name="code" inputMode="numeric" maxLength={12} autocomplete="off" aria-describedby={codeError ? 'code-hint code-error' : 'code-hint'} aria-invalid={codeError ? 'true' : undefined} value={values.code ?? ''} />
          </div>
          <Radios name="edition" legend={hs.edition} values={EDITIONS.values} checked={pick(values.edition, EDITIONS.values, 'personal')} />
          <Radios name="size" legend={hs.size} values={SIZES.values} checked={pick(values.size, SIZES.values, 'a5')} />
          <Radios name="group" legend={hs.grouping} values={GROUPINGS.values} checked={pick(values.group, GROUPINGS.values, 'life_event')} />
          <Radios name="format" legend={hs.format} values={FORMATS.values} checked={pick(values.format, FORMATS.values, 'html')} />
          <button type="submit" class="button">{hs.submit}</button>
        </form>
      )}
    </Layout>
  );
}
