// Saved items and venues (收藏, issue 21 §2): POST /me/saved (kind, ref, return_to), POST
// /me/saved/{id}/delete (the account's own entries only), the list /me/saved, the block on /me
// (order 30), and the 收藏 button the service map's item and venue pages show (app.residentActions).
import type { FastifyRequest } from 'fastify';
import { field, rowIdOf } from '../../platform/web/forms.ts';
import { notFound } from '../../platform/web/http-error.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';
import { addMeSection } from './me-sections.ts';
import { findEntry, listSaved, parseSavedKind, removeEntry, saveEntry, savedHref, type SavedRow } from './saved.service.ts';
import { savedStrings as s } from './saved.strings.ts';
import { requireResident, safeReturnTo } from './sessions.ts';
import { SaveButton, SavedPage, SavedSection, type SavedView } from './views/saved.tsx';

const view = (r: SavedRow): SavedView => ({ ...r, href: savedHref(r.kind, r.ref) });
const accountOf = (request: FastifyRequest): number => request.resident!.accountId;

export async function savedRoutes(app: App, deps: AccountsDeps): Promise<void> {
  const { db, clock } = deps;

  app.residentActions = {
    subscribeButton: async () => null, // replaced by subscriptionRoutes
    ...app.residentActions,
    async saveButton(request, kind, ref) {
      const returnTo = safeReturnTo(request.url, '/');
      const r = request.resident;
      const savedId = r && r.consented ? await findEntry(db, r.accountId, kind, ref) : null;
      return <SaveButton csrfToken={r ? request.csrfToken : ''} kind={kind} itemRef={ref} savedId={savedId} returnTo={returnTo} signedIn={!!r} />;
    },
  };

  addMeSection(app, {
    id: 'saved', order: 30,
    async render(request) {
      const { rows, total } = await listSaved(db, accountOf(request), 5);
      return <SavedSection rows={rows.map(view)} total={total} />;
    },
  });

  app.get('/me/saved', { preHandler: requireResident() }, async (request, reply) => {
    const { rows } = await listSaved(db, accountOf(request));
    return sendPage(reply, <SavedPage ctx={pageContext(request)} rows={rows.map(view)} />);
  });

  app.post('/me/saved', { preHandler: requireResident() }, async (request, reply) => {
    const kind = parseSavedKind(field(request.body, 'kind'));
    await saveEntry(db, accountOf(request), kind, field(request.body, 'ref'), clock.now());
    return reply.redirect(safeReturnTo(field(request.body, 'return_to'), '/me/saved'), 303);
  });

  app.post<{ Params: { id: string } }>('/me/saved/:id/delete', { preHandler: requireResident() }, async (request, reply) => {
    const id = rowIdOf(request.params.id);
    // another account's entry is answered as if there were none
    if (id === null || !(await removeEntry(db, accountOf(request), id))) throw notFound(s.errors.savedNotFound);
    return reply.redirect(safeReturnTo(field(request.body, 'return_to'), '/me/saved'), 303);
  });
}
