// Strings of the 季度通报 pages, errors and the DOCX (supervision module).
import { QUARTER_NAMES, type BulletinState, type Quarter } from './bulletin.ts';

export const BULLETIN_STATE_LABELS: Record<BulletinState, string> = { draft: '草稿', submitted: '已提交保密审查', published: '已发布' };

export const bs = {
  link: { label: '季度通报', description: '按季度生成本辖区政务公开工作通报，编辑后经保密审查发布，导出公文格式 DOCX' },
  list: '季度通报',
  /** The annex line of the government's own figures (本级), so the rows add up to 合计. */
  ownRow: (government: string) => `${government}（本级）`,
  empty: '还没有季度通报。',
  quarterLabel: (year: number, q: Quarter) => `${year}年${QUARTER_NAMES[q]}`,
  cols: { title: '标题', office: '政务公开办', quarter: '季度', state: '状态', updated: '更新时间' },
  newForm: {
    title: '生成季度通报', office: '政务公开办', officeHint: '通报由该政务公开办印发，范围为其所属政府的下级单位', year: '年度', yearHint: '四位数字，如 2026',
    quarter: '季度', submit: '生成通报',
  },
  edit: {
    save: '保存', regenerate: '重新生成统计数据', regenerateHint: '按当前数据重新统计本季度的问题和按时率，已填写的文字和典型保留。',
    publish: '提交发布（保密审查）', publishHint: '生成一条体裁为「通报」的公开信息草稿并提交保密审查，审查通过后由编辑发布。',
    download: '下载公文（DOCX）', preview: '预览', texts: '正文', examples: '典型', figures: '统计数据（生成时冻结）',
    titleLabel: '标题', docPrefix: '发文机关代字', docPrefixHint: '如 磁公开办，发文字号为「代字〔年份〕序号号」', docSerial: '发文序号', recipient: '主送机关', dated: '成文日期', dateHint: '格式 YYYY-MM-DD',
    preamble: '导语', overview: '一、总体情况', problems: '二、存在问题', nextSteps: '三、下一步工作',
    good: '做得较好的（可多选）', bad: '存在问题的典型（可多选）', goodText: '其他好的典型（每行一条）', badText: '其他问题典型（每行一条）',
    noCandidates: '本季度没有可选的问题或已发布信息。',
    generatedAt: (beijing: string) => `统计生成于 ${beijing.slice(0, 16)}`,
    disclosure: (indexNo: string) => `已生成公开信息，索引号 ${indexNo}`,
    readOnly: '通报已提交发布，不能再修改。',
    problemTag: '问题', recordTag: '已发布信息',
  },
  done: { created: '已生成季度通报', saved: '已保存', regenerated: '已重新生成统计数据', published: '已生成「通报」公开信息草稿并提交保密审查' },
  errors: {
    notFound: '找不到该季度通报',
    officeRequired: '请选择政务公开办',
    officeOutOfScope: '您不能为该政务公开办编写通报',
    year: '年度应为 2000 至明年之间的四位数字',
    quarter: '季度应为 1、2、3 或 4',
    futureQuarter: '该季度尚未开始，不能生成通报',
    duplicate: (label: string) => `该政务公开办${label}的通报已经存在，请打开已有的通报编辑`,
    required: '请填写此项',
    tooLong: (n: number) => `不能超过 ${n} 个字`,
    serial: '发文序号应为 1 至 9999 的整数',
    date: '请输入有效日期，格式 YYYY-MM-DD',
    unknownExample: '所选典型不在本季度的问题或已发布信息中',
    tooManyExamples: '典型最多 30 条',
    notDraft: '通报已提交发布，不能再修改或重新生成',
    publishRefused: '不能提交发布',
  },
  docx: { annexTitle: '各单位政务公开工作情况统计表', annex: '附件', seal: '（印章）' },
} as const;
