// Optional: an OpenAI-compatible chat endpoint rephrases the built-in answer from its facts only,
// same sources (issue 20 §5) — owned by the `bench` part. Off unless ASSISTANT_LLM_BASE_URL is set.
//
// What is sent: the question (ID numbers and phone numbers masked) and the draft's sentences as
// numbered facts, with a system prompt that allows rewording only. What is accepted: a non-empty
// answer, not longer than LENGTH_LIMIT (nor than twice the facts), in which every number, date and
// URL occurs in the facts and every number and URL of the facts occurs again (nothing added, nothing
// dropped), with no number written in Chinese numerals that the facts do not have. Anything else —
// timeout, non-2xx, bad JSON, a refusal, an empty or failing answer — gives the built-in draft back
// unchanged, and one log line (never the key).
//
// Sources: the draft's `sources`, `choices`, `items`, `pending` and outcome are kept as they are. The
// rephrased text is split into sentences; each sentence is tied to the source of the draft sentence
// it shares the most with (its numbers and URLs first, then its two-character pieces); a sentence
// that shares nothing with any fact gets no source (null) rather than a borrowed one. So a link still
// leads to the page the words came from, and no source is claimed for words that are not a fact.
import type { AssistantConfig } from '../../config.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import type { AnswerDraft, Sentence } from './types.ts';

export interface Rephraser { rephrase(question: string, draft: AnswerDraft): Promise<AnswerDraft> }

/** The longest rephrased answer accepted (characters). */
export const LENGTH_LIMIT = 600;

export const SYSTEM_PROMPT = [
  '你是政务服务咨询助手的文字改写员。',
  '请只根据用户消息中编号列出的「事实」，把它们改写成一段通顺、简洁、口语化的中文回答。',
  '必须原样保留每一个数字、日期、金额、时限和网址，不得改写成汉字数字，不得省略。',
  '不得添加事实中没有的任何内容：不添加数字、网址、电话、地点、材料、条件或建议。',
  '不要使用编号、列表或 Markdown，只输出回答正文。',
].join('\n');

const URL_RE = /https?:\/\/[^\s，。；、！？）)」》"'<>]+/gu;
const NUMBER_RE = /\d+(?:[.:：/-]\d+)*/gu;
const CN_NUMBER_RE = /[零〇一二两三四五六七八九十百千万]+(?=\s*(?:个|天|日|元|年|月|周|次|份|小时|分钟|岁|项|件|张|工作日))/gu;

/** List ordinals (「1. 」「2、」 after a colon, a semicolon or the start) are layout, not facts. */
const ORDINAL_RE = /(^|[：:；;，,。\s])\d{1,2}[.、．](?!\d)/gu;
const urlsOf = (t: string) => [...t.matchAll(URL_RE)].map((m) => m[0].replace(/[.,]+$/u, ''));
const numbersOf = (t: string) => [...t.replace(URL_RE, ' ').replace(ORDINAL_RE, '$1 ').matchAll(NUMBER_RE)].map((m) => m[0]);
const cnNumbersOf = (t: string) => [...t.replace(URL_RE, ' ').matchAll(CN_NUMBER_RE)].map((m) => m[0]);

/** Why an answer is refused (null: accepted). Pure, exported for the tests. */
export function checkRephrase(answer: string, facts: string[]): string | null {
  const text = answer.trim();
  const all = facts.join('\n');
  if (!text) return 'empty';
  if ([...text].length > Math.min(LENGTH_LIMIT, Math.max(120, [...all].length * 2))) return 'too_long';
  const factUrls = new Set(urlsOf(all));
  const factNumbers = new Set(numbersOf(all));
  const added = [...urlsOf(text).filter((u) => !factUrls.has(u)), ...numbersOf(text).filter((n) => !factNumbers.has(n))];
  if (added.length) return `added:${added.slice(0, 3).join(',')}`;
  const cn = cnNumbersOf(text).filter((c) => !all.includes(c));
  if (cn.length) return `added:${cn.slice(0, 3).join(',')}`;
  const textUrls = new Set(urlsOf(text));
  const textNumbers = new Set(numbersOf(text));
  const dropped = [...[...factUrls].filter((u) => !textUrls.has(u)), ...[...factNumbers].filter((n) => !textNumbers.has(n))];
  if (dropped.length) return `dropped:${dropped.slice(0, 3).join(',')}`;
  return null;
}

