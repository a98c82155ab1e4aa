// Pure view: the help page of counter and 政务公开专区 staff (/staff/desk/help) — how to use the window
// desk, the consultation log, the zone figures and the display/kiosk settings, step by step, with
// links. Linked from the staff home (工作台) and from the desk.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { ds } from '../desk.strings.ts';

export function DeskHelpPage({ ctx }: { ctx: PageContext }) {
  const h = ds.help;
  return (
    <Layout ctx={ctx} title={h.title}>
      <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: '/staff/desk', label: ds.title }, { label: h.title }]} />
      <h1>{h.title}</h1>
      <p>{h.intro}</p>
      {h.sections.map((sec, i) => (
        <section key={sec.heading} aria-labelledby={`help-${i}`}>
          <h2 id={`help-${i}`}>{sec.heading}</h2>
          <ol>{sec.steps.map((step) => <li key={step}>{step}</li>)}</ol>
          <p><a href={sec.href}>{sec.link}</a></p>
        </section>
      ))}
    </Layout>
  );
}
