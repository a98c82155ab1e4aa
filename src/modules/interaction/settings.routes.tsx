// Shell: /staff/interaction/settings — deadline classes and categories are shared by every county,
// so only a platform administrator changes them; routing rules are per place, so an `admin` adds and
// deletes the rules of their own subtree (the rule's region and its target organisation), and sees
// only those.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { notFound } from '../../platform/web/http-error.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { isPlatformAdmin, requirePlatformAdmin, requireRoles, type Actor } from '../identity/index.ts';
import * as repo from './interaction.repository.ts';
import { interactionStrings } from './interaction.strings.ts';
import * as settings from './settings.service.ts';
import { CategoryPage, SettingsPage, type SettingsPageProps } from './views/settings-pages.tsx';

const t = interactionStrings.settings;
const BASE = '/staff/interaction/settings';
const NOTICES: Record<string, string> = { saved: t.saved, rule: t.ruleAdded, deleted: t.ruleDeleted, category: t.categorySaved };

export async function settingsRoutes(app: App, deps: settings.SettingsDeps): Promise<void> {
  const { db } = deps;
  const adminOnly = { preHandler: requireRoles('admin') };
  const platformOnly = { preHandler: requirePlatformAdmin() };
  const performer = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  const values = (body: unknown, names: readonly string[]) => Object.fromEntries(names.map((k) => [k, field(body, k)]));

  app.staffLinks.push({ href: BASE, label: t.title, description: t.linkDescription, roles: ['admin'] });

  async function page(request: FastifyRequest, reply: FastifyReply, form: SettingsPageProps['form'], errors: FieldErrors, typed: Record<string, string>, notice: string | null, status = 200) {
    const actor = request.actor as Actor;
    const [classes, categories, rules] = await Promise.all([repo.loadClasses(db), repo.loadCategories(db, false), settings.listRules(db, actor)]);
    return sendPage(reply, <SettingsPage ctx={pageContext(request)} classes={classes} categories={categories} rules={rules} notice={notice} form={form} errors={errors} values={typed} shared={isPlatformAdmin(actor)} />, status);
  }

  app.get<{ Querystring: { done?: string } }>(BASE, adminOnly, async (request, reply) => page(request, reply, null, {}, {}, NOTICES[request.query.done ?? ''] ?? null));

  app.post(`${BASE}/classes`, platformOnly, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = Object.fromEntries(Object.keys(body).filter((k) => /^(label|days)_[a-z0-9_]+$/.test(k)).map((k) => [k, field(body, k)]));
    const r = await settings.saveClasses(deps, performer(request), typed);
    if (!r.ok) return page(request, reply, 'classes', r.errors, typed, null, 400);
    return reply.redirect(`${BASE}?done=saved#classes`, 303);
  });

  app.post(`${BASE}/categories`, platformOnly, async (request, reply) => {
    const typed = values(request.body, settings.CATEGORY_FIELDS);
    const r = await settings.createCategory(deps, performer(request), typed);
    if (!r.ok) return page(request, reply, 'category', r.errors, typed, null, 400);
    return reply.redirect(`${BASE}?done=category#categories`, 303);
  });

  async function categoryPage(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, typed: Record<string, string> | null, errors: FieldErrors, status = 200) {
    const category = (await repo.loadCategories(db, false)).find((c) => c.code === request.params.code);
    if (!category) throw notFound(t.categoryNotFound);
    const v = typed ?? { name: category.name, group_name: category.group, description: category.description, keywords: category.keywords.join('，'), default_class: category.defaultClass, sort_order: String((await db.selectFrom('message_category').select('sort_order').where('code', '=', category.code).executeTakeFirstOrThrow()).sort_order), active: category.active ? '1' : '0' };
    return sendPage(reply, <CategoryPage ctx={pageContext(request)} category={category} classes={await repo.loadClasses(db)} values={v} errors={errors} />, status);
  }

  app.get<{ Params: { code: string } }>(`${BASE}/categories/:code`, platformOnly, async (request, reply) => categoryPage(request, reply, null, {}));

  app.post<{ Params: { code: string } }>(`${BASE}/categories/:code`, platformOnly, async (request, reply) => {
    const typed = values(request.body, settings.CATEGORY_FIELDS);
    const r = await settings.updateCategory(deps, performer(request), request.params.code, typed);
    if (r === null) throw notFound(t.categoryNotFound);
    if (!r.ok) return categoryPage(request, reply, typed, r.errors, 400);
    return reply.redirect(`${BASE}?done=category#categories`, 303);
  });

  app.post(`${BASE}/rules`, adminOnly, async (request, reply) => {
    const typed = values(request.body, settings.RULE_FIELDS);
    const r = await settings.addRule(deps, performer(request), typed);
    if (!r.ok) return page(request, reply, 'rule', r.errors, typed, null, 400);
    return reply.redirect(`${BASE}?done=rule#rules`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/rules/:id/delete`, adminOnly, async (request, reply) => {
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : 0;
    if (!(await settings.deleteRule(deps, performer(request), id))) throw notFound(t.ruleNotFound);
    return reply.redirect(`${BASE}?done=deleted#rules`, 303);
  });
}
