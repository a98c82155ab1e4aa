// Strings of the waiting-time prediction: the venue page's block (chart and table) and the API.
import { dayOfWeek } from '../../platform/clock/local-date.ts';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export const forecastStrings = {
  hourLabel: hh,
  hourRange: (hour: number) => `${hh(hour)}–${hh(hour + 1)}`,
  block: {
    title: '排队预测（未来 7 天）',
    busiest: (hour: number) => `通常在 ${hh(hour)} 最忙`,
    noData: '暂无足够数据：本场所的排队记录不足 3 周，暂不能预测。',
    intro: '根据本场所过去几个月同一星期几、同一时段的取号和等候记录估算，仅供参考；节假日闭厅不预测，调休上班日按工作日估算，长假后头两个工作日通常更忙。',
    chartTitle: '未来 7 天各时段预计等候时间',
    chartDesc: (items: string) => `每行一天，每格一个小时，格中数字为预计等候分钟数，颜色越深越拥挤。${items}`,
    closedDay: '闭厅',
    postHoliday: '长假后',
    makeup: '调休上班',
    legend: '图例',
    tableSummary: '以表格查看（每天各时段的预计等候时间和拥挤程度）',
    tableCaption: '未来 7 天各时段预计等候时间（分钟）和拥挤程度',
    day: '日期',
    minutes: (m: number) => `约 ${Math.round(m)} 分钟`,
    cell: (m: number, crowd: string) => `${Math.round(m)} 分钟，${crowd}`,
    descDay: (day: string, hours: string) => `${day}：${hours}。`,
    descClosed: (day: string) => `${day}：闭厅。`,
    descHour: (hour: number, m: number, crowd: string) => `${hh(hour)} 约 ${Math.round(m)} 分钟（${crowd}）`,
    /** 「2月10日 周二」 */
    dayLabel: (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${WEEKDAYS[dayOfWeek(day)]}`,
    dayShort: (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))} ${WEEKDAYS[dayOfWeek(day)]}`,
    notOpen: '—',
    thresholds: (quiet: number, busy: number) => `空闲：预计等候少于 ${quiet} 分钟；适中：${quiet}–${busy} 分钟；繁忙：${busy} 分钟以上。`,
  },
  dayTypes: { ordinary: '平常日', makeup: '调休上班日', holiday: '法定节假日' },
  crowd: { quiet: '空闲', moderate: '适中', busy: '繁忙' },
  api: {
    venueNotFound: (id: string) => `未找到场所「${id}」`,
  },
};
