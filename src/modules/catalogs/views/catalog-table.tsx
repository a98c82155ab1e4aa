// Pure view: a catalogue as the official table — two-row header, 一级事项 spanning its rows, ticks.
import type { ComponentChildren } from 'preact';
import { CATALOG_LEVELS, levelLabel, type CatalogItem } from '../catalog-model.ts';
import { describeDeadline } from '../publish-deadline.ts';
import { catalogStrings as s } from '../catalog.strings.ts';

const tick = (b: boolean) => (b ? <span aria-label="是">√</span> : <span class="visually-hidden">否</span>);

export function CatalogTable({ caption, items, urban, itemHref, actions }: {
  caption: string;
  items: CatalogItem[];
  urban: boolean;
  itemHref?: (it: CatalogItem) => string;
  actions?: (it: CatalogItem, index: number) => ComponentChildren;
}) {
  const spans = new Map<number, number>();
  for (let i = 0; i < items.length; ) {
    let j = i + 1;
    while (j < items.length && items[j]!.level1 === items[i]!.level1 && items[j]!.level2 && items[i]!.level2) j++;
    spans.set(i, j - i);
    i = j;
  }
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="catalog-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>序号</th>
            <th scope="colgroup" colSpan={2}>公开事项</th>
            <th scope="col" rowSpan={2}>{s.fields.content}</th>
            <th scope="col" rowSpan={2}>{s.fields.basis}</th>
            <th scope="col" rowSpan={2}>{s.fields.deadlineText}</th>
            <th scope="col" rowSpan={2}>{s.fields.body}</th>
            <th scope="col" rowSpan={2}>{s.fields.channels}</th>
            <th scope="colgroup" colSpan={2}>{s.fields.audience}</th>
            <th scope="colgroup" colSpan={2}>{s.fields.mode}</th>
            <th scope="colgroup" colSpan={3}>{s.fields.tiers}</th>
            {actions && <th scope="col" rowSpan={2}>操作</th>}
          </tr>
          <tr>
            <th scope="col">一级事项</th>
            <th scope="col">二级事项</th>
            <th scope="col">全社会</th>
            <th scope="col">特定群众</th>
            <th scope="col">主动</th>
            <th scope="col">依申请公开</th>
            {CATALOG_LEVELS.values.map((l) => <th scope="col" key={l.code}>{levelLabel(l.code, urban)}</th>)}
          </tr>
        </thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={it.id} id={`item-${it.key}`}>
              <td>{it.seq}</td>
              {spans.has(i) && <th scope="row" rowSpan={spans.get(i)}>{it.level1}</th>}
              <td>{itemHref ? <a href={itemHref(it)}>{it.level2 || it.level1}</a> : it.level2}</td>
              <td>{it.content}</td>
              <td>{it.basis}</td>
              <td>
                {it.deadlineText}
                {it.deadline.kind === 'unparsed' && it.deadlineText && <span class="tag tag--warn">{s.unparsedFlag}</span>}
              </td>
              <td>{it.body}</td>
              <td>
                <ul class="plain">{it.channels.map((c, k) => <li key={k}>{c.text}</li>)}</ul>
              </td>
              <td>{tick(it.audiencePublic)}</td>
              <td>{tick(it.audienceSpecific)}</td>
              <td>{tick(it.modeProactive)}</td>
              <td>{tick(it.modeOnRequest)}</td>
              <td>{tick(it.tierCounty)}</td>
              <td>{tick(it.tierTownship)}</td>
              <td>{tick(it.tierVillage)}</td>
              {actions && <td class="actions">{actions(it, i)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function deadlineSummary(it: CatalogItem): string {
  return describeDeadline(it.deadline);
}
