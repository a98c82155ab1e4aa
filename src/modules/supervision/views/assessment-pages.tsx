// Pure views: 年考评 — the year's page (year and office picker, the scheme editor, the scores and
// ranks per level, the lock with its confirmation) and one organisation's page (how each score was
// reached; the manual score forms).
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, Form, Notice } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { FIGURE_KEY_OF, FIGURE_SOURCES, LEVELS, METHODS, fmt, mappingText, weightOf, type OrgResult, type Scheme } from '../assessment.ts';
import type { Office, YearScheme } from '../assessment.service.ts';
import { assessmentStrings as s } from '../assessment.strings.ts';
import { figureStrings } from '../figures.strings.ts';

const p = s.page;
export const BASE = '/staff/supervision/assessment';

/** The editor's rows as typed (strings), blank rows included. */
export interface SchemeForm {
  total: string;
  groups: { code: string; name: string; max: string }[];
  indicators: { code: string; name: string; group: string; max: string; method: string; source: string; mapping: string; steps: string; description: string }[];
}

const crumbs = (label?: string, year?: number) => [
  { href: '/staff', label: s.workbench },
  ...(label ? [{ href: `${BASE}?year=${year ?? ''}`, label: s.title }, { label }] : [{ label: s.title }]),
];

function Cell({ name, value, label, width }: { name: string; value: string; label: string; width?: number }) {
  return <input id={name} name={name} value={value} aria-label={label} class="input" style={width ? `width:${width}em;min-width:${width}em` : undefined} />;
}

function Choice({ name, value, label, options }: { name: string; value: string; label: string; options: readonly { value: string; label: string }[] }) {
  return (
    <select id={name} name={name} aria-label={label} class="input" style="min-width:8em">
      {options.map((o) => <option key={o.value} value={o.value} selected={o.value === value}>{o.label}</option>)}
    </select>
  );
}

