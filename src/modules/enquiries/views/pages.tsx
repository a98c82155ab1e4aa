// Pure views: the staff pages of the 咨询登记 — the scoped list with filters, the entry form, one
// entry (full contact for staff with scope, follow-up form, one-step conversion) and the month's
// statistics with charts and their tables. Lists receive contacts already masked.
import { Fragment } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import { HorizontalBarChart } from '../../../platform/web/charts.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { ENQUIRY_CHANNELS, ENQUIRY_CONVERSIONS, TOPIC_MAX, type EnquiryChannel, type EnquiryConversion } from '../vocabulary.ts';
import { enquiryStrings as es } from '../enquiries.strings.ts';
import type { EnquiryStatistics, ListedEnquiry, StaffEnquiry } from '../enquiries.service.ts';

const st = es.staff;
const f = es.form;
const d = es.detail;
export const BASE = '/staff/enquiries';
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: BASE, label: st.title }, ...extra]} />;
const channelLabel = (c: string) => labelOf(ENQUIRY_CHANNELS, c as EnquiryChannel);
const channelOptions = ENQUIRY_CHANNELS.values.map((v) => ({ value: v.code, label: v.label }));
type Zone = { publicId: string; name: string };
const zoneOptions = (zones: readonly Zone[]) => zones.map((z) => ({ value: z.publicId, label: `${z.name}（${z.publicId}）` }));

/** Where a converted enquiry's message or application is shown to staff. */
export function convertedHref(kind: string, ref: string): string {
  return kind === 'message' ? `/staff/messages/${encodeURIComponent(ref)}` : `/staff/applications/${encodeURIComponent(ref)}`;
}

function followText(r: { followUp: boolean; followedUpOn: string | null }): string {
  return !r.followUp ? st.followNone : r.followedUpOn ? st.followDone(r.followedUpOn) : st.followOpen;
}

export interface ListQuery { zone: string; month: string; channel: string; open: boolean }

