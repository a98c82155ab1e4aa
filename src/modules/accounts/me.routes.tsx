// The personal space (issue 21 §2): /me (who is signed in, then every part's block in order), the
// owner's submissions per kind and one at a time (strictly theirs: another account's, an unlinked
// or a made-up reference is the same 404), claiming earlier submissions, an enterprise's stage.
import type { FastifyRequest } from 'fastify';
import type { Resident } from '../../platform/auth/resident.ts';
import { notFound } from '../../platform/web/http-error.ts';
import { field } from '../../platform/web/forms.ts';
import { maskPhone } from '../../platform/log/mask.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { applicationAccounts } from '../applications/index.ts';
import type { AccountsDeps } from './deps.ts';
import { addMeSection, meSections } from './me-sections.ts';
import { claimableRecords, claimRecords, ENTERPRISE_STAGES, enterpriseStageOf, myRecords, parseSelection, setEnterpriseStage, stageWithItems } from './me.service.ts';
import { meStrings as s } from './me.strings.ts';
import { KIND_PATHS, sourceOf, type MyRecord, type RecordKind } from './records.ts';
import { requireResident } from './sessions.ts';
import { ClaimPage, LIST_KEYS, MeDetailPage, MeHomePage, MeListPage, RecordsBlock, StageBlock, type KindSummary } from './views/me-pages.tsx';

const resident = (request: FastifyRequest): Resident => request.resident!;
const byNewest = (a: MyRecord, b: MyRecord) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0);
const NOTICES: Record<string, (n: number) => string> = { claimed: s.claim.done, unclaimed: () => s.claim.noneClaimed, stage: () => s.stage.saved };

