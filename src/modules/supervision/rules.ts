// Shell: the 月检查 rules as data — each with its code, title, legal or policy basis, severity,
// rectification deadline class, whether it is on by default, and the query that finds its findings.
//
// A rule's `find` runs ONCE for all organisations of the inspection (the subtree paths of every
// office that has it switched on), grouped by organisation in SQL or in one pass — never once per
// organisation. Legal rules are not re-implemented here: publication deadlines are the ones the
// disclosures module computed with timeliness.ts when the record was published (due_on,
// late_working_days); 照单公开 gaps and passed validity are that module's own queries; message and
// 12345 lateness is interaction's onTimeStatus; the annual report deadline is the reports module's
// reminder (annual-deadlines.ts).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import { addDays } from '../../platform/clock/local-date.ts';
import { blankItems, pastValidityRecords, recordHref } from '../disclosures/index.ts';
import { onTimeStatus, type OnTimeOptions } from '../interaction/index.ts';
import { pendingReports } from '../reports/index.ts';
import type { DeadlineClass, Severity } from './deadline-classes.ts';
import { likePrefix } from '../../platform/db/like.ts';

/** One thing a rule found: the responsible organisation, the subject (unique within the rule), and where to see it. */
export interface Finding {
  orgCode: string;
  /** Stable reference of the subject: `disclosure:<索引号>`, `application:<reference>`, … */
  subjectRef: string;
  title: string;
  detail: string;
  /** A public URL path or a staff path of the record, application or message; null when there is none. */
  evidenceUrl: string | null;
}

export interface RuleContext {
  db: Db;
  /** 'YYYY-MM' inspected, and its first and last day. */
  month: string;
  from: LocalDate;
  to: LocalDate;
  /** The day of the run. */
  today: LocalDate;
  /** The day the checks are made as of: the month's last day, or today if the month is not over. */
  asOf: LocalDate;
  nowIso: string;
  /** Subtree paths of the organisations to check (materialised paths ending in '/'). */
  paths: string[];
  /** In-scope organisations by code (the rules of feeds and pages sample them). */
  orgs: ReadonlyMap<string, { code: string; name: string; path: string; kind: string }>;
  /** GET a path of this site and answer its HTTP status (absent: the rule that needs it finds nothing). */
  probe?: ((path: string) => Promise<number>) | undefined;
  /** The installation's 按时办结 options (which deadline counts, and when), shared with the figures. */
  onTime?: OnTimeOptions | undefined;
}

export interface Rule {
  code: string;
  title: string;
  /** The legal or policy basis, with its citation. */
  basis: string;
  severity: Severity;
  deadlineClass: DeadlineClass;
  defaultActive: boolean;
  find(ctx: RuleContext): Promise<Finding[]>;
}

/** Rows per query (a scope with more findings of one rule is a scope with bigger problems than a list). */
const CAP = 20_000;

function inPaths(column: string, paths: string[]) {
  return sql<boolean>`(${sql.join(paths.map((p) => sql`${sql.ref(column)} like ${likePrefix(p)} escape '\\'`), sql` or `)})`;
}

