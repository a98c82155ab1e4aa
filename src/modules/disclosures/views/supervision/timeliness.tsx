// Pure views: the openness office's named lists and the 公开指南 form.
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, TextArea, TextInput } from '../../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../../platform/web/forms.ts';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import type { BlankItem, WatchRow } from '../../disclosures.queries.ts';
import { recordHref, GUIDE_FIELDS } from '../../disclosures.queries.ts';
import { overdueReason, WATCH_LISTS, type WatchList } from '../../supervision.ts';
import { pub, stateLabel, sup } from '../../disclosures-public.strings.ts';

const crumbs = (extra: { href?: string; label: string }[]) => [{ href: '/staff', label: '工作台' }, { href: '/staff/disclosures/timeliness', label: sup.title }, ...extra];

export type ListData = { list: WatchList; records: WatchRow[]; items: BlankItem[] };

function ListTable({ data, today, limit }: { data: ListData; today: string; limit: number }) {
  const c = sup.columns;
  const caption = sup.lists[data.list].title;
  if (data.list === 'blank_items') {
    if (!data.items.length) return <p>{sup.empty}</p>;
    return (
      <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption class="visually-hidden">{caption}</caption>
          <thead><tr><th scope="col">{c.org}</th><th scope="col">{c.catalog}</th><th scope="col">{c.item}</th><th scope="col">{c.deadline}</th></tr></thead>
          <tbody>
            {data.items.slice(0, limit).map((i) => (
              <tr key={`${i.catalogId}/${i.itemKey}`}><td>{i.orgName}</td><td>{i.catalogTitle}</td><td><a href={`/openness/catalogs/${i.catalogId}/items/${encodeURIComponent(i.itemKey)}`}>{i.itemName}</a></td><td>{i.deadlineText || '—'}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (!data.records.length) return <p>{sup.empty}</p>;
  const validity = data.list === 'past_validity';
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.indexNo}</th><th scope="col">{c.title}</th><th scope="col">{c.org}</th>
            {validity ? <><th scope="col">{c.publishedOn}</th><th scope="col">{c.expiresOn}</th></> : <><th scope="col">{c.state}</th><th scope="col">{c.dueOn}</th><th scope="col">{c.publishedOn}</th>{data.list === 'overdue' && <th scope="col">{c.late}</th>}</>}
          </tr>
        </thead>
        <tbody>
          {data.records.slice(0, limit).map((r) => (
            <tr key={r.id}>
              <td>{r.indexNo}</td>
              <td>{r.isPublic ? <a href={recordHref(r.indexNo)}>{r.title}</a> : r.title}</td>
              <td>{r.orgName}</td>
              {validity ? <><td>{r.publishedOn ?? ''}</td><td>{r.expiresOn ?? ''}</td></> : (
                <>
                  <td>{stateLabel(r.state)}</td>
                  <td>{r.dueOn ?? ''}{r.dueExplanation && <span class="muted">{`（${r.dueExplanation}）`}</span>}</td>
                  <td>{r.publishedOn ?? ''}</td>
                  {data.list === 'overdue' && <td>{overdueReason({ ...r }, today)}</td>}
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function count(d: ListData) {
  return d.list === 'blank_items' ? d.items.length : d.records.length;
}

/** All four lists, each with its first rows; or one list in full (`only`). */
export function TimelinessPage({ ctx, lists, today, provisional, only, guideOrgs, reminders = [] }: { ctx: PageContext; lists: ListData[]; today: string; provisional: boolean; only: WatchList | null; guideOrgs: { code: string; name: string }[]; reminders?: { title: string; href: string; items: string[] }[] }) {
  const limit = only ? 1000 : 20;
  return (
    <Layout ctx={ctx} title={only ? `${sup.lists[only].title} - ${sup.title}` : sup.title}>
      <Breadcrumbs items={only ? crumbs([{ label: sup.lists[only].title }]) : [{ href: '/staff', label: '工作台' }, { label: sup.title }]} />
      <h1>{only ? sup.lists[only].title : sup.title}</h1>
      <p>{only ? sup.lists[only].intro : sup.intro}</p>
      {provisional && <Notice>{sup.provisional}</Notice>}
      {!only && (
        <ul>
          {WATCH_LISTS.map((l) => <li key={l}><a href={`#${l}`}>{sup.lists[l].title}</a>{`：${sup.count(count(lists.find((x) => x.list === l)!))}`}</li>)}
        </ul>
      )}
      {lists.map((d) => (
        <section key={d.list} aria-labelledby={d.list}>
          {only ? <h2 id={d.list} class="visually-hidden">{sup.lists[d.list].title}</h2> : <h2 id={d.list}>{`${sup.lists[d.list].title}（${sup.count(count(d))}）`}</h2>}
          {!only && <p>{sup.lists[d.list].intro}</p>}
          <p class="no-print">
            <a href={`/staff/disclosures/timeliness/${d.list}.csv`} download>{sup.csv}</a>
            {!only && count(d) > limit && <>{' · '}<a href={`/staff/disclosures/timeliness?list=${d.list}`}>{sup.showAll}</a></>}
          </p>
          <ListTable data={d} today={today} limit={limit} />
          {count(d) > limit && <p class="muted">{sup.shownFirst(limit, count(d))}</p>}
        </section>
      ))}
      {reminders.map((r, i) => (
        <section key={r.href} aria-labelledby={`reminder-${i}`}>
          <h2 id={`reminder-${i}`}>{`${r.title}（${sup.count(r.items.length)}）`}</h2>
          {r.items.length > 0 && <ul>{r.items.map((line) => <li key={line}>{line}</li>)}</ul>}
          <p><a href={r.href}>{sup.reminderLink}</a></p>
        </section>
      ))}
      {!only && (
        <section aria-labelledby="guides">
          <h2 id="guides">{sup.guides}</h2>
          <p><a href="/openness/disclosures/statistics">{pub.stats.title}</a></p>
          <ul>{guideOrgs.map((o) => <li key={o.code}><a href={`/staff/disclosure-guides/${o.code}`}>{pub.guide.title(o.name)}</a></li>)}</ul>
        </section>
      )}
    </Layout>
  );
}

export function GuideFormPage({ ctx, org, values, errors, saved }: { ctx: PageContext; org: { code: string; name: string }; values: Record<string, string>; errors: FieldErrors; saved: boolean }) {
  const f = pub.guide.fields;
  const title = sup.guideForm.title(org.name);
  const long = new Set(['address', 'hours', 'online_contact', 'notes']);
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={crumbs([{ label: title }])} />
      <h1>{title}</h1>
      {saved && <Notice>{sup.guideForm.saved}</Notice>}
      <ErrorSummary errors={errors} />
      <p><a href={`/openness/orgs/${org.code}/guide`}>{pub.guide.title(org.name)}</a></p>
      <Form action={`/staff/disclosure-guides/${org.code}`} csrfToken={ctx.csrfToken}>
        {GUIDE_FIELDS.map((n) => long.has(n)
          ? <TextArea key={n} name={n} label={f[n]} value={values[n] ?? ''} error={errors[n]} rows={n === 'notes' ? 6 : 3} />
          : <TextInput key={n} name={n} label={f[n]} value={values[n] ?? ''} error={errors[n]} />)}
        <Button>{sup.guideForm.save}</Button>
      </Form>
    </Layout>
  );
}
