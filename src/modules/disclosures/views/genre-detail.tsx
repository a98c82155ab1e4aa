// Pure views: the fields of a 新闻发布会 and a 回应关切 — the staff form's two sections, and the
// public record page's block (date, place, speakers, transcript, policy; the concern answered).
import { Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { CONCERN_SOURCES, speakerLines, type DetailInput, type Speaker } from '../genre-detail.ts';
import { detailStrings as ds } from '../genre-detail.strings.ts';

export function GenreDetailFields({ values, errors }: { values: DetailInput; errors: FieldErrors }) {
  const f = ds.form;
  return (
    <>
      <fieldset class="field">
        <legend>{f.pressLegend}</legend>
        <TextInput name="held_on" label={f.heldOn} hint="格式 YYYY-MM-DD" value={values.heldOn} error={errors.held_on} width="short" />
        <TextInput name="place" label={f.place} value={values.place} error={errors.place} />
        <TextArea name="speakers" label={f.speakers} hint={f.speakersHint} value={speakerLines(values.speakers)} error={errors.speakers} rows={3} />
        <TextArea name="transcript" label={f.transcript} hint={f.transcriptHint} value={values.transcriptHtml} error={errors.transcript} rows={10} />
        <TextInput name="policy" label={f.policy} hint={f.policyHint} value={values.policy} error={errors.policy} />
      </fieldset>
      <fieldset class="field">
        <legend>{f.responseLegend}</legend>
        <TextArea name="concern_summary" label={f.concernSummary} hint={f.concernSummaryHint} value={values.concernSummary} error={errors.concern_summary} rows={3} />
        <Select name="concern_source" label={f.concernSource} value={values.concernSource} error={errors.concern_source} placeholder="请选择" options={CONCERN_SOURCES.values.map((v) => ({ value: v.code, label: v.label }))} />
        <TextInput name="message_ref" label={f.messageRef} hint={f.messageRefHint} value={values.messageRef} error={errors.message_ref} width="short" />
      </fieldset>
    </>
  );
}

/** What the public page shows of the genre's own fields. */
export interface PublicDetail {
  press: { heldOn: string; place: string; speakers: Speaker[]; transcriptHtml: string; policy: { title: string; href: string } | null } | null;
  response: { summary: string; source: string; sourceLabel: string; messageRef: string | null } | null;
}

export function GenreDetailBlock({ d }: { d: PublicDetail }) {
  const v = ds.view;
  return (
    <>
      {d.press && (
        <section aria-labelledby="press" class="genre-detail">
          <h2 id="press">{v.press}</h2>
          <dl class="summary">
            <dt>{v.heldOn}</dt><dd>{d.press.heldOn}</dd>
            <dt>{v.place}</dt><dd>{d.press.place}</dd>
            <dt>{v.speakers}</dt><dd><ul>{d.press.speakers.map((p, i) => <li key={i}>{p.title ? `${p.name}（${p.title}）` : p.name}</li>)}</ul></dd>
            {d.press.policy && <><dt>{v.policy}</dt><dd><a href={d.press.policy.href}>{d.press.policy.title}</a></dd></>}
          </dl>
          <h3>{v.transcript}</h3>
          <div class="record-body" dangerouslySetInnerHTML={{ __html: d.press.transcriptHtml }} />
        </section>
      )}
      {d.response && (
        <section aria-labelledby="concern" class="genre-detail">
          <h2 id="concern">{v.concern}</h2>
          <p>{d.response.summary}</p>
          <dl class="summary">
            <dt>{v.source}</dt><dd>{d.response.sourceLabel}</dd>
            {d.response.messageRef && <><dt>{v.messageRef}</dt><dd>{d.response.messageRef}</dd></>}
          </dl>
        </section>
      )}
    </>
  );
}
