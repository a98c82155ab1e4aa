// Pure views: the working-day calendar staff pages.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { CalendarYearSummary } from '../../../platform/calendar/calendar.repository.ts';
import type { CalendarYearData } from '../../../platform/calendar/bundled-data.ts';
import { beijingTime, formatWithWeekday } from '../../../platform/clock/local-date.ts';
import { KIND_LABELS } from '../calendar.service.ts';

const kindOptions = [
  { value: 'holiday', label: KIND_LABELS.holiday },
  { value: 'makeup_working_day', label: KIND_LABELS.makeup_working_day },
];

export function CalendarPage({ ctx, years, selected, statutory, incomplete, next, values, errors, message }: {
  ctx: PageContext; years: CalendarYearSummary[]; selected: CalendarYearData | null;
  /** The statutory holidays of the selected year (dates): they cannot be deleted. */
  statutory: ReadonlySet<string>;
  /** Why the selected year lacks a statutory holiday (loaded before the check), or null. */
  incomplete: string | null;
  /** The first year after the loaded ones and its statutory holidays as form lines. */
  next: { year: number; lines: string };
  values: Record<string, string>; errors: FieldErrors; message: string | null;
}) {
  return (
    <Layout ctx={ctx} title="工作日历" hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { label: '工作日历' }]} />
      <ErrorSummary errors={errors} />
      <h1>工作日历</h1>
      {message && <Notice>{message}</Notice>}
      <p>工作日不含周六、周日和法定节假日，含调休上班的周六、周日。期限计算遇到未录入的年份时会拒绝计算，或按周末和《全国年节及纪念日放假办法》规定的法定节假日计算并标记为“暂定”（调休以国务院办公厅通知为准，录入后重新计算）。</p>
      <table>
        <caption class="visually-hidden">已录入的年份</caption>
        <thead><tr><th scope="col">年份</th><th scope="col">放假天数</th><th scope="col">调休上班天数</th><th scope="col">依据</th><th scope="col">更新时间</th></tr></thead>
        <tbody>
          {years.map((y) => (
            <tr key={y.year}>
              <td><a href={`/staff/calendar?year=${y.year}`}>{y.year}</a></td>
              <td>{y.holidays}</td><td>{y.makeupWorkingDays}</td><td>{y.source}</td><td>{beijingTime(y.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && (
        <>
          <h2>{selected.year} 年</h2>
          <p class="muted">依据：{selected.source}</p>
          {incomplete && <Notice>该年数据不完整，{incomplete}。请重新录入整年。</Notice>}
          <table>
            <thead><tr><th scope="col">日期</th><th scope="col">类型</th><th scope="col">节日</th><th scope="col">操作</th></tr></thead>
            <tbody>
              {selected.days.map((d) => (
                <tr key={d.date}>
                  <td>{formatWithWeekday(d.date)}</td><td>{KIND_LABELS[d.kind]}</td><td>{d.name}</td>
                  <td>
                    {/* a statutory holiday stays a day off (《全国年节及纪念日放假办法》第二条): no button the server would refuse */}
                    {d.kind === 'holiday' && statutory.has(d.date)
                      ? <span class="muted">法定节假日，不能删除</span>
                      : (
                        <Form action={`/staff/calendar/days/${d.date}/delete`} csrfToken={ctx.csrfToken} class="inline-form">
                          <button type="submit" class="link-button">删除 {d.date}</button>
                        </Form>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2 id="day">修改一天</h2>
      <Form action="/staff/calendar/days" csrfToken={ctx.csrfToken}>
        <TextInput name="date" label="日期" hint="YYYY-MM-DD，例如 2026-10-10" value={values.date} error={errors.date} width="short" />
        <Select name="kind" label="类型" value={values.kind} error={errors.kind} placeholder="请选择" options={kindOptions} />
        <TextInput name="name" label="节日名称" value={values.name} error={errors.name} width="short" />
        <Button variant="secondary">保存</Button>
      </Form>
      <h2 id="year-form">录入整年</h2>
      <p class="hint">国务院办公厅每年 11 月前后发布下一年节假日安排。录入后，期限为“暂定”的案件会重新计算。已录入的年份将被整体替换。每年必须包含全部法定节假日（2025 年起 13 天：元旦，春节农历除夕至正月初三，清明节，5月1日、2日，端午节，中秋节，10月1日至3日），缺少的将被列出并拒绝录入。</p>
      <Form action="/staff/calendar/years" csrfToken={ctx.csrfToken}>
        <TextInput name="year" label="年份" value={values.year} error={errors.year} width="short" />
        <TextInput name="source" label="依据" hint="通知名称、文号和发布日期" value={values.source} error={errors.source} />
        <TextArea name="days" label="日期（每行一天）" hint="格式：2027-01-01 放假 元旦；调休上班日写“调休上班”" value={values.days} error={errors.days} rows={10} />
        <details>
          <summary>{next.year} 年法定节假日（按农历和节气计算，可复制后补充调休安排）</summary>
          <pre>{next.lines}</pre>
        </details>
        <Button>录入</Button>
      </Form>
    </Layout>
  );
}
