// Pure views: sign-in and own-password pages.
import { Layout } from '../../../platform/web/layout.tsx';
import { Button, ErrorSummary, Form, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { identityStrings as s } from '../identity.strings.ts';

export function SignInPage({ ctx, values, errors, next }: { ctx: PageContext; values: { username: string }; errors: FieldErrors; next: string }) {
  return (
    <Layout ctx={ctx} title={s.signInTitle} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary errors={errors} />
      <h1>{s.signInTitle}</h1>
      <Form action={`/login?next=${encodeURIComponent(next)}`} csrfToken={ctx.csrfToken}>
        <TextInput name="username" label={s.username} value={values.username} error={errors.username} autocomplete="username" />
        <TextInput name="password" label={s.password} type="password" error={errors.password} autocomplete="current-password" />
        <Button>{s.signIn}</Button>
      </Form>
    </Layout>
  );
}

export function ChangePasswordPage({ ctx, errors, forced, done }: { ctx: PageContext; errors: FieldErrors; forced: boolean; done: boolean }) {
  return (
    <Layout ctx={ctx} title={s.account} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary errors={errors} />
      <h1>{s.account}</h1>
      {forced && <div class="notice" role="status">您正在使用临时密码，请先设置新密码。</div>}
      {done && <div class="notice" role="status">密码已修改。</div>}
      <Form action="/staff/account/password" csrfToken={ctx.csrfToken}>
        <TextInput name="current_password" label="当前密码" type="password" error={errors.current_password} autocomplete="current-password" />
        <TextInput name="new_password" label="新密码" type="password" hint="至少 10 个字符，不能包含用户名" error={errors.new_password} autocomplete="new-password" />
        <TextInput name="confirm_password" label="再次输入新密码" type="password" error={errors.confirm_password} autocomplete="new-password" />
        <Button>保存新密码</Button>
      </Form>
    </Layout>
  );
}
