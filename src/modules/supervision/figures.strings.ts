// UI strings and definitions of the supervision figures (按时公开率、按时答复率、按时办结率、好评率、回访率、
// 整改完成率), the office dashboard and the public on-time page (zh-CN).
import { ON_TIME_DEFINITION } from '../interaction/index.ts';

export const figureStrings = {
  labels: {
    disclosure_on_time: '主动公开按时公开率',
    application_on_time: '依申请公开按时答复率',
    message_on_time: '民心直通车/12345按时办结率',
    rating_good: '好差评好评率',
    rating_callback: '差评回访率',
    rectification_done: '整改完成率',
    rectification_on_time: '按期整改率',
  },
  /** Short names for chart legends and table headers. */
  short: {
    disclosure_on_time: '主动公开',
    application_on_time: '依申请公开',
    message_on_time: '留言和12345',
    rating_good: '好评率',
    rating_callback: '回访率',
    rectification_done: '整改完成率',
    rectification_on_time: '按期整改率',
  },
  numerator: {
    disclosure_on_time: '按时公开',
    application_on_time: '按时答复',
    message_on_time: '按期办结',
    rating_good: '好评',
    rating_callback: '已回访',
    rectification_done: '已整改销号',
    rectification_on_time: '按期销号',
  },
  denominator: {
    disclosure_on_time: '应公开',
    application_on_time: '应答复',
    message_on_time: '应办结',
    rating_good: '评价',
    rating_callback: '实名差评',
    rectification_done: '发现问题',
    rectification_on_time: '应整改',
  },
  definitions: {
    disclosure_on_time:
      '按时公开率 = 公开期限在本期内的主动公开信息中，在期限内（含当日）发布的条数 ÷ 应公开条数 × 100%。公开期限依《政府信息公开条例》第二十六条「自该政府信息形成或者变更之日起20个工作日内」，关联目录事项规定了更短公开时限的，取其中最早的期限（工作日按节假日和调休安排计算）。应公开 = 期限在本期内且已发布的条数，加上期限已过仍未发布的条数；期限未到、尚未发布的不计入；没有信息形成日期的历史导入信息不计入。',
    application_on_time:
      '按时答复率 = 答复期限在本期内的政府信息公开申请中，在期限内（含当日）作出答复的件数 ÷ 应答复件数 × 100%。答复期限依《政府信息公开条例》第三十三条：收到申请之日起20个工作日内，经批准延长的最多再延长20个工作日，征求第三方和其他机关意见所需时间不计算在内。应答复 = 期限在本期内已答复的件数，加上期限已过仍未答复的件数；申请人撤回且未答复的、期限未到的不计入。',
    message_on_time: ON_TIME_DEFINITION,
    rating_good: '好评率 = 本期收到的政务服务评价中「非常满意」「满意」（第4、5级）的条数 ÷ 本期评价条数 × 100%。经申诉复核认定为误评、恶意差评而剔除的评价不计入（国办发〔2019〕51号）。',
    rating_callback: '差评回访率 = 本期收到的实名差评（「不满意」「非常不满意」，第1、2级，评价人留有姓名和电话）中已回访核实的条数 ÷ 本期实名差评条数 × 100%；匿名差评无法回访，直接进入整改，不计入；经申诉复核剔除的差评不计入。与好差评统计的「回访率」口径相同。',
    rectification_done: '整改完成率 = 本期发现的问题中已整改并经复核销号的件数 ÷ 本期发现问题件数 × 100%；经核实为误报而撤销的问题不计入。',
    rectification_on_time: '按期整改率 = 本期发现、整改时限已到或已销号的问题中，在整改时限内（含当日）销号的件数 ÷ 这些问题的件数 × 100%；整改时限未到且尚未销号的不计入。',
  },
  none: '—',
  rate: (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`),
  fraction: (n: number, d: number) => `${n}/${d}`,
  period: {
    invalid: '统计期间格式不正确：请填写年份（如 2026）、季度（如 2026-Q1）或月份（如 2026-03），或起止日期（YYYY-MM-DD）',
    badDate: (field: string) => `「${field}」不是有效日期，请按 YYYY-MM-DD 填写`,
    reversed: '起始日期不能晚于截止日期',
    tooLong: '统计期间不能超过 5 年',
    range: (from: string, to: string) => `${from} 至 ${to}`,
    fromLabel: '起始日期',
    toLabel: '截止日期',
  },
};
