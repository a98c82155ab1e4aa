// Pure view: the 办理流程 as an accessible SVG flowchart — a vertical chain of boxes with arrows,
// role="img" with a title and a description listing every step, and the same steps as an ordered
// list right after it for screen readers and copying.
import type { ProcessStep } from '../service-map.ts';
import { smStrings as s } from '../service-map.strings.ts';

const W = 320;
const BOX_H = 56;
const GAP = 28;
const CHARS_PER_LINE = 16;

function lines(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length && out.length < 2; i += CHARS_PER_LINE) out.push(text.slice(i, i + CHARS_PER_LINE));
  if (text.length > CHARS_PER_LINE * 2) out[1] = `${(out[1] ?? '').slice(0, CHARS_PER_LINE - 1)}…`;
  return out;
}

export function Flowchart({ name, steps, id }: { name: string; steps: readonly ProcessStep[]; id: string }) {
  if (!steps.length) return null;
  const height = steps.length * BOX_H + (steps.length - 1) * GAP + 4;
  const names = steps.map((st) => st.name);
  return (
    <figure class="flowchart">
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${W} ${height}`} width={W} height={height} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-t`}>{s.flowchartTitle(name)}</title>
        <desc id={`${id}-d`}>{s.flowchartDesc(names)}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b" />
          </marker>
        </defs>
        {steps.map((st, i) => {
          const y = 2 + i * (BOX_H + GAP);
          const ls = lines(`${i + 1}. ${st.name}`);
          return (
            <g key={i}>
              <rect x="2" y={y} width={W - 4} height={BOX_H} rx="8" fill="#f3f3f3" stroke="#1b1b1b" stroke-width="2" />
              {ls.map((l, j) => (
                <text key={j} x={W / 2} y={y + BOX_H / 2 + (j - (ls.length - 1) / 2) * 20 + 6} text-anchor="middle" font-size="16" fill="#1b1b1b">{l}</text>
              ))}
              {i < steps.length - 1 && <line x1={W / 2} y1={y + BOX_H} x2={W / 2} y2={y + BOX_H + GAP - 4} stroke="#1b1b1b" stroke-width="2" marker-end={`url(#${id}-arrow)`} />}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ol class="flow-steps">
          {steps.map((st, i) => (
            <li key={i}><strong>{st.name}</strong>{st.actor ? `（${st.actor}）` : ''}{st.description ? `：${st.description}` : ''}{st.duration ? ` ${st.duration}` : ''}</li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}
