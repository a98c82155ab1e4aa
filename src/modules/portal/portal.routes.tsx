// Shell: the public home page, the five section pages, the 长者模式 switch and /healthz.
import { Type } from 'typebox';
import { ping } from '../../platform/db/db.ts';
import { field, safeReturnPath } from '../../platform/web/forms.ts';
import { Layout } from '../../platform/web/layout.tsx';
import { ELDER_COOKIE, pageContext, secureCookies, sendPage, type App } from '../../platform/web/server.tsx';
import type { PageContext } from '../../platform/web/page-context.ts';
import type { Db } from '../../schema.ts';

/** What each section offers today, and what is being built (said plainly, no dead links). */
const sections: Record<string, { title: string; intro: string; links: { href: string; label: string }[]; coming: string[] }> = {
  '/openness': {
    title: '信息公开',
    intro: '按基层政务公开标准目录主动公开政府信息，包括政策文件、政策解读和年度报告。',
    links: [
      { href: '/openness/disclosures', label: '政府信息公开：主动公开信息、政策解读、公开指南和公开目录' },
      { href: '/openness/reports/annual', label: '政府信息公开工作年度报告' },
      { href: '/openness/catalogs', label: '基层政务公开标准目录（一本通）：按层级、单位和领域查阅' },
    ],
    coming: [],
  },
  '/services': {
    title: '政务服务',
    intro: '政务服务中心、便民服务站和自助服务终端的位置、开放时间和办事指南。',
    links: [{ href: '/services/map', label: '政务服务地图（附近的场所、正在开放、导航）' }, { href: '/services/search', label: '办事指南搜索' }, { href: '/services/life-events', label: '企业和个人生命周期场景' }],
    coming: [],
  },
  '/data': {
    title: '数据开放',
    intro: '以开放接口和可浏览的目录提供平台数据。',
    links: [
      { href: '/data/regions', label: '行政区划目录（省、市、县、乡、村五级）' },
      { href: '/api/v1/openapi.json', label: '开放接口说明（OpenAPI 3）' },
    ],
    coming: [],
  },
  '/applications': {
    title: '依申请公开',
    intro: '向行政机关申请获取政府信息，按《政府信息公开条例》在法定期限内答复。',
    links: [
      { href: '/applications/apply', label: '在线提交政府信息公开申请' },
      { href: '/applications/status', label: '申请办理进度查询' },
      { href: '/applications/process', label: '办理流程图（各环节法定期限）' },
      { href: '/applications/forms/application-form.docx', label: '下载空白《政府信息公开申请表》（Word）' },
    ],
    coming: [],
  },
  '/interaction': {
    title: '互动交流',
    intro: '民心直通车留言、12345 热线工单办理和政务服务“好差评”。',
    links: [
      { href: '/interaction/messages/new', label: '我要留言（民心直通车）' },
      { href: '/interaction/messages', label: '公开留言与回应' },
      { href: '/interaction/status', label: '留言办理进度查询' },
      { href: '/interaction/statistics', label: '办理情况统计（按时办结率）' },
      { href: '/open311/v2/discovery.json', label: 'Open311 GeoReport v2 接口' },
    ],
    coming: ['政务服务“好差评”'],
  },
};

function SectionPage({ ctx, path }: { ctx: PageContext; path: string }) {
  const sec = sections[path]!;
  return (
    <Layout ctx={ctx} title={sec.title}>
      <h1>{sec.title}</h1>
      <p>{sec.intro}</p>
      {sec.links.length > 0 && (
        <ul>
          {sec.links.map((l) => (
            <li key={l.href}><a href={l.href}>{l.label}</a></li>
          ))}
        </ul>
      )}
      {sec.coming.length > 0 && (
        <>
          <h2>建设中</h2>
          <p>以下功能正在建设，上线后将在此提供：</p>
          <ul>
            {sec.coming.map((c) => <li key={c}>{c}</li>)}
          </ul>
        </>
      )}
    </Layout>
  );
}

function HomePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="首页">
      <h1>政务公开与政务服务</h1>
      <p>面向县（区）、乡镇（街道）、村（社区）三级的政务公开和政务服务平台。公众无需登录即可查阅。</p>
      <form method="get" action="/search" role="search" class="search-form"><label for="home-q">搜索事项、场所和政府信息</label> <input id="home-q" name="q" type="search" class="input" placeholder="例如：社保、公积金提取、sbcx" /> <button type="submit" class="button">搜索</button></form>
      <ul class="cards">
        {Object.entries(sections).map(([href, sec]) => (
          <li key={href}>
            <h2><a href={href}>{sec.title}</a></h2>
            <p>{sec.intro}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export async function portalRoutes(app: App, deps: { db: Db }): Promise<void> {
  app.get('/', async (request, reply) => sendPage(reply, <HomePage ctx={pageContext(request)} />));
  for (const path of Object.keys(sections)) {
    app.get(path, async (request, reply) => sendPage(reply, <SectionPage ctx={pageContext(request)} path={path} />));
  }

  app.post('/preferences/elder-mode', async (request, reply) => {
    const on = field(request.body, 'elder') === '1';
    reply.setCookie(ELDER_COOKIE, on ? '1' : '0', { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(request), maxAge: 365 * 86400 });
    return reply.redirect(safeReturnPath(field(request.body, 'return_to'), '/'), 303);
  });

  app.get('/healthz', {
    schema: { response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }) } },
  }, async (request, reply) => {
    try {
      await ping(deps.db);
      return { status: 'ok' as const, database: 'ok' as const };
    } catch (e) {
      request.log.error({ err: e }, 'health check: database unreachable');
      return reply.status(503).send({ status: 'unavailable' as const, database: '数据库不可用' });
    }
  });
}