const lateRecords: Rule = {
  code: 'disclosure_late',
  title: '主动公开信息逾期公开',
  basis: '《中华人民共和国政府信息公开条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开；目录事项规定了更短公开时限的，按目录时限（期限由主动公开模块按工作日历计算）',
  severity: 'general',
  deadlineClass: 'limited',
  defaultActive: true,
  async find(ctx) {
    if (!ctx.paths.length) return [];
    // Published in the month after their due date (late_working_days as computed at publication by timeliness.ts) …
    const late = await ctx.db.selectFrom('disclosure as d')
      .select(['d.id', 'd.index_no', 'd.title', 'd.org_code', 'd.due_on', 'd.published_on', 'd.late_working_days', 'd.due_explanation'])
      .where('d.published_on', '>=', ctx.from).where('d.published_on', '<=', ctx.to)
      .where('d.late_working_days', '>', 0)
      .where('d.state', 'in', ['published', 'scheduled', 'withdrawn'])
      .where(inPaths('d.org_path', ctx.paths)).orderBy('d.id').limit(CAP).execute();
    // … and due within the month, still not public on the day of the check.
    const unpublished = await ctx.db.selectFrom('disclosure as d')
      .select(['d.id', 'd.index_no', 'd.title', 'd.org_code', 'd.due_on', 'd.due_explanation'])
      .where('d.due_on', '>=', ctx.from).where('d.due_on', '<=', ctx.to).where('d.due_on', '<', ctx.asOf)
      .where((eb) => eb.or([
        eb('d.state', 'in', ['draft', 'submitted', 'rejected', 'approved']),
        eb.and([eb('d.state', '=', 'scheduled'), eb('d.published_at', '>', ctx.nowIso)]),
      ]))
      .where(inPaths('d.org_path', ctx.paths)).orderBy('d.id').limit(CAP).execute();
    return [
      ...late.map((r) => ({
        orgCode: r.org_code, subjectRef: `disclosure:${r.index_no}`, title: `《${r.title}》逾期${r.late_working_days}个工作日公开`,
        detail: `应于 ${r.due_on ?? '—'} 前公开，实际 ${r.published_on ?? '—'} 公开。${r.due_explanation ?? ''}`, evidenceUrl: recordHref(r.index_no),
      })),
      ...unpublished.map((r) => ({
        orgCode: r.org_code, subjectRef: `disclosure:${r.index_no}`, title: `《${r.title}》超过公开时限尚未公开`,
        detail: `应于 ${r.due_on ?? '—'} 前公开，检查时（${ctx.asOf}）尚未公开。${r.due_explanation ?? ''}`, evidenceUrl: `/staff/disclosures/${r.id}`,
      })),
    ];
  },
};

const catalogGaps: Rule = {
  code: 'catalog_blank',
  title: '标准目录事项无公开内容（照单公开空白）',
  basis: '《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）：按照标准目录「照单公开」；《政府信息公开条例》第二十条、第二十一条',
  severity: 'general',
  deadlineClass: 'long_term',
  defaultActive: true,
  async find(ctx) {
    // The disclosures module's 空白栏目 list: proactive items of each latest published catalogue with no visible record.
    const rows = await blankItems(ctx.db, ctx.paths, ctx.nowIso);
    return rows.map((r) => ({
      orgCode: r.orgCode, subjectRef: `catalog:${r.catalogId}:${r.itemKey}`, title: `目录事项「${r.itemName}」无公开内容`,
      detail: `《${r.catalogTitle}》中应主动公开的事项「${r.itemName}」没有已公开的信息（公开时限：${r.deadlineText || '未填'}）。`,
      evidenceUrl: `/openness/catalogs/${r.catalogId}/items/${encodeURIComponent(r.itemKey)}`,
    }));
  },
};

const pastValidity: Rule = {
  code: 'validity_past',
  title: '有效期已过未标注失效或废止',
  basis: '《政府信息公开条例》第六条：行政机关应当及时、准确地公开政府信息；《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）：及时公布规范性文件的有效性',
  severity: 'minor',
  deadlineClass: 'immediate',
  defaultActive: true,
  async find(ctx) {
    // Expired on or before the month's last day (the disclosures module's 有效期已过 list, as of the next day).
    const rows = await pastValidityRecords(ctx.db, ctx.paths, ctx.nowIso, addDays(ctx.asOf, 1));
    return rows.map((r) => ({
      orgCode: r.orgCode, subjectRef: `disclosure:${r.indexNo}`, title: `《${r.title}》已过失效日期仍标注为有效`,
      detail: `失效日期 ${r.expiresOn ?? '—'}，有效性仍为「有效」，未标注失效或废止。`, evidenceUrl: recordHref(r.indexNo),
    }));
  },
};

const interpretationMissing: Rule = {
  code: 'interpretation_missing',
  title: '行政规范性文件未同步发布政策解读',
  basis: '《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）：政策性文件与解读方案、解读材料同步组织、同步审签、同步部署',
  severity: 'general',
  deadlineClass: 'limited',
  defaultActive: true,
  async find(ctx) {
    if (!ctx.paths.length) return [];
    const rows = await ctx.db.selectFrom('disclosure as d')
      .select(['d.id', 'd.index_no', 'd.title', 'd.org_code', 'd.published_on'])
      .where('d.genre', '=', 'normative')
      .where('d.published_on', '>=', ctx.from).where('d.published_on', '<=', ctx.to)
      .where('d.state', 'in', ['published', 'scheduled'])
      .where(inPaths('d.org_path', ctx.paths))
      .where(({ not, exists, selectFrom }) => not(exists(
        selectFrom('disclosure_link as l').innerJoin('disclosure as i', 'i.id', 'l.from_id').select('l.from_id')
          .whereRef('l.to_id', '=', 'd.id').where('l.kind', '=', 'interprets')
          .where('i.state', 'in', ['published', 'scheduled']).where('i.published_on', '<=', ctx.asOf),
      )))
      .orderBy('d.id').limit(CAP).execute();
    return rows.map((r) => ({
      orgCode: r.org_code, subjectRef: `disclosure:${r.index_no}`, title: `《${r.title}》无政策解读`,
      detail: `行政规范性文件 ${r.published_on ?? ''} 公开，截至 ${ctx.asOf} 没有关联的政策解读。`, evidenceUrl: recordHref(r.index_no),
    }));
  },
};

