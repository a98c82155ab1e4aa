// Pure views: staff pages to create, import, edit, reorder, derive, compare and publish catalogues.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { CATALOG_LEVELS, CHANNELS, levelLabel, type CatalogItem } from '../catalog-model.ts';
import type { CatalogDiff, DiffItem } from '../catalog-diff.ts';
import type { Catalog, Domain, Version } from '../catalog.repository.ts';
import { catalogStrings as s } from '../catalog.strings.ts';
import { CatalogTable } from './catalog-table.tsx';

const staffCrumbs = (extra: { href?: string; label: string }[]) => [{ href: '/staff', label: '工作台' }, { href: '/staff/catalogs', label: s.staffTitle }, ...extra];
type Listed = Catalog & { publishedVersionId: number | null; draftVersionId: number | null; itemCount: number };

export function StaffCatalogsPage({ ctx, catalogs, message }: { ctx: PageContext; catalogs: Listed[]; message: string | null }) {
  return (
    <Layout ctx={ctx} title={s.staffTitle}>
      <Breadcrumbs items={staffCrumbs([]).slice(0, 1).concat([{ label: s.staffTitle }])} />
      <h1>{s.staffTitle}</h1>
      {message && <Notice>{message}</Notice>}
      <p>
        <a class="button" href="/staff/catalogs/new">新建或生成目录</a>{' '}
        <a class="button button--secondary" href="/staff/catalogs/import">导入 Excel / CSV</a>{' '}
        <a href="/staff/catalogs/domains">{s.domainsTitle}</a>
      </p>
      {catalogs.length === 0 ? <p>您管理的单位还没有目录。</p> : (
        <table>
          <caption class="visually-hidden">目录列表</caption>
          <thead><tr><th scope="col">单位</th><th scope="col">领域</th><th scope="col">类别</th><th scope="col">层级</th><th scope="col">状态</th><th scope="col">事项数</th></tr></thead>
          <tbody>
            {catalogs.map((c) => (
              <tr key={c.id}>
                <td>{c.orgName}</td>
                <td><a href={`/staff/catalogs/${c.id}`}>{c.domainName}</a></td>
                <td>{s.kinds[c.kind]}</td>
                <td>{CATALOG_LEVELS.values.find((l) => l.code === c.level)!.label}</td>
                <td>{[c.publishedVersionId ? s.status.published : '', c.draftVersionId ? `有${s.status.draft}` : ''].filter(Boolean).join('，')}</td>
                <td>{c.itemCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function NewCatalogPage({ ctx, domains, baselines, values, errors }: { ctx: PageContext; domains: Domain[]; baselines: Listed[]; values: Record<string, string>; errors: FieldErrors }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title="新建或生成目录" hasErrors={hasErrors}>
      <Breadcrumbs items={staffCrumbs([{ label: '新建或生成目录' }])} />
      <h1>新建或生成目录</h1>
      <ErrorSummary errors={errors} />
      <h2>由基准目录生成</h2>
      <p>以标准指引或上级目录为基准，复制其事项后再增删修改；比对报告会列出增加、删除、修改的事项和压缩的公开时限。</p>
      <Form action="/staff/catalogs/derive" csrfToken={ctx.csrfToken}>
        <Select name="baseline" label="基准目录" value={values.baseline} error={errors.baseline} placeholder="请选择" options={baselines.map((b) => ({ value: String(b.id), label: `${b.orgName} · ${b.domainName}（${s.kinds[b.kind]}）` }))} />
        <TextInput name="derive_org" label="本单位代码" hint="如 440309003（龙华街道）或 130427-mzj" value={values.derive_org} error={errors.derive_org} width="short" />
        <Button>生成目录草稿</Button>
      </Form>
      <h2>新建空白目录</h2>
      <Form action="/staff/catalogs" csrfToken={ctx.csrfToken}>
        <TextInput name="org" label="单位代码" value={values.org} error={errors.org} width="short" />
        <Select name="domain" label="领域" value={values.domain} error={errors.domain} placeholder="请选择" options={domains.map((d) => ({ value: String(d.id), label: d.name }))} />
        <Select name="kind" label="类别" value={values.kind ?? 'local'} options={[{ value: 'local', label: s.kinds.local }, { value: 'guideline', label: s.kinds.guideline }]} />
        <TextInput name="title" label="目录标题（可不填）" value={values.title} />
        <Button>新建</Button>
      </Form>
    </Layout>
  );
}

export function CatalogDetailPage({ ctx, catalog, versions, current, items, urban, canEdit, canPublish, bodies, message, errors }: {
  ctx: PageContext; catalog: Catalog; versions: Version[]; current: Version | null; items: CatalogItem[]; urban: boolean;
  canEdit: boolean; canPublish: boolean; bodies: { body: string; orgCode: string | null; count: number }[]; message: string | null; errors: string[];
}) {
  const draft = current?.status === 'draft' ? current : null;
  return (
    <Layout ctx={ctx} title={catalog.title} hasErrors={errors.length > 0}>
      <Breadcrumbs items={staffCrumbs([{ label: `${catalog.orgName} · ${catalog.domainName}` }])} />
      <h1>{catalog.title}</h1>
      {message && <Notice>{message}</Notice>}
      {errors.length > 0 && <div class="error-summary" role="alert"><h2>操作未完成</h2><ul>{errors.map((e, i) => <li key={i}>{e}</li>)}</ul></div>}
      <dl class="summary">
        <dt>单位</dt><dd>{`${catalog.orgName}（${catalog.orgCode}）`}</dd>
        <dt>层级</dt><dd>{levelLabel(catalog.level, urban)}</dd>
        <dt>类别</dt><dd>{s.kinds[catalog.kind]}</dd>
      </dl>
      <h2>版本</h2>
      <table>
        <caption class="visually-hidden">版本列表</caption>
        <thead><tr><th scope="col">版本</th><th scope="col">状态</th><th scope="col">来源</th><th scope="col">建立</th><th scope="col">发布</th><th scope="col">比对</th></tr></thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td><a href={`/staff/catalogs/${catalog.id}?version=${v.id}`}>{`第${v.versionNo}版`}</a></td>
              <td>{s.status[v.status]}</td>
              <td>{s.origin[v.origin]}{v.note && `：${v.note}`}</td>
              <td>{`${v.createdAt.slice(0, 10)} ${v.createdBy}`}</td>
              <td>{v.publishedAt ? `${v.publishedAt.slice(0, 10)} ${v.publishedBy ?? ''}` : '—'}</td>
              <td>
                {v.baselineVersionId && <a href={`/staff/catalogs/versions/${v.id}/compare?against=baseline`}>与基准比对</a>}{' '}
                {versions.some((x) => x.status === 'published' && x.versionNo < v.versionNo) && <a href={`/staff/catalogs/versions/${v.id}/compare?against=previous`}>与上一发布版比对</a>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="no-print">
        {canEdit && !versions.some((v) => v.status === 'draft') && (
          <Form action={`/staff/catalogs/${catalog.id}/draft`} csrfToken={ctx.csrfToken}><Button variant="secondary">新建草稿（复制最新发布版）</Button></Form>
        )}
        {draft && canPublish && items.length > 0 && <Form action={`/staff/catalogs/versions/${draft.id}/publish`} csrfToken={ctx.csrfToken}><Button>{`发布第${draft.versionNo}版`}</Button></Form>}
        {draft && canEdit && <Form action={`/staff/catalogs/versions/${draft.id}/discard`} csrfToken={ctx.csrfToken}><Button variant="warning">放弃草稿</Button></Form>}
        <p>
          <a href={`/staff/catalogs/export?org=${catalog.orgCode}&domain=${catalog.domainId}&drafts=1&format=xlsx`}>导出 Excel（含草稿）</a>{' · '}
          <a href={`/staff/catalogs/export?org=${catalog.orgCode}&domain=${catalog.domainId}&drafts=1&format=csv`}>导出 CSV</a>
        </p>
      </div>
      {current && <h2>{`第${current.versionNo}版（${s.status[current.status]}）共 ${items.length} 项`}</h2>}
      {draft && canEdit && <p class="no-print"><a class="button" href={`/staff/catalogs/versions/${draft.id}/items/new`}>添加事项</a></p>}
      {current && (
        <CatalogTable
          caption={`${catalog.title} 第${current.versionNo}版`}
          items={items}
          urban={urban}
          actions={draft && canEdit ? (it, i) => (
            <>
              <a href={`/staff/catalogs/versions/${draft.id}/items/${it.id}/edit`}>修改<span class="visually-hidden">{`第${it.seq}项`}</span></a>
              {i > 0 && <Form action={`/staff/catalogs/versions/${draft.id}/items/${it.id}/move?direction=up`} csrfToken={ctx.csrfToken}><button class="link-button" type="submit">上移<span class="visually-hidden">{`第${it.seq}项`}</span></button></Form>}
              {i < items.length - 1 && <Form action={`/staff/catalogs/versions/${draft.id}/items/${it.id}/move?direction=down`} csrfToken={ctx.csrfToken}><button class="link-button" type="submit">下移<span class="visually-hidden">{`第${it.seq}项`}</span></button></Form>}
              <Form action={`/staff/catalogs/versions/${draft.id}/items/${it.id}/delete`} csrfToken={ctx.csrfToken}><button class="link-button" type="submit">删除<span class="visually-hidden">{`第${it.seq}项`}</span></button></Form>
            </>
          ) : undefined}
        />
      )}
      {draft && canEdit && bodies.length > 0 && (
        <>
          <h2>公开主体关联单位</h2>
          <p>把目录中写明的公开主体与平台中的单位关联，信息即可按主体归集。</p>
          {bodies.map((b) => (
            <Form key={b.body} action={`/staff/catalogs/versions/${draft.id}/link-body`} csrfToken={ctx.csrfToken} class="inline-fields">
              <input type="hidden" name="body" value={b.body} />
              <TextInput name="org" label={`「${b.body}」（${b.count} 项）关联单位代码`} value={b.orgCode ?? ''} width="short" />
              <Button variant="secondary">保存关联</Button>
            </Form>
          ))}
        </>
      )}
    </Layout>
  );
}

export function ItemFormPage({ ctx, catalog, versionId, itemId, values, errors }: { ctx: PageContext; catalog: Catalog; versionId: number; itemId: number | null; values: Record<string, string>; errors: FieldErrors }) {
  const title = itemId ? '修改事项' : '添加事项';
  const box = (name: string, label: string) => (
    <div class="checkbox"><input type="checkbox" id={name} name={name} value="1" checked={values[name] === '1'} /><label for={name}>{label}</label></div>
  );
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={staffCrumbs([{ href: `/staff/catalogs/${catalog.id}`, label: `${catalog.orgName} · ${catalog.domainName}` }, { label: title }])} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <Form action={`/staff/catalogs/versions/${versionId}/items${itemId ? `/${itemId}` : ''}`} csrfToken={ctx.csrfToken}>
        <TextInput name="level1" label={s.fields.level1} value={values.level1} error={errors.level1} />
        <TextInput name="level2" label={s.fields.level2} value={values.level2} error={errors.level2} />
        <TextArea name="content" label={s.fields.content} value={values.content} error={errors.content} rows={3} />
        <TextArea name="basis" label={s.fields.basis} value={values.basis} rows={2} />
        <TextInput name="deadline_text" label={s.fields.deadlineText} hint="如「信息形成或者变更之日起20个工作日内」「即时公开」「每季度」" value={values.deadline_text} error={errors.deadline_text} />
        <TextInput name="body" label={s.fields.body} hint="按目录原文填写，如「社会事务科」" value={values.body} />
        <TextInput name="body_org" label={s.fields.bodyOrg} hint="平台中的单位代码，可不填" value={values.body_org} error={errors.body_org} width="short" />
        <TextArea name="channels" label={s.fields.channels} hint={`每行一个。标准选项：${CHANNELS.values.filter((c) => c.code !== 'other').map((c) => c.label).join('、')}；其他渠道照实填写`} value={values.channels} rows={4} />
        <fieldset class="field"><legend>{s.fields.audience}</legend>{box('audience_public', '全社会')}{box('audience_specific', '特定群众')}</fieldset>
        <fieldset class={errors.mode_proactive ? 'field field--error' : 'field'} id="mode_proactive-group">
          <legend>{s.fields.mode}</legend>
          {errors.mode_proactive && <p class="field-error"><span class="visually-hidden">错误：</span>{errors.mode_proactive}</p>}
          {box('mode_proactive', '主动')}{box('mode_on_request', '依申请公开')}
        </fieldset>
        <fieldset class="field"><legend>{s.fields.tiers}</legend>{box('tier_county', '县级')}{box('tier_township', '乡级')}{box('tier_village', '村级')}</fieldset>
        <Button>保存</Button>
      </Form>
    </Layout>
  );
}

function itemName(i: DiffItem): string {
  return i.level2 ? `${i.level1} · ${i.level2}` : i.level1;
}

export function ComparePage({ ctx, catalog, version, base, baseCatalog, diff, summary }: { ctx: PageContext; catalog: Catalog; version: Version; base: Version; baseCatalog: Catalog; diff: CatalogDiff; summary: string }) {
  const title = `比对报告：第${version.versionNo}版`;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={staffCrumbs([{ href: `/staff/catalogs/${catalog.id}`, label: `${catalog.orgName} · ${catalog.domainName}` }, { label: title }])} />
      <h1>{title}</h1>
      <p>{`基准：${baseCatalog.orgName}「${baseCatalog.title}」第${base.versionNo}版`}</p>
      <p class="lead">{summary}{diff.shortened.length > 0 && `，${diff.shortened.length} 项公开时限压缩`}</p>
      <h2>{`增加的事项（${diff.added.length}）`}</h2>
      {diff.added.length ? <ul>{diff.added.map((i) => <li key={i.key}>{itemName(i)}</li>)}</ul> : <p>无</p>}
      <h2>{`删除的事项（${diff.removed.length}）`}</h2>
      {diff.removed.length ? <ul>{diff.removed.map((i) => <li key={i.key}>{itemName(i)}</li>)}</ul> : <p>无</p>}
      <h2>{`修改的事项（${diff.changed.length}）`}</h2>
      {diff.changed.length ? <ul>{diff.changed.map((c) => <li key={c.after.key}>{`${itemName(c.after)}：${c.fields.join('、')}`}</li>)}</ul> : <p>无</p>}
      <h2>{`公开时限压缩的事项（${diff.shortened.length}）`}</h2>
      {diff.shortened.length ? (
        <table>
          <caption class="visually-hidden">公开时限压缩的事项</caption>
          <thead><tr><th scope="col">事项</th><th scope="col">基准时限</th><th scope="col">本目录时限</th></tr></thead>
          <tbody>{diff.shortened.map((x) => <tr key={x.after.key}><td>{itemName(x.after)}</td><td>{x.before.deadlineText}</td><td>{x.after.deadlineText}</td></tr>)}</tbody>
        </table>
      ) : <p>无</p>}
    </Layout>
  );
}

export function ImportPage({ ctx, domains, values, errors, warnings, result }: {
  ctx: PageContext; domains: Domain[]; values: Record<string, string>; errors: string[]; warnings: string[];
  result: { catalogId: number; versionNo: number; domain: string; items: number; published: boolean; unlinkedBodies: string[] }[] | null;
}) {
  return (
    <Layout ctx={ctx} title={s.importTitle} hasErrors={errors.length > 0}>
      <Breadcrumbs items={staffCrumbs([{ label: s.importTitle }])} />
      <h1>{s.importTitle}</h1>
      {errors.length > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{`文件有 ${errors.length} 处问题，未导入任何内容`}</h2>
          <ul>{errors.slice(0, 200).map((e, i) => <li key={i}>{e}</li>)}</ul>
        </div>
      )}
      {result && (
        <Notice>
          <h2>导入成功</h2>
          <ul>{result.map((r) => <li key={r.catalogId}><a href={`/staff/catalogs/${r.catalogId}`}>{`${r.domain}：第${r.versionNo}版，${r.items} 项，${r.published ? '已发布' : '草稿'}`}</a>{r.unlinkedBodies.length > 0 && `；未关联单位的公开主体：${r.unlinkedBodies.join('、')}`}</li>)}</ul>
        </Notice>
      )}
      {warnings.length > 0 && <><h2>提示</h2><ul>{warnings.slice(0, 200).map((w, i) => <li key={i}>{w}</li>)}</ul></>}
      <p>支持 .xlsx（每个工作表一个领域的目录）和 .csv，表头格式与导出的模板一致，也接受各地常见写法。任何一行有误都不会导入，请按提示修改后重新上传。文件不超过 20 MB。</p>
      <form method="post" action="/staff/catalogs/import" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <TextInput name="org" label="单位代码" value={values.org} width="short" />
        <Select name="domain" label="领域（标题中未写明时使用）" value={values.domain} placeholder="从标题判断" options={domains.map((d) => ({ value: d.name, label: d.name }))} />
        <div class="field"><label for="file">目录文件</label><input type="file" id="file" name="file" accept=".xlsx,.csv" /></div>
        <div class="checkbox"><input type="checkbox" id="publish" name="publish" value="1" checked={values.publish === '1'} /><label for="publish">导入后立即发布</label></div>
        <Button>上传并导入</Button>
      </form>
    </Layout>
  );
}

export function DomainsPage({ ctx, domains, message, errors, canRename }: { ctx: PageContext; domains: Domain[]; message: string | null; errors: FieldErrors; canRename: boolean }) {
  return (
    <Layout ctx={ctx} title={s.domainsTitle} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={staffCrumbs([{ label: s.domainsTitle }])} />
      <h1>{s.domainsTitle}</h1>
      {message && <Notice>{message}</Notice>}
      <ErrorSummary errors={errors} />
      <p>前 26 个为国办发〔2019〕54号部署的试点领域（名单依各地目录整理，可修改）；各地可增加本地领域，如「自然资源」。</p>
      <table>
        <caption class="visually-hidden">领域列表</caption>
        <thead><tr><th scope="col">序号</th><th scope="col">名称</th><th scope="col">类别</th>{canRename && <th scope="col">改名</th>}</tr></thead>
        <tbody>
          {domains.map((d) => (
            <tr key={d.id}>
              <td>{d.sortOrder}</td><td>{d.name}</td><td>{d.standard ? '试点领域' : '本地领域'}</td>
              {canRename && (
                <td>
                  <Form action={`/staff/catalogs/domains/${d.id}`} csrfToken={ctx.csrfToken} class="inline-fields">
                    <label class="visually-hidden" for={`name-${d.id}`}>{`${d.name}的新名称`}</label>
                    <input id={`name-${d.id}`} name="name" class="input input--short" value={d.name} />
                    <button class="link-button" type="submit">改名<span class="visually-hidden">{d.name}</span></button>
                  </Form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>增加本地领域</h2>
      <Form action="/staff/catalogs/domains" csrfToken={ctx.csrfToken}>
        <TextInput name="name" label="领域名称" value="" error={errors.name} width="short" />
        <Button>增加</Button>
      </Form>
    </Layout>
  );
}
