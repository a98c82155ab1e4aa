// Citizen interaction: 民心直通车 messages and 12345 work orders (one table, `source` tells them
// apart), their append-only event log, categories (Open311 services), deadline classes and routing
// rules (data, not code), photos, and the notification outbox.
import type { Kysely } from 'kysely';
import { isPostgres, withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_deadline_class')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull())
    .execute();
  // Defaults (configurable data): 简易 2 (磁县 民心直通车 「简易事项2日内办理」), 一般 5, 复杂 15 working days.
  await (db as Kysely<{ message_deadline_class: { code: string; label: string; working_days: number } }>)
    .insertInto('message_deadline_class')
    .values([{ code: 'simple', label: '简易', working_days: 2 }, { code: 'normal', label: '一般', working_days: 5 }, { code: 'complex', label: '复杂', working_days: 15 }])
    .execute();

  await db.schema
    .createTable('message_category')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull()) // comma-separated
    .addColumn('attributes_json', 'text', (c) => c.notNull()) // Open311 service definition attributes
    .addColumn('default_class', 'text', (c) => c.notNull().references('message_deadline_class.code'))
    .addColumn('is_disclosure', 'integer', (c) => c.notNull().defaultTo(0)) // a 依申请公开 request: convert, don't handle
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // A small default set so a fresh install can take messages and 12345 orders (`other` is the hotline's default).
  const cat = (code: string, name: string, group: string, cls: string, keywords: string, description: string, extra: Partial<{ attributes_json: string; is_disclosure: number }> = {}) =>
    ({ code, name, group_name: group, default_class: cls, keywords, description, attributes_json: '[]', is_disclosure: 0, active: 1, ...extra });
  const categories = [
    cat('roads', '道路交通', '城乡建设与管理', 'normal', '道路,坑洼,交通,红绿灯', '道路破损、交通设施、停车等问题', {
      attributes_json: JSON.stringify([{ code: 'road_kind', description: '道路类别', datatype: 'singlevaluelist', required: false, values: [{ key: 'national', name: '国道、省道' }, { key: 'county', name: '县道' }, { key: 'rural', name: '乡村道路' }] }]),
    }),
    cat('street_lights', '路灯照明', '城乡建设与管理', 'simple', '路灯,照明', '路灯不亮、损坏'),
    cat('sanitation', '环境卫生', '城乡建设与管理', 'simple', '垃圾,卫生,保洁', '垃圾清运、公共区域卫生'),
    cat('urban_construction', '城乡建设', '城乡建设与管理', 'normal', '施工,违建,房屋', '违章建设、施工扰民、住房等'),
    cat('water_power', '水电气暖', '公共服务', 'simple', '供水,停电,燃气,供暖', '供水、供电、燃气、供暖'),
    cat('environment', '生态环境', '公共服务', 'normal', '污染,噪声,排污', '大气、水、噪声污染'),
    cat('education', '教育', '社会事业', 'normal', '学校,入学,教育', '入学、学校管理'),
    cat('health', '医疗卫生', '社会事业', 'normal', '医院,医保,疫苗', '医疗服务、公共卫生'),
    cat('social_security', '社会保障', '社会事业', 'normal', '社保,养老,低保,就业', '社保、养老、低保、就业'),
    cat('agriculture', '农业农村', '社会事业', 'normal', '农业,补贴,土地', '惠农补贴、土地、农村事务'),
    cat('market', '市场监管', '经济发展', 'normal', '食品安全,价格,消费', '食品安全、价格、消费纠纷'),
    cat('disclosure', '政府信息公开申请', '政务公开', 'normal', '信息公开,依申请公开', '申请获取政府信息（将转为依申请公开办理）', { is_disclosure: 1 }),
    cat('other', '其他', '其他', 'normal', '', '其他意见建议'),
  ].map((c, i) => ({ ...c, sort_order: i }));
  await (db as Kysely<{ message_category: (typeof categories)[number] }>).insertInto('message_category').values(categories).execute();

  await withId(db, db.schema.createTable('message_routing_rule'))
    .addColumn('category_code', 'text', (c) => c.notNull()) // a category code or '*'
    .addColumn('region_prefix', 'text', (c) => c.notNull()) // short region code; covers its subtree
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('class_code', 'text', (c) => c.notNull().references('message_deadline_class.code'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('message'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('tracking_hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // web | kiosk | api | open311 | hotline
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('routed_org', 'text') // the routing rule's suggestion for 交办
    .addColumn('assignee_org', 'text')
    .addColumn('assignee_path', 'text')
    .addColumn('category_code', 'text', (c) => c.notNull().references('message_category.code'))
    .addColumn('region_code', 'text') // short code of the township or village the message is about (routing: 小事不出村)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('original_due_on', 'text')
    .addColumn('due_explanation', 'text', (c) => c.notNull())
    .addColumn('assigned_on', 'text')
    .addColumn('replied_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('rating', 'text')
    .addColumn('reopened', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response', 'text')
    .addColumn('responded_on', 'text')
    .addColumn('application_ref', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('work_order_no', 'text', (c) => c.unique()) // 12345 工单编号
    .addColumn('operator_no', 'text') // 创建工号
    .addColumn('order_type', 'text') // 咨询 求助 投诉 举报 建议 感谢 其他
    .addColumn('called_at', 'text') // 来电时间
    .addColumn('planned_at', 'text') // 计划完成时间
    .addColumn('external_status', 'text') // 工单状态 as the hotline platform wrote it
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_stage_idx').on('message').columns(['stage', 'received_on']).execute();
  await db.schema.createIndex('message_org_idx').on('message').columns(['org_path', 'stage']).execute();
  await db.schema.createIndex('message_assignee_idx').on('message').columns(['assignee_path', 'stage']).execute();
  await db.schema.createIndex('message_due_idx').on('message').columns(['due_on']).execute();
  await db.schema.createIndex('message_public_idx').on('message').columns(['is_public', 'received_on']).execute();
  await db.schema.createIndex('message_category_idx').on('message').columns(['category_code', 'stage']).execute();
  await db.schema.createIndex('message_updated_idx').on('message').columns(['updated_at']).execute();
  await db.schema.createIndex('message_received_idx').on('message').columns(['received_on']).execute();
  await db.schema.createIndex('message_created_idx').on('message').columns(['created_at']).execute();

  await withId(db, db.schema.createTable('message_event'))
    .addColumn('message_id', 'integer', (c) => c.notNull().references('message.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('happened_on', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addUniqueConstraint('message_event_seq_unique', ['message_id', 'seq'])
    .execute();
  await db.schema.createIndex('message_event_type_idx').on('message_event').columns(['type', 'happened_on']).execute();

  await withId(db, db.schema.createTable('message_photo'))
    .addColumn('message_id', 'integer', (c) => c.notNull().references('message.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_photo_message_idx').on('message_photo').column('message_id').execute();

  await withId(db, db.schema.createTable('notification_outbox'))
    .addColumn('channel', 'text', (c) => c.notNull()) // sms | email
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('message_id', 'integer', (c) => c.references('message.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull()) // accepted | responded | closed
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('notification_outbox_due_idx').on('notification_outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['notification_outbox', 'message_photo', 'message_event', 'message', 'message_routing_rule', 'message_category', 'message_deadline_class']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