export function AssessmentPage({ ctx, year, office, offices, scheme, results, form, errors, message, years }: {
  ctx: PageContext; year: number; office: Office; offices: Office[]; scheme: YearScheme; results: OrgResult[]; form: SchemeForm;
  errors: FieldErrors; message: string | null; years: number[];
}) {
  const locked = scheme.lockedAt !== null;
  const q = offices.length > 1 ? `&office=${office.code}` : '';
  const officeField = offices.length > 1 ? <input type="hidden" name="office" value={office.code} /> : null;
  return (
    <Layout ctx={ctx} title={`${s.title} ${year}`} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={crumbs()} />
      <ErrorSummary errors={errors} />
      <h1>{office.name} {year} {s.title}</h1>
      {message && <Notice>{message}</Notice>}
      <p>{p.intro}</p>
      <form method="get" action={BASE} class="inline-form">
        <label for="year">{p.year}</label>
        <select id="year" name="year" class="input input--short">
          {years.map((y) => <option key={y} value={String(y)} selected={y === year}>{y}</option>)}
        </select>
        {offices.length > 1 && (<>
          <label for="office">{p.office}</label>
          <select id="office" name="office" class="input">
            {offices.map((o) => <option key={o.code} value={o.code} selected={o.code === office.code}>{o.name}</option>)}
          </select>
        </>)}
        <button type="submit" class="button button--secondary">{p.show}</button>
      </form>

      <h2 id="scores">{p.scoresTitle}</h2>
      <p><a href={`${BASE}/${year}/scores.xlsx${q ? `?office=${office.code}` : ''}`}>{p.xlsx}</a></p>
      {results.length === 0 ? <p>{p.noOrgs}</p> : LEVELS.filter((l) => results.some((r) => r.level === l)).map((level) => (
        <div key={level} class="table-scroll" tabIndex={0} role="region" aria-label={`${p.scoresTitle}：${s.level[level]}`}>
          <table>
            <caption>{s.level[level]}</caption>
            <thead>
              <tr>
                <th scope="col">{p.rank}</th><th scope="col">{p.org}</th>
                {scheme.scheme.groups.map((g) => <th key={g.code} scope="col">{g.name}（{fmt(g.max)}）</th>)}
                <th scope="col">{p.totalScore}</th>
              </tr>
            </thead>
            <tbody>
              {results.filter((r) => r.level === level).map((r) => (
                <tr key={r.code}>
                  <td>{r.rank}</td>
                  <td><a href={`${BASE}/${year}/${r.code}${q ? `?office=${office.code}` : ''}`}>{r.name}</a>{r.lines.some((l) => l.missing) ? `（${p.notScored}）` : ''}</td>
                  {r.groups.map((g) => <td key={g.group.code}>{fmt(g.points)}</td>)}
                  <td><strong>{fmt(r.total)}</strong></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}

      <h2 id="lock-title">{p.lockTitle}</h2>
      {locked ? <p>{p.lockedAt(beijingTime(scheme.lockedAt!), scheme.lockedBy ?? '')}</p> : (
        <Form action={`${BASE}/${year}/lock`} csrfToken={ctx.csrfToken}>
          {officeField}
          <p>{p.lockHint}</p>
          <div class={errors.confirm ? 'field field--error' : 'field'}>
            {errors.confirm && <p class="field-error" id="confirm-error">{errors.confirm}</p>}
            <input type="checkbox" id="confirm" name="confirm" value="1" aria-describedby={errors.confirm ? 'confirm-error' : undefined} />
            <label for="confirm"> {p.lockConfirmLabel}</label>
          </div>
          <button type="submit" class="button button--warning">{p.lock}</button>
        </Form>
      )}

      <h2 id="scheme">{p.schemeTitle}</h2>
      <p>{p.schemeSource[scheme.source]}。{p.defaultBasis}</p>
      {locked ? <SchemeTable scheme={scheme.scheme} /> : (
        <Form action={`${BASE}/${year}/scheme`} csrfToken={ctx.csrfToken}>
          {officeField}
          <div class={errors.total ? 'field field--error' : 'field'}>
            <label for="total">{p.total}</label>
            {errors.total && <p class="field-error" id="total-error">{errors.total}</p>}
            <input id="total" name="total" value={form.total} class="input input--short" aria-describedby={errors.total ? 'total-error' : undefined} />
          </div>
          <p class="hint">{p.blankHint}</p>
          <input type="hidden" name="group_count" value={String(form.groups.length)} />
          <input type="hidden" name="indicator_count" value={String(form.indicators.length)} />
          <div class="table-scroll" tabIndex={0} role="region" aria-label={p.groups}>
            <table>
              <caption>{p.groups}</caption>
              <thead><tr><th scope="col">{p.code}</th><th scope="col">{p.name}</th><th scope="col">{p.max}</th></tr></thead>
              <tbody>
                {form.groups.map((g, i) => (
                  <tr key={i}>
                    <td><Cell name={`g_${i + 1}_code`} value={g.code} label={`${p.groups} ${i + 1} ${p.code}`} width={4} /></td>
                    <td><Cell name={`g_${i + 1}_name`} value={g.name} label={`${p.groups} ${i + 1} ${p.name}`} /></td>
                    <td><Cell name={`g_${i + 1}_max`} value={g.max} label={`${p.groups} ${i + 1} ${p.max}`} width={5} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={p.indicators}>
            <table>
              <caption>{p.indicators}</caption>
              <thead><tr>
                <th scope="col">{p.code}</th><th scope="col">{p.group}</th><th scope="col">{p.name}</th><th scope="col">{p.max}</th>
                <th scope="col">{p.methodLabel}</th><th scope="col">{p.sourceLabel}</th><th scope="col">{p.mappingLabel}</th><th scope="col">{p.stepsLabel}</th><th scope="col">{p.description}</th>
              </tr></thead>
              <tbody>
                {form.indicators.map((x, i) => {
                  const n = i + 1;
                  const l = (what: string) => `${p.indicators} ${n} ${what}`;
                  return (
                    <tr key={i}>
                      <td><Cell name={`i_${n}_code`} value={x.code} label={l(p.code)} width={4} /></td>
                      <td><Cell name={`i_${n}_group`} value={x.group} label={l(p.group)} width={4} /></td>
                      <td><Cell name={`i_${n}_name`} value={x.name} label={l(p.name)} width={12} /></td>
                      <td><Cell name={`i_${n}_max`} value={x.max} label={l(p.max)} width={5} /></td>
                      <td><Choice name={`i_${n}_method`} value={x.method} label={l(p.methodLabel)} options={METHODS.values.map((v) => ({ value: v.code, label: v.label }))} /></td>
                      <td><Choice name={`i_${n}_source`} value={x.source} label={l(p.sourceLabel)} options={[{ value: '', label: '—' }, ...FIGURE_SOURCES.values.map((v) => ({ value: v.code, label: v.label }))]} /></td>
                      <td><Choice name={`i_${n}_mapping`} value={x.mapping} label={l(p.mappingLabel)} options={[{ value: 'linear', label: s.mapping.linear }, { value: 'steps', label: '分档' }]} /></td>
                      <td><Cell name={`i_${n}_steps`} value={x.steps} label={l(p.stepsLabel)} width={10} /></td>
                      <td><Cell name={`i_${n}_description`} value={x.description} label={l(p.description)} width={16} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>
            <button type="submit" name="intent" value="save" class="button">{p.save}</button>{' '}
            <button type="submit" name="intent" value="copy_previous" class="button button--secondary">{p.copyPrevious}</button>{' '}
            <button type="submit" name="intent" value="copy_default" class="button button--secondary">{p.copyDefault}</button>
          </p>
        </Form>
      )}
    </Layout>
  );
}

function SchemeTable({ scheme }: { scheme: Scheme }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={p.schemeTitle}>
      <table>
        <caption>{p.schemeTitle}（{p.total} {fmt(scheme.total)}）</caption>
        <thead><tr><th scope="col">{p.group}</th><th scope="col">{p.code}</th><th scope="col">{p.name}</th><th scope="col">{p.max}</th><th scope="col">{p.weight}</th><th scope="col">{p.methodLabel}</th><th scope="col">{p.mappingLabel}</th></tr></thead>
        <tbody>
          {scheme.indicators.map((x) => (
            <tr key={x.code}>
              <td>{scheme.groups.find((g) => g.code === x.group)?.name}</td><td>{x.code}</td><td>{x.name}</td><td>{fmt(x.max)}</td><td>{fmt(weightOf(x.max, scheme.total))}%</td>
              <td>{s.method[x.method]}{x.source ? `：${s.source[x.source]}` : ''}</td><td>{x.method === 'auto' ? mappingText(x.mapping) : x.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrgAssessmentPage({ ctx, year, office, multiOffice, org, scheme, values, errors, message }: {
  ctx: PageContext; year: number; office: Office; multiOffice: boolean; org: OrgResult; scheme: YearScheme;
  values: Record<string, { points: string; note: string }>; errors: FieldErrors; message: string | null;
}) {
  const locked = scheme.lockedAt !== null;
  const title = p.orgTitle(org.name, year);
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={crumbs(org.name, year)} />
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      {message && <Notice>{message}</Notice>}
      {locked && <p>{p.lockedAt(beijingTime(scheme.lockedAt!), scheme.lockedBy ?? '')}</p>}
      <p>{s.level[org.level]} · {p.rank} {org.rank} · {p.totalScore} <strong>{fmt(org.total)}</strong> / {fmt(scheme.scheme.total)}</p>
      {scheme.scheme.groups.map((g) => {
        const lines = org.lines.filter((l) => l.indicator.group === g.code);
        const sub = org.groups.find((x) => x.group.code === g.code)?.points ?? 0;
        return (
          <section key={g.code} aria-labelledby={`g-${g.code}`}>
            <h2 id={`g-${g.code}`}>{g.name}（{fmt(sub)} / {fmt(g.max)}）</h2>
            {lines.map((l) => {
              const x = l.indicator;
              const v = values[x.code] ?? { points: l.manual ? fmt(l.manual.points) : '', note: l.manual?.note ?? '' };
              return (
                <div key={x.code} class="panel">
                  <h3>{x.code} {x.name}：{fmt(l.points)} / {fmt(x.max)} {p.points}</h3>
                  <p class="hint">{s.method[x.method]}{x.description ? ` · ${x.description}` : ''}</p>
                  {l.auto && (
                    <dl>
                      <dt>{p.figure}</dt><dd>{x.source ? `${s.source[x.source]}（${figureStrings.definitions[FIGURE_KEY_OF[x.source]]}）` : ''}</dd>
                      <dt>{p.how}</dt><dd>{l.auto.how}</dd>
                    </dl>
                  )}
                  {x.method === 'manual' && (
                    <>
                      <p>{l.manual ? `${p.scoreNote}：${l.manual.note || '—'}（${p.scoredBy(l.manual.by, beijingTime(l.manual.at))}）` : p.notScored}</p>
                      {!locked && (
                        <Form action={`${BASE}/${year}/${org.code}/scores`} csrfToken={ctx.csrfToken} class="inline-form">
                          {multiOffice && <input type="hidden" name="office" value={office.code} />}
                          <input type="hidden" name="indicator" value={x.code} />
                          <div class={errors[`points_${x.code}`] ? 'field field--error' : 'field'}>
                            <label for={`points_${x.code}`}>{p.points}（0—{fmt(x.max)}）</label>
                            {errors[`points_${x.code}`] && <p class="field-error" id={`points_${x.code}-error`}>{errors[`points_${x.code}`]}</p>}
                            <input id={`points_${x.code}`} name="points" value={v.points} class="input input--short" aria-describedby={errors[`points_${x.code}`] ? `points_${x.code}-error` : undefined} />
                          </div>
                          <div class={errors[`note_${x.code}`] ? 'field field--error' : 'field'}>
                            <label for={`note_${x.code}`}>{p.scoreNote}</label>
                            {errors[`note_${x.code}`] && <p class="field-error" id={`note_${x.code}-error`}>{errors[`note_${x.code}`]}</p>}
                            <input id={`note_${x.code}`} name="note" value={v.note} class="input" />
                          </div>
                          <button type="submit" class="button button--secondary">{p.scoreSave}</button>
                        </Form>
                      )}
                    </>
                  )}
                </div>
              );
            })}
          </section>
        );
      })}
      <p><a href={`${BASE}?year=${year}${multiOffice ? `&office=${office.code}` : ''}`}>{p.back}</a></p>
    </Layout>
  );
}