/** Splits text after 。！？ (and their ASCII forms followed by a space or the end). */
export function splitSentences(text: string): string[] {
  return (text.trim().match(/[^。！？!?]+(?:[。！？]+|[!?]+(?=\s|$)|$)/gu) ?? []).map((s) => s.trim()).filter(Boolean);
}

const pieces = (t: string) => {
  const s = new Set<string>();
  const chars = [...t.replace(/[\s，。；、！？：,.;:!?「」（）()]/gu, '')];
  for (let i = 0; i + 1 < chars.length; i++) s.add(`${chars[i]}${chars[i + 1]}`);
  return s;
};

/** Each rephrased sentence → the source of the draft sentence it shares the most with (null: none). */
export function attachSources(sentences: string[], draft: Sentence[]): Sentence[] {
  const facts = draft.filter((d) => d.source !== null).map((d) => ({ source: d.source, keys: new Set([...urlsOf(d.text), ...numbersOf(d.text)]), pieces: pieces(d.text) }));
  return sentences.map((text) => {
    const keys = new Set([...urlsOf(text), ...numbersOf(text)]);
    const mine = pieces(text);
    let best: { source: number | null; score: number } = { source: null, score: 0 };
    for (const f of facts) {
      let score = 0;
      for (const k of keys) if (f.keys.has(k)) score += 100;
      for (const p of mine) if (f.pieces.has(p)) score += 1;
      if (score > best.score) best = { source: f.source, score };
    }
    return { text, source: best.source };
  });
}

/** The endpoint's address for log lines: no user, password, query or key. */
function safeBase(base: string): string {
  try { const u = new URL(base); return `${u.protocol}//${u.host}${u.pathname}`; } catch { return '(invalid url)'; }
}

/**
 * null when no endpoint is configured (the default). `log` receives one line per fallback (default
 * console.warn); `fetchImpl` is the HTTP client (default the global fetch).
 */
export function createRephraser(config: AssistantConfig, log: (line: string) => void = (l) => console.warn(l), fetchImpl: typeof fetch = fetch): Rephraser | null {
  if (!config.llmBaseUrl) return null;
  const base = config.llmBaseUrl.replace(/\/+$/u, '');
  const url = `${base}/chat/completions`;
  const fallback = (draft: AnswerDraft, reason: string): AnswerDraft => {
    log(`assistant rephraser: built-in answer kept (${reason}); endpoint ${safeBase(base)}, model ${config.llmModel}`);
    return draft;
  };
  return {
    async rephrase(question, draft) {
      if (!draft.sentences.some((s) => s.source !== null)) return draft;
      const facts = draft.sentences.map((s) => s.text);
      const user = `问题：${maskPersonalData(question)}\n\n事实：\n${facts.map((f, i) => `${i + 1}. ${f}`).join('\n')}`;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), config.llmTimeoutMs);
      let body: unknown;
      try {
        const res = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(config.llmApiKey ? { authorization: `Bearer ${config.llmApiKey}` } : {}) },
          body: JSON.stringify({ model: config.llmModel, temperature: 0, messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: user }] }),
          signal: controller.signal,
          // the question and facts go to the configured endpoint only, never where it redirects
          redirect: 'error',
        });
        if (!res.ok) { await res.body?.cancel().catch(() => undefined); return fallback(draft, `HTTP ${res.status}`); }
        const raw = await res.text();
        try { body = JSON.parse(raw); } catch { return fallback(draft, 'bad JSON'); }
      } catch (e) {
        return fallback(draft, controller.signal.aborted ? `timeout after ${config.llmTimeoutMs} ms` : `request failed: ${(e as Error).name}`);
      } finally {
        clearTimeout(timer);
      }
      const choice = (body as { choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[] } | null)?.choices?.[0];
      if (!choice || typeof choice !== 'object') return fallback(draft, 'no choices');
      if (choice.message?.refusal || choice.finish_reason === 'content_filter') return fallback(draft, 'refused');
      const content = choice.message?.content;
      if (typeof content !== 'string') return fallback(draft, 'no content');
      const refused = checkRephrase(content, facts);
      if (refused) return fallback(draft, `answer refused: ${refused}`);
      const sentences = attachSources(splitSentences(content), draft.sentences);
      if (!sentences.length) return fallback(draft, 'answer refused: empty');
      return { ...draft, sentences };
    },
  };
}