export function queryString(q: ListQuery, offset?: number): string {
  const p = new URLSearchParams();
  if (q.zone) p.set('zone', q.zone);
  if (q.month) p.set('month', q.month);
  if (q.channel) p.set('channel', q.channel);
  if (q.open) p.set('open', 'yes');
  if (offset) p.set('offset', String(offset));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function ListPage({ ctx, q, zones, rows, total, offset, limit, canWrite, errors }: {
  ctx: PageContext; q: ListQuery; zones: readonly Zone[]; rows: ListedEnquiry[]; total: number; offset: number; limit: number; canWrite: boolean; errors: FieldErrors;
}) {
  const c = st.cols;
  const ff = st.filters;
  return (
    <Layout ctx={ctx} title={st.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([])}
      <h1>{st.title}</h1>
      <ErrorSummary errors={errors} />
      {canWrite && <p><a class="button" href={`${BASE}/new`}>{st.newLink}</a></p>}
      <p><a href={`${BASE}/statistics${q.month ? `?month=${q.month}${q.zone ? `&zone=${encodeURIComponent(q.zone)}` : ''}` : ''}`}>{st.statsLink}</a> · <a href={`${BASE}.csv${queryString(q)}`}>{st.csvLink}</a></p>
      <form method="get" action={BASE} class="filters" aria-label={st.filter}>
        <Select name="zone" label={ff.zone} value={q.zone} options={zoneOptions(zones)} placeholder={ff.all} />
        <TextInput name="month" label={ff.month} value={q.month} type="month" width="short" error={errors.month} hint={st.monthHint} />
        <Select name="channel" label={ff.channel} value={q.channel} options={channelOptions} placeholder={ff.all} />
        <div class="field">
          <label class="checkbox"><input type="checkbox" name="open" value="yes" checked={q.open} /> {ff.open}</label>
        </div>
        <button type="submit" class="button button--secondary">{st.filter}</button>
      </form>
      <p>{st.total(total)}</p>
      {rows.length === 0 ? <p>{st.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={st.title}>
          <table class="table stats-table">
            <thead><tr><th scope="col">{c.id}</th><th scope="col">{c.askedAt}</th><th scope="col">{c.zone}</th><th scope="col">{c.channel}</th><th scope="col">{c.topic}</th><th scope="col">{c.followUp}</th><th scope="col">{c.contact}</th><th scope="col">{c.converted}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.publicId}>
                  <td><a href={`${BASE}/${r.publicId}`}>{r.publicId}</a></td>
                  <td>{beijingTime(r.askedAt).slice(0, 16)}</td>
                  <td>{r.venueName ?? r.orgName}</td>
                  <td>{channelLabel(r.channel)}</td>
                  <td>{r.topic}</td>
                  <td>{r.followUp && !r.followedUpOn ? <span class="tag tag--warn">{st.followOpen}</span> : followText(r)}</td>
                  <td>{r.contactName || r.contactPhone ? `${r.contactName ?? ''} ${r.contactPhone ?? ''}`.trim() : '—'}</td>
                  <td>{r.convertedKind && r.convertedRef ? <a href={convertedHref(r.convertedKind, r.convertedRef)}>{r.convertedRef}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {offset > 0 && <a href={`${BASE}${queryString(q, Math.max(0, offset - limit))}`}>{st.prev}</a>}
        {offset > 0 && offset + limit < total && ' · '}
        {offset + limit < total && <a href={`${BASE}${queryString(q, offset + limit)}`}>{st.next}</a>}
      </p>
    </Layout>
  );
}

export function NewPage({ ctx, zones, values, errors }: { ctx: PageContext; zones: readonly Zone[]; values: Record<string, string>; errors: FieldErrors }) {
  const v = (k: string) => values[k] ?? '';
  return (
    <Layout ctx={ctx} title={st.newTitle} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: st.newTitle }])}
      <h1>{st.newTitle}</h1>
      <ErrorSummary errors={errors} />
      <Form action={BASE} csrfToken={ctx.csrfToken}>
        <TextArea name="topic" label={f.topic} hint={f.topicHint(TOPIC_MAX)} value={v('topic')} error={errors.topic} rows={3} />
        <Select name="channel" label={f.channel} value={v('channel')} options={channelOptions} error={errors.channel} />
        <TextInput name="asked_at" label={f.askedAt} hint={f.askedAtHint} type="datetime-local" value={v('asked_at')} error={errors.asked_at} />
        {/* a venue passed in (e.g. by the window desk) that is not among the zones listed is kept as typed */}
        <Select name="venue" label={f.venue} hint={f.venueHint} value={v('venue')} options={zoneOptions(v('venue') && !zones.some((z) => z.publicId === v('venue')) ? [...zones, { publicId: v('venue'), name: v('venue') }] : zones)} placeholder="" error={errors.venue} />
        <TextInput name="window" label={f.window} hint={f.windowHint} value={v('window')} error={errors.window} width="short" />
        <TextArea name="answer" label={f.answer} value={v('answer')} error={errors.answer} rows={4} />
        <TextInput name="item" label={f.item} hint={f.itemHint} value={v('item')} error={errors.item} />
        <TextInput name="record" label={f.record} hint={f.recordHint} value={v('record')} error={errors.record} />
        <div class={errors.follow_up ? 'field field--error' : 'field'}>
          <label class="checkbox"><input type="checkbox" id="follow_up" name="follow_up" value="yes" checked={['yes', '1', 'on', 'true'].includes(v('follow_up'))} /> {f.followUp}</label>
          {errors.follow_up && <p class="field-error">{errors.follow_up}</p>}
        </div>
        <TextInput name="followed_up_on" label={f.followedUpOn} hint={f.followedUpOnHint} value={v('followed_up_on')} error={errors.followed_up_on} width="short" />
        <TextInput name="contact_name" label={f.contactName} value={v('contact_name')} error={errors.contact_name} autocomplete="off" />
        <TextInput name="contact_phone" label={f.contactPhone} hint={f.contactHint} type="tel" value={v('contact_phone')} error={errors.contact_phone} autocomplete="off" />
        <Button>{f.submit}</Button>
      </Form>
    </Layout>
  );
}

export interface ConvertView {
  categories: readonly { code: string; name: string }[];
  applicantTypes: readonly { value: string; label: string }[];
  deliveries: readonly { value: string; label: string }[];
  subtypes: readonly { value: string; label: string }[];
}

