// Pure views: the public life-event page (the published stages of the visitor's county, with the
// items available in the visitor's region) and the staff editor of a government's draft.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { AUDIENCES, type Audience } from '../service-map.ts';
import type { SetDoc, SetStage } from '../life-events-model.ts';
import type { PublicStage, UsableItem } from '../life-events.repository.ts';
import type { EditorState, Government } from '../life-events.service.ts';
import { lifeEventStrings as s } from '../life-events.strings.ts';

const audienceLabel = (a: Audience) => AUDIENCES.values.find((x) => x.code === a)?.label ?? a;
const short = (code12: string) => code12.slice(0, 6);

export interface PublicPageProps {
  ctx: PageContext;
  counties: { code: string; name: string }[];
  /** The visitor's region (12 digits) and its name; null when no set is published anywhere. */
  region: { code: string; name: string } | null;
  county: { code: string; name: string; version: number; publishedAt: string | null } | null;
  audience: Audience;
  stages: PublicStage[];
  catalogueItems: Map<string, { label: string; href: string } | null>;
}

export function LifeEventsPage(p: PublicPageProps) {
  const { region, county, audience, stages } = p;
  const regionValue = region ? region.code.replace(/(000)+$/, '').padEnd(6, '0') : '';
  const options = p.counties.map((c) => ({ value: short(c.code), label: c.name }));
  if (region && !options.some((o) => o.value === regionValue)) options.push({ value: regionValue, label: region.name });
  return (
    <Layout ctx={p.ctx} title={s.title}>
      <Breadcrumbs items={[{ href: '/services', label: s.servicesCrumb }, { label: s.title }]} />
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      {p.counties.length === 0 ? <Notice>{s.noSets}</Notice> : (
        <>
          <form method="get" action="/services/life-events" class="filter-form">
            <Select name="region" label={s.regionLabel} value={regionValue} options={options} />
            <Select name="audience" label={s.audienceLabel} value={audience} options={AUDIENCES.values.map((a) => ({ value: a.code, label: a.label }))} />
            <button type="submit" class="button button--secondary">{s.show}</button>
          </form>
          <nav aria-label={s.regionNav}>
            <ul class="tabs">
              {p.counties.flatMap((c) => AUDIENCES.values.map((a) => (
                <li key={`${c.code}-${a.code}`}><a href={`/services/life-events?region=${short(c.code)}&audience=${a.code}`} aria-current={county && c.code === county.code && a.code === audience ? 'page' : undefined}>{s.regionAudience(c.name, a.label)}</a></li>
              )))}
            </ul>
          </nav>
          {county && county.publishedAt && <p class="muted">{s.publishedNote(county.name, county.version, county.publishedAt.slice(0, 10))}{region ? s.itemsIn(region.name) : ''}</p>}
          {stages.length === 0 ? <Notice>{s.noStages}</Notice> : (
            <ol class="stages">
              {stages.map((st) => (
                <li key={st.slug} id={st.slug}>
                  <h2>{st.position}. {st.name}</h2>
                  {st.description && <p>{st.description}</p>}
                  <h3>{s.serviceItems}</h3>
                  {st.items.length ? <ul>{st.items.map((i) => <li key={i.publicId}><a href={`/services/items/${encodeURIComponent(i.publicId)}`}>{i.name}</a>{i.department && <span class="muted"> {i.department}</span>}</li>)}</ul> : <p class="muted">{s.noItems}</p>}
                  {st.catalogueRefs.length > 0 && (
                    <>
                      <h3>{s.catalogueRefs}</h3>
                      <ul>
                        {st.catalogueRefs.map((c) => {
                          const found = p.catalogueItems.get(c);
                          return <li key={c}>{found ? <a href={found.href}>{found.label}</a> : `${c}${s.catalogueRefUnpublished}`}</li>;
                        })}
                      </ul>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
          <p class="muted">{audienceLabel(audience)}</p>
        </>
      )}
    </Layout>
  );
}

const t = s.staff;

export function GovernmentPicker({ ctx, governments }: { ctx: PageContext; governments: Government[] }) {
  return (
    <Layout ctx={ctx} title={t.title}>
      <Breadcrumbs items={[{ href: '/staff', label: t.crumb }, { label: t.title }]} />
      <h1>{t.title}</h1>
      {governments.length === 0 ? <Notice>{t.noGovs}</Notice> : (
        <form method="get" action="/staff/life-events">
          <Select name="gov" label={t.chooseGov} options={governments.map((g) => ({ value: g.code, label: g.name }))} />
          <button type="submit" class="button">{t.open}</button>
        </form>
      )}
      <ul>{governments.map((g) => <li key={g.code}><a href={`/staff/life-events/${encodeURIComponent(g.code)}`}>{g.name}</a></li>)}</ul>
    </Layout>
  );
}

export interface EditorProps {
  ctx: PageContext;
  gov: Government;
  state: EditorState;
  names: Map<string, string>;
  done: string | null;
  /** The form that came back with errors: its field values (the rest of the page shows the draft). */
  errors: FieldErrors;
  values: Record<string, string>;
  q: string;
  found: UsableItem[] | null;
}

export function LifeEventsEditor(p: EditorProps) {
  const { gov, state, errors, values } = p;
  const base = `/staff/life-events/${encodeURIComponent(gov.code)}`;
  const draft: SetDoc | null = state.draft;
  const hasErrors = Object.keys(errors).length > 0;
  const v = (k: string, fallback: string) => (k in values ? values[k] as string : fallback);
  const stageOptions = (draft?.stages ?? []).map((st) => ({ value: `${st.audience}/${st.slug}`, label: `${audienceLabel(st.audience)} · ${st.name}` }));
  return (
    <Layout ctx={p.ctx} title={t.editorTitle(gov.name)} hasErrors={hasErrors}>
      <Breadcrumbs items={[{ href: '/staff', label: t.crumb }, { href: '/staff/life-events', label: t.title }, { label: gov.name }]} />
      <h1>{t.editorTitle(gov.name)}</h1>
      <ErrorSummary errors={errors} />
      {p.done && <Notice>{p.done}</Notice>}
      <p>
        {state.set && state.set.publishedVersion > 0 ? t.published(state.set.publishedVersion, (state.set.publishedAt ?? '').replace('T', ' ').slice(0, 16), state.set.publishedBy ?? '') : t.neverPublished}
        {' '}{state.set?.draft ? t.draftEdited((state.set.draftUpdatedAt ?? '').replace('T', ' ').slice(0, 16), state.set.draftUpdatedBy ?? '') : draft ? t.draftSame : ''}
      </p>
      {!draft && (
        <section aria-labelledby="start-h">
          <h2 id="start-h">{t.noDraft}</h2>
          <p class="hint">{t.startHint}</p>
          <Form action={`${base}/start`} csrfToken={p.ctx.csrfToken}><Button>{t.start}</Button></Form>
        </section>
      )}
      {draft && (
        <section aria-labelledby="publish-h">
          <h2 id="publish-h">{t.publishTitle}</h2>
          <p>{t.changes}</p>
          {state.changes.length ? <ul>{state.changes.map((c, k) => <li key={k}>{c}</li>)}</ul> : <p class="muted">{t.noChanges}</p>}
          {errors.publish && <p class="field-error" id="publish">{errors.publish}</p>}
          {state.set?.draft && (
            <div class="button-row">
              <Form action={`${base}/publish`} csrfToken={p.ctx.csrfToken} class="inline-form"><Button>{t.publish}</Button></Form>
              <Form action={`${base}/discard`} csrfToken={p.ctx.csrfToken} class="inline-form"><Button variant="warning">{t.discard}</Button></Form>
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="import-h">
        <h2 id="import-h">{t.importTitle}</h2>
        <p class="hint" id="file-hint">{t.importHint}</p>
        <form method="post" action={`${base}/import`} encType="multipart/form-data" novalidate>
          <input type="hidden" name="_csrf" value={p.ctx.csrfToken} />
          <div class={errors.file ? 'field field--error' : 'field'}>
            <label for="file">{t.file}</label>
            {errors.file && <p class="field-error" id="file-error">{errors.file}</p>}
            <input type="file" id="file" name="file" accept=".xlsx,.jsonl,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'} />
          </div>
          <button type="submit" class="button button--secondary">{t.importButton}</button>
        </form>
        {draft && <p><a href={`${base}/export.xlsx`}>{t.export}</a></p>}
      </section>
      {draft && (
        <>
          <section aria-labelledby="search-h">
            <h2 id="search-h">{t.search}</h2>
            <form method="get" action={base}>
              <TextInput name="q" label={t.search} value={p.q} />
              <button type="submit" class="button button--secondary">{t.searchButton}</button>
            </form>
            {p.found && (
              <>
                <p>{t.searchResults(p.found.length)}</p>
                <ul class="plain">
                  {p.found.map((i) => (
                    <li key={i.publicId}>
                      {i.name} <span class="muted">{i.publicId}{i.department ? ` · ${i.department}` : ''}</span>
                      <Form action={`${base}/items`} csrfToken={p.ctx.csrfToken} class="inline-form">
                        <input type="hidden" name="code" value={i.publicId} />
                        <label class="visually-hidden" for={`to-${i.publicId}`}>{t.stage}</label>
                        <select id={`to-${i.publicId}`} name="stage" class="input input--short">{stageOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>
                        <Button variant="secondary">{t.addItem}</Button>
                      </Form>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          {AUDIENCES.values.map((a) => (
            <section key={a.code} aria-labelledby={`aud-${a.code}`}>
              <h2 id={`aud-${a.code}`}>{a.label}（{draft.stages.filter((x) => x.audience === a.code).length}）</h2>
              <ol class="stages">
                {draft.stages.filter((x) => x.audience === a.code).map((st) => <StageEditor key={st.slug} base={base} st={st} csrf={p.ctx.csrfToken} names={p.names} errors={errors} v={v} />)}
              </ol>
            </section>
          ))}
          <section aria-labelledby="add-h">
            <h2 id="add-h">{t.addStage}</h2>
            <Form action={`${base}/stages`} csrfToken={p.ctx.csrfToken}>
              <Select name="audience" label={s.audienceLabel} value={v('audience', 'enterprise')} options={AUDIENCES.values.map((x) => ({ value: x.code, label: x.label }))} error={errors.audience} />
              <TextInput name="name" label={t.stageName} value={v('name', '')} error={errors.name} />
              <TextInput name="slug" label={t.stageSlug} value={v('slug', '')} error={errors.slug} />
              <TextArea name="description" label={t.description} value={v('description', '')} rows={2} error={errors.description} />
              <Button>{t.addStage}</Button>
            </Form>
          </section>
        </>
      )}
    </Layout>
  );
}

function StageEditor({ base, st, csrf, names, errors, v }: { base: string; st: SetStage; csrf: string; names: Map<string, string>; errors: FieldErrors; v: (k: string, f: string) => string }) {
  const id = `${st.audience}-${st.slug}`;
  const action = `${base}/stages/${st.audience}/${encodeURIComponent(st.slug)}`;
  return (
    <li id={`stage-${id}`}>
      <h3>{st.name} <span class="muted">{st.slug}</span></h3>
      <Form action={action} csrfToken={csrf}>
        <input type="hidden" name="action" value="save" />
        <TextInput name={`name-${id}`} label={t.stageName} value={v(`name-${id}`, st.name)} error={errors[`name-${id}`]} />
        <TextArea name={`description-${id}`} label={t.description} rows={2} value={v(`description-${id}`, st.description)} error={errors[`description-${id}`]} />
        <TextArea name={`catalogue-${id}`} label={t.catalogue} rows={2} value={v(`catalogue-${id}`, st.catalogue.join('\n'))} error={errors[`catalogue-${id}`]} />
        <Button variant="secondary">{t.save}</Button>
      </Form>
      <div class="button-row">
        {(['up', 'down', 'delete'] as const).map((act) => (
          <Form key={act} action={action} csrfToken={csrf} class="inline-form">
            <input type="hidden" name="action" value={act} />
            <Button variant={act === 'delete' ? 'warning' : 'secondary'}>{act === 'up' ? t.up : act === 'down' ? t.down : t.remove}<span class="visually-hidden">：{st.name}</span></Button>
          </Form>
        ))}
      </div>
      <h4>{t.items}</h4>
      {st.items.length === 0 ? <p class="muted">{t.noItems}</p> : (
        <ul>
          {st.items.map((i) => (
            <li key={i}>
              {names.get(i) ?? i} <span class="muted">{i}</span>
              <Form action={`${action}/items`} csrfToken={csrf} class="inline-form">
                <input type="hidden" name="action" value="remove" />
                <input type="hidden" name="item" value={i} />
                <Button variant="secondary">{t.removeItem(names.get(i) ?? i)}</Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form action={`${action}/items`} csrfToken={csrf}>
        <input type="hidden" name="action" value="add" />
        <TextInput name={`code-${id}`} label={t.itemCode} value={v(`code-${id}`, '')} error={errors[`code-${id}`]} width="short" />
        <Button variant="secondary">{t.addItem}</Button>
      </Form>
    </li>
  );
}