export async function meRoutes(app: App, deps: AccountsDeps): Promise<void> {
  const { db } = deps;
  const pre = { preHandler: requireResident() };
  // the submissions block and the enterprise block both need the account's records: read once per request
  const recordsRead = new WeakMap<FastifyRequest, ReturnType<typeof myRecords>>();
  const recordsOf = (request: FastifyRequest) => {
    let read = recordsRead.get(request);
    if (!read) recordsRead.set(request, (read = myRecords(db, resident(request).accountId)));
    return read;
  };

  // 「我的办件」: counts and the latest of each kind, and earlier submissions waiting to be claimed.
  addMeSection(app, {
    id: 'records', order: 10,
    async render(request) {
      const r = resident(request);
      const [records, claimable] = await Promise.all([recordsOf(request), claimableRecords(db, r)]);
      const kinds: KindSummary[] = Object.entries(LIST_KEYS).map(([path, k]) => {
        const rows = k.kinds.flatMap((kind) => records.get(kind) ?? []).sort(byNewest);
        return { key: k.key, href: `/me/${path}`, count: rows.length, latest: rows[0] ?? null };
      });
      return <RecordsBlock kinds={kinds} claimable={claimable.length} />;
    },
  });

  // 「企业生命周期」: an enterprise's stage, its items, and the applications it filed as 法人.
  addMeSection(app, {
    id: 'enterprise-stage', order: 20,
    async render(request) {
      const r = resident(request);
      if (r.kind !== 'enterprise') return null;
      const current = await enterpriseStageOf(db, r.accountId);
      const [stage, records] = await Promise.all([current ? stageWithItems(db, current) : null, recordsOf(request)]);
      const apps = records.get('application') ?? [];
      const own = r.uscc ? apps.filter((a) => a.applicantCode === r.uscc) : [];
      return <StageBlock csrfToken={pageContext(request).csrfToken} stages={ENTERPRISE_STAGES} current={current} stage={stage} applications={own} />;
    },
  });

  async function home(request: FastifyRequest, notice: string | null, errors: Record<string, string>) {
    const r = resident(request);
    // the blocks read independently: rendered together, shown in order
    const sections = meSections(app);
    const rendered = await Promise.all(sections.map((section) => section.render(request)));
    const blocks = sections.flatMap((section, i) => (rendered[i] ? [<div key={section.id} id={`me-section-${section.id}`}>{rendered[i]}</div>] : []));
    const who = { displayName: r.displayName, kind: r.kind, phoneMasked: r.phone ? maskPhone(r.phone) : null, idNumberMasked: r.idNumberMasked, uscc: r.uscc, method: r.method };
    return <MeHomePage ctx={pageContext(request)} who={who} notice={notice} errors={errors} blocks={blocks} />;
  }

  app.get<{ Querystring: Record<string, string> }>('/me', pre, async (request, reply) => {
    const n = Math.max(0, Math.min(10_000, Number.parseInt(request.query.n ?? '0', 10) || 0));
    return sendPage(reply, await home(request, NOTICES[request.query.done ?? '']?.(n) ?? null, {}));
  });

  for (const [path, k] of Object.entries(LIST_KEYS)) {
    const title = s.lists[k.key];
    app.get(`/me/${path}`, pre, async (request, reply) => {
      const accountId = resident(request).accountId;
      const rows = (await Promise.all(k.kinds.map((kind) => sourceOf(kind).list(db, accountId)))).flat().sort(byNewest);
      return sendPage(reply, <MeListPage ctx={pageContext(request)} title={title} rows={rows} showKind={k.kinds.length > 1} />);
    });
    app.get<{ Params: { ref: string } }>(`/me/${path}/:ref`, pre, async (request, reply) => {
      const accountId = resident(request).accountId;
      const ref = request.params.ref;
      if (!ref || ref.length > 60) throw notFound(s.detail.notFound);
      let found = null;
      for (const kind of k.kinds) {
        found = (await sourceOf(kind).detail?.(db, accountId, ref)) ?? null;
        if (found) break;
      }
      if (!found) throw notFound(s.detail.notFound);
      return sendPage(reply, <MeDetailPage ctx={pageContext(request)} listTitle={title} listHref={KIND_PATHS[k.kinds[0] as RecordKind]} d={found} />);
    });
  }

  // the reply letter of the owner's application, once delivered (the status page gives it for the tracking code)
  app.get<{ Params: { ref: string } }>('/me/applications/:ref/letter', pre, async (request, reply) => {
    const ref = request.params.ref;
    const file = ref && ref.length <= 60 ? await applicationAccounts.replyLetter({ db, clock: deps.clock }, resident(request).accountId, ref) : null;
    if (!file) throw notFound(s.detail.notFound);
    return sendDownload(reply, file.body, file.filename, FILE_TYPES.docx);
  });

  app.get('/me/claim', pre, async (request, reply) => {
    const rows = await claimableRecords(db, resident(request));
    return sendPage(reply, <ClaimPage ctx={pageContext(request)} rows={rows} errors={{}} />);
  });

  app.post('/me/claim', pre, async (request, reply) => {
    const raw = (request.body as Record<string, unknown> | null | undefined)?.pick;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    const chosen = parseSelection(values);
    if (!chosen.size) {
      const rows = await claimableRecords(db, resident(request));
      return sendPage(reply, <ClaimPage ctx={pageContext(request)} rows={rows} errors={{ pick: s.claim.nothingChosen }} />, 400);
    }
    const n = await claimRecords(db, resident(request), chosen, deps.clock.now());
    return reply.redirect(n ? `/me?done=claimed&n=${n}` : '/me?done=unclaimed', 303);
  });

  // the address bar after a refused choice shows /me/stage: reopening it leads back to the block
  app.get('/me/stage', async (_request, reply) => reply.redirect('/me#me-section-enterprise-stage', 303));

  app.post('/me/stage', pre, async (request, reply) => {
    const r = resident(request);
    if (r.kind !== 'enterprise') throw notFound();
    const ok = await setEnterpriseStage(db, r.accountId, field(request.body, 'stage').trim());
    if (!ok) return sendPage(reply, await home(request, null, { stage: s.stage.invalid }), 400);
    return reply.redirect('/me?done=stage#me-section-enterprise-stage', 303);
  });

}