const APP_CLOSED = ['withdrawn', 'closed', 'decided', 'delivered'];

const applicationsOverdue: Rule = {
  code: 'application_overdue',
  title: '依申请公开逾期未答复',
  basis: '《政府信息公开条例》第三十三条：不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长的，延长期限最长不得超过20个工作日（期限由依申请公开模块按工作日历计算）',
  severity: 'serious',
  deadlineClass: 'immediate',
  defaultActive: true,
  async find(ctx) {
    if (!ctx.paths.length) return [];
    const rows = await ctx.db.selectFrom('application_case as a')
      .select(['a.reference', 'a.org_code', 'a.assigned_org_code', 'a.due_on', 'a.received_on'])
      .where('a.due_on', '<=', ctx.to).where('a.due_on', '<', ctx.asOf)
      .where('a.decided_on', 'is', null).where('a.stage', 'not in', APP_CLOSED)
      .where(inPaths('a.org_path', ctx.paths)).orderBy('a.id').limit(CAP).execute();
    return rows.map((r) => ({
      orgCode: r.org_code, subjectRef: `application:${r.reference}`, title: `依申请公开 ${r.reference} 逾期未答复`,
      detail: `${r.received_on ?? ''} 收到，答复期限 ${r.due_on ?? '—'}，检查时（${ctx.asOf}）尚未答复。`, evidenceUrl: `/staff/applications/${encodeURIComponent(r.reference)}`,
    }));
  },
};

const applicationsLate: Rule = {
  code: 'application_late',
  title: '依申请公开超期答复',
  basis: '《政府信息公开条例》第三十三条（答复期限见上）',
  severity: 'general',
  deadlineClass: 'limited',
  defaultActive: true,
  async find(ctx) {
    if (!ctx.paths.length) return [];
    const rows = await ctx.db.selectFrom('application_case as a')
      .select(['a.reference', 'a.org_code', 'a.due_on', 'a.decided_on'])
      .where('a.decided_on', '>=', ctx.from).where('a.decided_on', '<=', ctx.to)
      .where('a.due_on', 'is not', null).whereRef('a.decided_on', '>', 'a.due_on')
      .where(inPaths('a.org_path', ctx.paths)).orderBy('a.id').limit(CAP).execute();
    return rows.map((r) => ({
      orgCode: r.org_code, subjectRef: `application:${r.reference}`, title: `依申请公开 ${r.reference} 超期答复`,
      detail: `答复期限 ${r.due_on ?? '—'}，${r.decided_on ?? ''} 作出答复。`, evidenceUrl: `/staff/applications/${encodeURIComponent(r.reference)}`,
    }));
  },
};

const applicationsNoLetter: Rule = {
  code: 'application_no_letter',
  title: '依申请公开已答复但无答复书',
  basis: '《政府信息公开条例》第三十六条：对政府信息公开申请，行政机关根据下列情况分别作出答复（书面答复）；第四十一条',
  severity: 'general',
  deadlineClass: 'immediate',
  defaultActive: true,
  async find(ctx) {
    if (!ctx.paths.length) return [];
    const rows = await ctx.db.selectFrom('application_case as a')
      .select(['a.reference', 'a.org_code', 'a.decided_on', 'a.outcome'])
      .where('a.decided_on', '>=', ctx.from).where('a.decided_on', '<=', ctx.to)
      .where(inPaths('a.org_path', ctx.paths))
      .where(({ or, eb, not, exists, selectFrom }) => or([
        eb('a.outcome', 'is', null),
        not(exists(selectFrom('application_letter as l').select('l.id').whereRef('l.case_id', '=', 'a.id'))),
      ]))
      .orderBy('a.id').limit(CAP).execute();
    return rows.map((r) => ({
      orgCode: r.org_code, subjectRef: `application:${r.reference}`, title: `依申请公开 ${r.reference} 缺少答复结果或答复书`,
      detail: `${r.decided_on ?? ''} 作出答复，${r.outcome ? '平台中没有出具的答复书' : '未记录答复结果'}。`, evidenceUrl: `/staff/applications/${encodeURIComponent(r.reference)}`,
    }));
  },
};

