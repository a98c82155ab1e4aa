// Pure: the 办理流程图 of a 依申请公开 application — the statutory steps and their deadlines
// (《中华人民共和国政府信息公开条例》第三十条至第三十三条) as data, drawn as an accessible SVG
// (role="img" with <title> and <desc>; the same steps are also listed as text on the page).
import { xmlEscape } from '../../platform/html/xml.ts';

export interface ProcessStep {
  title: string;
  /** The deadline in one phrase (shown in the box's heading line). */
  deadline: string | null;
  detail: string;
  article: string;
  /** Only when the case needs it (补正, 征求意见, 延期). */
  optional: boolean;
}

export const PROCESS_STEPS: readonly ProcessStep[] = [
  { title: '收到申请', deadline: null, detail: '当面提交之日、邮寄签收之日，网上或传真申请以双方确认之日为收到申请之日；当日不计入，自次日起计算', article: '第三十一条', optional: false },
  { title: '告知补正', deadline: '7 个工作日', detail: '申请内容不明确的，自收到申请之日起 7 个工作日内一次性告知补正；答复期限自收到补正后的申请之日起计算', article: '第三十条', optional: true },
  { title: '征求意见', deadline: '15 个工作日', detail: '可能损害第三方合法权益的，书面征求意见，第三方自收到之日起 15 个工作日内提出意见；所需时间不计入答复期限', article: '第三十二条、第三十三条第三款', optional: true },
  { title: '作出答复', deadline: '20 个工作日', detail: '能够当场答复的当场答复；不能当场答复的，自收到申请之日起 20 个工作日内答复', article: '第三十三条第一款', optional: false },
  { title: '延长答复期限', deadline: '延长 20 个工作日', detail: '需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过 20 个工作日', article: '第三十三条第二款', optional: true },
  { title: '送达答复书', deadline: null, detail: '按申请人选择的方式提供信息或送达答复书', article: '第四十条', optional: false },
  { title: '救济', deadline: '60 日／6 个月', detail: '不服的，可以自收到答复之日起 60 日内申请行政复议，或者 6 个月内提起行政诉讼', article: '第五十一条', optional: false },
];


/** Splits text into lines of at most `em` ems (a CJK character is 1 em, others about 0.55). */
export function wrapText(text: string, em: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const ch of text) {
    const w = /[\u2E80-\uFFEF]/u.test(ch) ? 1 : 0.55;
    // keep closing punctuation on the line it ends
    if (width + w > em && !/[，。；、）：]/u.test(ch)) { lines.push(line); line = ''; width = 0; }
    if (!line && ch === ' ') continue;
    line += ch; width += w;
  }
  if (line) lines.push(line);
  return lines;
}

/** The flow chart as SVG markup: one column of boxes (readable at 375 px), dashed for steps taken only when needed. */
export function processChartSvg(opts: { id?: string } = {}): string {
  const id = opts.id ?? 'ysq-flow';
  const W = 360; const PAD = 12; const FONT = 15; const LINE_H = 21; const GAP = 30;
  const parts: string[] = [];
  let y = 8;
  PROCESS_STEPS.forEach((s, i) => {
    const head = `${i + 1}. ${s.title}${s.deadline ? `（${s.deadline}）` : ''}${s.optional ? '〔需要时〕' : ''}`;
    const body = [...wrapText(s.detail, 22), `依据：第${s.article.replace(/^第/, '')}`];
    const h = PAD * 2 + LINE_H * (1 + body.length);
    parts.push(`<rect x="4" y="${y}" width="${W - 8}" height="${h}" rx="6" fill="${s.optional ? '#ffffff' : '#eef4fb'}" stroke="#1d4e89" stroke-width="1.5"${s.optional ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${PAD + 4}" y="${y + PAD + FONT}" font-size="${FONT + 1}" font-weight="bold" fill="#0b2545">${xmlEscape(head)}</text>`);
    body.forEach((l, j) => parts.push(`<text x="${PAD + 4}" y="${y + PAD + FONT + LINE_H * (j + 1)}" font-size="${FONT - 1}" fill="#1a1a1a">${xmlEscape(l)}</text>`));
    y += h;
    if (i < PROCESS_STEPS.length - 1) {
      parts.push(`<line x1="${W / 2}" y1="${y + 2}" x2="${W / 2}" y2="${y + GAP - 8}" stroke="#1d4e89" stroke-width="2"/><path d="M${W / 2 - 6} ${y + GAP - 10} L${W / 2} ${y + GAP - 2} L${W / 2 + 6} ${y + GAP - 10} Z" fill="#1d4e89"/>`);
      y += GAP;
    }
  });
  const height = y + 8;
  const desc = PROCESS_STEPS.map((s, i) => `${i + 1}. ${s.title}${s.deadline ? `，期限${s.deadline}` : ''}${s.optional ? '（需要时）' : ''}：${s.detail}（${s.article}）`).join('；');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif">`
    + `<title id="${id}-title">依申请公开办理流程图</title><desc id="${id}-desc">${xmlEscape(desc)}</desc>${parts.join('')}</svg>`;
}
