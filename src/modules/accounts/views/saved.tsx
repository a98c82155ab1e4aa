// Pure views: 我的收藏 (/me/saved), its block on /me, and the 收藏 button of item and venue pages.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, Form } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { savedStrings as s } from '../saved.strings.ts';
import { SAVED_KINDS, type SavedKind } from '../vocabulary.ts';

export interface SavedView { id: number; kind: SavedKind; ref: string; title: string; createdAt: string; href: string }

/** On an item or venue page: 收藏 / 已收藏（取消） for a signed-in resident, else the link to sign in. */
export function SaveButton({ csrfToken, kind, itemRef, savedId, returnTo, signedIn }: { csrfToken: string; kind: SavedKind; itemRef: string; savedId: number | null; returnTo: string; signedIn: boolean }) {
  if (!signedIn) return <p class="no-print"><a href={`/me/sign-in?return_to=${encodeURIComponent(returnTo)}`}>{s.signInToSave}</a></p>;
  return (
    <div class="no-print">
      {savedId === null
        ? <Form action="/me/saved" csrfToken={csrfToken} class="inline-form">
            <input type="hidden" name="kind" value={kind} />
            <input type="hidden" name="ref" value={itemRef} />
            <input type="hidden" name="return_to" value={returnTo} />
            <Button variant="secondary">☆ {s.save}</Button>
          </Form>
        : <Form action={`/me/saved/${savedId}/delete`} csrfToken={csrfToken} class="inline-form">
            <input type="hidden" name="return_to" value={returnTo} />
            <Button variant="secondary">★ {s.saved}</Button>
          </Form>}
    </div>
  );
}

function SavedTable({ rows, csrfToken }: { rows: SavedView[]; csrfToken: string }) {
  return (
    <table class="table">
      <caption class="visually-hidden">{s.savedTitle}</caption>
      <thead><tr><th scope="col">{s.name}</th><th scope="col">{s.kind}</th><th scope="col">{s.savedOn}</th><th scope="col">{s.action}</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td><a href={r.href}>{r.title}</a></td>
            <td>{labelOf(SAVED_KINDS, r.kind)}</td>
            <td>{beijingTime(r.createdAt).slice(0, 16)}</td>
            <td>
              <Form action={`/me/saved/${r.id}/delete`} csrfToken={csrfToken} class="inline-form">
                <input type="hidden" name="return_to" value="/me/saved" />
                <button type="submit" class="button button--secondary" aria-label={`${s.remove}：${r.title}`}>{s.remove}</button>
              </Form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SavedPage({ ctx, rows }: { ctx: PageContext; rows: SavedView[] }) {
  return (
    <Layout ctx={ctx} title={s.savedTitle}>
      <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/me', label: s.mySpace }, { label: s.savedTitle }]} />
      <h1>{s.savedTitle}</h1>
      <p>{s.savedIntro}</p>
      {rows.length ? <SavedTable rows={rows} csrfToken={ctx.csrfToken} /> : <p class="muted">{s.savedEmpty}</p>}
    </Layout>
  );
}

/** The block of /me: the latest few, with the way to all of them. */
export function SavedSection({ rows, total }: { rows: SavedView[]; total: number }) {
  return (
    <section aria-labelledby="me-saved">
      <h2 id="me-saved">{s.savedTitle}</h2>
      {rows.length
        ? <ul>{rows.map((r) => <li key={r.id}><a href={r.href}>{r.title}</a> <span class="muted">{labelOf(SAVED_KINDS, r.kind)}</span></li>)}</ul>
        : <p class="muted">{s.savedEmpty}</p>}
      <p><a href="/me/saved">{s.savedMore(total)}</a></p>
    </section>
  );
}