const MESSAGE_BASIS = '《国务院办公厅关于进一步优化地方政务服务便民热线的指导意见》（国办发〔2020〕53号）；《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）「互动回应差」；办理期限为本平台留言分类设定的时限';

async function lateMessages(ctx: RuleContext, wantOpen: boolean): Promise<Finding[]> {
  if (!ctx.paths.length) return [];
  const rows = await ctx.db.selectFrom('message as m')
    .select(['m.reference', 'm.source', 'm.title', 'm.org_code', 'm.assignee_org', 'm.due_on', 'm.original_due_on', 'm.closed_on'])
    // every row that may count in the month under any option (the deadline with or without
    // extensions, or the closure day); onTimeStatus below judges with the installation's options
    .where((eb) => eb.or([
      eb.and([eb('m.due_on', '>=', ctx.from), eb('m.due_on', '<=', ctx.to)]),
      eb.and([eb('m.original_due_on', '>=', ctx.from), eb('m.original_due_on', '<=', ctx.to)]),
      eb.and([eb('m.closed_on', '>=', ctx.from), eb('m.closed_on', '<=', ctx.to)]),
    ]))
    .where('m.stage', 'not in', ['rejected', 'converted_to_application', 'submitted'])
    .where('m.closed_on_estimated', '=', 0)
    .where(wantOpen ? sql<boolean>`m.closed_on is null` : sql<boolean>`m.closed_on is not null`)
    .where(sql<boolean>`(${inPaths('m.org_path', ctx.paths)} or (m.assignee_path is not null and ${inPaths('m.assignee_path', ctx.paths)}))`)
    .orderBy('m.id').limit(CAP).execute();
  const out: Finding[] = [];
  for (const r of rows) {
    // interaction's 按时办结 rule (deadline incl. approved extensions; open and past it = late)
    if (onTimeStatus({ dueOn: r.due_on, originalDueOn: r.original_due_on, closedOn: r.closed_on }, ctx.from, ctx.to, ctx.asOf, ctx.onTime) !== 'late') continue;
    const org = r.assignee_org && ctx.orgs.has(r.assignee_org) ? r.assignee_org : r.org_code;
    const kind = r.source === 'hotline' ? '12345 工单' : '留言';
    out.push({
      orgCode: org, subjectRef: `message:${r.reference}`,
      title: wantOpen ? `${kind} ${r.reference} 逾期未办结` : `${kind} ${r.reference} 超期办结`,
      detail: wantOpen ? `办理期限 ${r.due_on ?? '—'}，检查时（${ctx.asOf}）尚未办结。` : `办理期限 ${r.due_on ?? '—'}，${r.closed_on ?? ''} 办结。`,
      evidenceUrl: `/staff/messages/${encodeURIComponent(r.reference)}`,
    });
  }
  return out;
}

const messagesOverdue: Rule = {
  code: 'message_overdue', title: '留言和 12345 工单逾期未办结', basis: MESSAGE_BASIS,
  severity: 'serious', deadlineClass: 'immediate', defaultActive: true,
  find: (ctx) => lateMessages(ctx, true),
};

const messagesClosedLate: Rule = {
  code: 'message_closed_late', title: '留言和 12345 工单超期办结', basis: MESSAGE_BASIS,
  severity: 'general', deadlineClass: 'limited', defaultActive: true,
  find: (ctx) => lateMessages(ctx, false),
};

const ratingCallback: Rule = {
  code: 'rating_callback',
  title: '政务服务差评未按期回访',
  basis: '《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》（国办发〔2019〕51号）：差评要及时回访核实、整改（回访期限为本平台好差评设置的时限）',
  severity: 'general',
  deadlineClass: 'immediate',
  defaultActive: true,
  async find(ctx) {
    if (!ctx.paths.length) return [];
    // Only where ratings exist: no rows, no findings.
    const rows = await ctx.db.selectFrom('rating as r')
      .select(['r.public_id', 'r.org_code', 'r.callback_due_on'])
      .where('r.is_bad', '=', 1).where('r.excluded', '=', 0)
      .where('r.callback_due_on', '<', ctx.asOf).where('r.callback_due_on', '<=', ctx.to)
      .where('r.called_back_on', 'is', null)
      .where(inPaths('r.org_path', ctx.paths)).orderBy('r.id').limit(CAP).execute();
    return rows.map((r) => ({
      orgCode: r.org_code, subjectRef: `rating:${r.public_id}`, title: `差评 ${r.public_id} 未按期回访`,
      detail: `回访期限 ${r.callback_due_on ?? '—'}，检查时（${ctx.asOf}）尚未回访。`, evidenceUrl: `/staff/ratings/${encodeURIComponent(r.public_id)}`,
    }));
  },
};