export function DetailPage({ ctx, e, conv, values, errors, done, tracking, status }: {
  ctx: PageContext; e: StaffEnquiry; conv: ConvertView; values: Record<string, string>; errors: FieldErrors; done?: string | undefined;
  /** Shown once, right after a conversion. */
  tracking?: string | null | undefined;
  status?: number;
}) {
  const r = e.row;
  const v = (k: string, dflt = '') => values[k] ?? dflt;
  const followUp = !!Number(r.follow_up);
  const converted = r.converted_kind && r.converted_ref ? { kind: r.converted_kind as EnquiryConversion, ref: r.converted_ref } : null;
  const title = d.title(r.public_id);
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0 || (status ?? 200) >= 400}>
      {crumbs([{ label: r.public_id }])}
      <h1>{title}</h1>
      {done && <Notice>{done}{tracking && <><br />{d.trackingCode(tracking)}</>}</Notice>}
      <ErrorSummary errors={errors} />
      <dl class="summary">
        <dt>{es.form.askedAt}</dt><dd>{beijingTime(r.asked_at).slice(0, 16)}</dd>
        <dt>{es.form.channel}</dt><dd>{channelLabel(r.channel)}</dd>
        <dt>{es.form.venue}</dt><dd>{r.venue_public_id ? `${e.names.venue ?? ''}（${r.venue_public_id}）` : '—'}</dd>
        {r.window_public_id && <><dt>{es.form.window}</dt><dd>{e.names.window ?? r.window_public_id}</dd></>}
        <dt>{d.org}</dt><dd>{e.orgName}</dd>
        <dt>{es.form.topic}</dt><dd>{r.topic}</dd>
        {r.item_public_id && <><dt>{es.form.item}</dt><dd>{e.names.item ? `${e.names.item}（${r.item_public_id}）` : r.item_public_id}</dd></>}
        {r.record_ref && <><dt>{es.form.record}</dt><dd>{/^YSQ-/.test(r.record_ref) ? <a href={`/staff/applications/${encodeURIComponent(r.record_ref)}`}>{r.record_ref}</a> : r.record_ref}</dd></>}
        <dt>{es.form.answer}</dt><dd class="pre-wrap">{r.answer || d.noAnswer}</dd>
        <dt>{d.contact}</dt><dd>{r.contact_name || r.contact_phone ? `${r.contact_name ?? ''} ${r.contact_phone ?? ''}`.trim() : d.noContact}</dd>
        <dt>{d.followUpTitle}</dt><dd>{followText({ followUp, followedUpOn: r.followed_up_on })}</dd>
        <dt>{d.createdBy}</dt><dd>{r.created_by}（{beijingTime(r.created_at)}）</dd>
        {converted && <><dt>{es.staff.cols.converted}</dt><dd>{d.convertedTo(labelOf(ENQUIRY_CONVERSIONS, converted.kind))}<a href={convertedHref(converted.kind, converted.ref)}>{converted.ref}</a></dd></>}
      </dl>

      {e.canWrite && (
        <section aria-labelledby="follow-title">
          <h2 id="follow-title">{d.followUpTitle}</h2>
          <Form action={`${BASE}/${r.public_id}`} csrfToken={ctx.csrfToken}>
            <div class={errors.follow_up ? 'field field--error' : 'field'}>
              <label class="checkbox"><input type="checkbox" id="follow_up" name="follow_up" value="yes" checked={v('follow_up', followUp ? 'yes' : '') === 'yes'} /> {es.form.followUp}</label>
              {errors.follow_up && <p class="field-error">{errors.follow_up}</p>}
            </div>
            <TextInput name="followed_up_on" label={es.form.followedUpOn} hint={es.form.followedUpOnHint} value={v('followed_up_on', r.followed_up_on ?? '')} error={errors.followed_up_on} width="short" />
            <TextArea name="answer" label={es.form.answer} value={v('answer', r.answer)} error={errors.answer} rows={4} />
            <Button variant="secondary">{es.form.save}</Button>
          </Form>
        </section>
      )}

      {e.canConvert && !converted && (
        <section aria-labelledby="convert-title">
          <h2 id="convert-title">{d.convertTitle}</h2>
          <p class="hint">{d.convertHint}</p>
          <h3>{d.toMessage}</h3>
          <Form action={`${BASE}/${r.public_id}/convert`} csrfToken={ctx.csrfToken}>
            <input type="hidden" name="kind" value="message" />
            <Select name="category" label={d.category} value={v('category')} options={conv.categories.map((c) => ({ value: c.code, label: c.name }))} placeholder="" error={errors.category} />
            <Select name="is_public" label={d.isPublic} value={v('is_public', 'no')} options={[{ value: 'no', label: d.no }, { value: 'yes', label: d.yes }]} error={errors.is_public} />
            <Button>{d.toMessage}</Button>
          </Form>
          <h3>{d.toApplication}</h3>
          <Form action={`${BASE}/${r.public_id}/convert`} csrfToken={ctx.csrfToken}>
            <input type="hidden" name="kind" value="application" />
            <Select name="applicant_type" label={d.applicantType} value={v('applicant_type', 'natural_person')} options={conv.applicantTypes} error={errors.applicant_type} />
            <Select name="applicant_subtype" label={d.applicantSubtype} value={v('applicant_subtype')} options={conv.subtypes} placeholder="" error={errors.applicant_subtype} />
            <TextInput name="applicant_id_number" label={d.idNumber} value={v('applicant_id_number')} error={errors.applicant_id_number} autocomplete="off" />
            <Select name="delivery" label={d.delivery} value={v('delivery', 'pickup')} options={conv.deliveries} error={errors.delivery} />
            <Button>{d.toApplication}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}

export function StatsPage({ ctx, s, zones, errors }: { ctx: PageContext; s: EnquiryStatistics; zones: readonly Zone[]; errors: FieldErrors }) {
  const t = es.stats;
  const q = `month=${s.month}${s.zone ? `&zone=${encodeURIComponent(s.zone)}` : ''}`;
  const channels = ENQUIRY_CHANNELS.values;
  return (
    <Layout ctx={ctx} title={`${t.title} ${s.month}`} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: t.title }])}
      <h1>{t.title} {s.month}</h1>
      <ErrorSummary errors={errors} />
      <form method="get" action={`${BASE}/statistics`} class="filters" aria-label={t.show}>
        <TextInput name="month" label={t.month} type="month" value={s.month} width="short" error={errors.month} hint={t.monthHint} />
        <Select name="zone" label={t.zone} value={s.zone ?? ''} options={zoneOptions(zones)} placeholder={t.allZones} />
        <button type="submit" class="button button--secondary">{t.show}</button>
      </form>
      <p><a href={`${BASE}/statistics.csv?${q}&table=zones`}>{t.csvZones}</a> · <a href={`${BASE}/statistics.csv?${q}&table=topics`}>{t.csvTopics}</a> · <a href={`${BASE}?${q}`}>{st.title}</a></p>
      <dl class="summary">
        <dt>{t.total}</dt><dd>{s.total}</dd>
        {channels.map((c) => <Fragment key={c.code}><dt>{c.label}</dt><dd>{s.byChannel[c.code]}</dd></Fragment>)}
        <dt>{t.followOpen}</dt><dd>{s.total ? <a href={`${BASE}?${q}&open=yes`}>{s.followUpsOpen}</a> : 0}</dd>
      </dl>
      {s.total === 0 ? <p>{t.empty}</p> : (
        <>
          <h2>{t.byZone}</h2>
          <div class="chart">
            <HorizontalBarChart id="zones-chart" title={t.chartZones(s.month)} categories={s.zones.map((z) => z.name)} series={[{ name: t.total, values: s.zones.map((z) => z.total) }]} table={false} />
          </div>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={t.byZone}>
            <table class="table stats-table">
              <caption class="visually-hidden">{t.chartZones(s.month)}</caption>
              <thead><tr><th scope="col">{t.zoneCol}</th><th scope="col">{t.total}</th>{channels.map((c) => <th scope="col" key={c.code}>{c.label}</th>)}<th scope="col">{t.followOpen}</th></tr></thead>
              <tbody>
                {s.zones.map((z) => (
                  <tr key={z.venuePublicId ?? '-'}>
                    <th scope="row">{z.venuePublicId ? <a href={`${BASE}?month=${s.month}&zone=${encodeURIComponent(z.venuePublicId)}`}>{z.name}</a> : z.name}</th>
                    <td>{z.total}</td>{channels.map((c) => <td key={c.code}>{z.byChannel[c.code]}</td>)}<td>{z.followUpsOpen}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t.byChannel}</h2>
          <div class="chart">
            <HorizontalBarChart id="channels-chart" title={t.chartChannels(s.month)} categories={channels.map((c) => c.label)} series={[{ name: t.countCol, values: channels.map((c) => s.byChannel[c.code]) }]} categoryHeader={t.channelCol} table="open" />
          </div>
          <h2>{t.topTopics}</h2>
          <div class="chart">
            <HorizontalBarChart id="topics-chart" title={t.chartTopics(s.month)} categories={s.topics.map((x) => x.topic)} series={[{ name: t.countCol, values: s.topics.map((x) => x.count) }]} categoryHeader={t.topicCol} table="open" />
          </div>
        </>
      )}
    </Layout>
  );
}
