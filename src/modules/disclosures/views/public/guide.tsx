// Pure views: an organisation's 政府信息公开指南 and 政府信息公开目录 (条例第十二条).
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../../platform/web/components.tsx';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import { localDateOf } from '../../../../platform/clock/local-date.ts';
import { GUIDE_FIELDS, recordHref, type Guide, type ListedRecord } from '../../disclosures.queries.ts';
import { GENRES } from '../../disclosures.table.ts';
import { genreLabel, pub } from '../../disclosures-public.strings.ts';
import { FeedLinks, openCrumbs, Pager } from './parts.tsx';

export function GuidePage({ ctx, org, guide, categories, canEdit }: { ctx: PageContext; org: { code: string; name: string }; guide: Guide | null; categories: { code: string; name: string }[]; canEdit: boolean }) {
  const g = pub.guide;
  const title = g.title(org.name);
  const value: Record<(typeof GUIDE_FIELDS)[number], string> | null = guide
    ? { office_name: guide.officeName, address: guide.address, postcode: guide.postcode, hours: guide.hours, phone: guide.phone, fax: guide.fax, online_contact: guide.onlineContact, notes: guide.notes }
    : null;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={openCrumbs([{ href: `/openness/disclosures/org/${org.code}`, label: org.name }, { label: pub.sections.guide.title }])} />
      <h1>{title}</h1>
      <p>{g.intro}</p>
      {canEdit && <p class="no-print"><a href={`/staff/disclosure-guides/${org.code}`}>{g.edit}</a></p>}
      <h2>{g.classification}</h2>
      <p>{g.classificationText}</p>
      <h3>{g.categories}</h3>
      <ul>{categories.map((c) => <li key={c.code}><a href={`/openness/disclosures/category/${c.code}`}>{c.name}</a></li>)}</ul>
      <h3>{g.genres}</h3>
      <ul>{GENRES.map((x) => <li key={x}><a href={`/openness/disclosures/genre/${x}`}>{genreLabel(x)}</a></li>)}</ul>
      <h2>{g.obtain}</h2>
      <p>{g.obtainProactive}</p>
      <ul>
        <li><a href={`/openness/orgs/${org.code}/directory`}>{g.directory}</a></li>
        <li><a href={`/openness/disclosures/org/${org.code}`}>{pub.listTitles.org(org.name)}</a></li>
      </ul>
      <FeedLinks base={`/openness/disclosures/feeds/org/${org.code}`} />
      <p>{g.obtainRequest}<a href="/applications/apply">{pub.apply}</a></p>
      <h2>{g.office}</h2>
      {value ? (
        <>
          <dl class="summary">
            {GUIDE_FIELDS.filter((f) => value[f].trim()).map((f) => <><dt key={`${f}-t`}>{g.fields[f]}</dt><dd key={`${f}-d`}>{value[f].split('\n').map((line, i) => <>{i > 0 && <br />}{line}</>)}</dd></>)}
          </dl>
          <p class="muted">{g.updated(localDateOf(new Date(guide!.updatedAt)))}</p>
        </>
      ) : <p>{g.missing}</p>}
    </Layout>
  );
}

export function DirectoryPage({ ctx, org, items, page, more, capped }: { ctx: PageContext; org: { code: string; name: string }; items: ListedRecord[]; page: number; more: boolean; capped: boolean }) {
  const d = pub.directory;
  const c = pub.columns;
  const title = d.title(org.name);
  return (
    <Layout ctx={ctx} title={page > 1 ? `${title}（第${page}页）` : title}>
      <Breadcrumbs items={openCrumbs([{ href: `/openness/disclosures/org/${org.code}`, label: org.name }, { label: '政府信息公开目录' }])} />
      <h1>{title}</h1>
      <p>{d.intro}</p>
      <p class="no-print"><a href={`/openness/orgs/${org.code}/directory.csv`} download>{d.csv}</a>{' · '}<a href={`/openness/orgs/${org.code}/guide`}>{pub.sections.guide.title}</a></p>
      {items.length === 0 ? <p>{pub.noRecords}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead><tr><th scope="col">{c.indexNo}</th><th scope="col">名称</th><th scope="col">{c.summary}</th><th scope="col">{c.formedOn}</th></tr></thead>
            <tbody>
              {items.map((r) => <tr key={r.id}><td>{r.indexNo}</td><td><a href={recordHref(r.indexNo)}>{r.title}</a></td><td>{r.summary}</td><td>{r.formedOn}</td></tr>)}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} more={more} capped={capped} href={(n) => `/openness/orgs/${org.code}/directory?page=${n}`} />
    </Layout>
  );
}