const annualReport: Rule = {
  code: 'annual_report_late',
  title: '政府信息公开工作年度报告未按期公开',
  basis: '《政府信息公开条例》第四十九条（县级以上人民政府部门每年1月31日前）、第五十条（县级以上地方人民政府每年3月31日前）；期限由年度报告模块计算',
  severity: 'serious',
  deadlineClass: 'immediate',
  defaultActive: true,
  async find(ctx) {
    // The reports module's reminders as of the check day: last year's report not published; overdue when daysLeft < 0.
    const rows = await pendingReports(ctx.db, ctx.paths, ctx.asOf);
    return rows.filter((r) => r.daysLeft < 0).map((r) => ({
      orgCode: r.orgCode, subjectRef: `report:${r.reportYear}`, title: `${r.reportYear}年政府信息公开工作年度报告未按期公开`,
      detail: `应于 ${r.dueOn} 前公开（${r.basis}），检查时（${ctx.asOf}）${r.state === 'draft' ? '仍为草稿' : '尚未编制'}。`, evidenceUrl: '/staff/reports',
    }));
  },
};

/** Record pages sampled per organisation (its newest ones published in the month). */
export const PAGES_SAMPLED = 2;

const siteErrors: Rule = {
  code: 'site_error',
  title: '信息公开订阅源或信息页面无法访问',
  basis: '《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决「站点无法访问」、扣分项「可用性」（错链、死链）',
  severity: 'serious',
  deadlineClass: 'immediate',
  defaultActive: true,
  async find(ctx) {
    if (!ctx.probe || !ctx.paths.length) return [];
    const probe = ctx.probe;
    // One query for the sample of every organisation: the newest records published in the month.
    const rows = await ctx.db.selectFrom('disclosure as d')
      .select(['d.org_code', 'd.index_no', 'd.published_on'])
      .where('d.published_on', '>=', ctx.from).where('d.published_on', '<=', ctx.to)
      .where('d.state', 'in', ['published', 'scheduled']).where('d.published_at', '<=', ctx.nowIso)
      .where(inPaths('d.org_path', ctx.paths)).orderBy('d.org_code').orderBy('d.published_on', 'desc').orderBy('d.id', 'desc').limit(CAP).execute();
    const sample = new Map<string, string[]>();
    for (const r of rows) {
      const list = sample.get(r.org_code) ?? [];
      if (list.length < PAGES_SAMPLED) list.push(r.index_no);
      sample.set(r.org_code, list);
    }
    const out: Finding[] = [];
    for (const org of ctx.orgs.values()) {
      if (org.kind === 'village_committee') continue;
      const feed = `/openness/disclosures/feeds/org/${encodeURIComponent(org.code)}/rss.xml`;
      const status = await probe(feed);
      if (status >= 400) out.push({ orgCode: org.code, subjectRef: `feed:${org.code}`, title: `${org.name}信息公开订阅源无法访问`, detail: `检查时访问 ${feed} 返回 HTTP ${status}。`, evidenceUrl: feed });
      for (const indexNo of sample.get(org.code) ?? []) {
        const page = recordHref(indexNo);
        const s = await probe(page);
        if (s >= 400) out.push({ orgCode: org.code, subjectRef: `page:${indexNo}`, title: `信息页面 ${indexNo} 无法访问`, detail: `检查时访问 ${page} 返回 HTTP ${s}。`, evidenceUrl: page });
      }
    }
    return out;
  },
};

/** Every shipped rule, in the order lists show them. */
export const RULES: readonly Rule[] = [
  lateRecords, catalogGaps, pastValidity, interpretationMissing,
  applicationsOverdue, applicationsLate, applicationsNoLetter,
  messagesOverdue, messagesClosedLate, ratingCallback, annualReport, siteErrors,
];

export function findRule(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
