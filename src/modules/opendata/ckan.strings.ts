// Strings of the CKAN Action API (issue 23 §4). The protocol's own texts (error types, CKAN's
// validation messages, "Bad request: …") stay in English as CKAN writes them: clients match them.
export const ckanStrings = {
  organizationDescription: (title: string) => `${title}在本平台发布的开放数据。`,
  groupDescription: (label: string) => `主题：${label}`,
  help: {
    package_list: 'package_list(limit, offset): 全部数据集的名称（name），按名称排序。Return the names of the site\'s datasets, ordered by name.',
    package_show: 'package_show(id | name_or_id): 一个数据集的完整描述。Return the metadata of a dataset (name or id).',
    package_search: 'package_search(q, fq, fq_list, rows ≤ 1000, start, sort, facet.field, facet.limit, facet.mincount, fl): 检索数据集，支持 Solr 语法的常用子集。Search datasets; a subset of Solr syntax (see docs/model/opendata-ckan.md).',
    organization_list: 'organization_list(all_fields, limit, offset, sort, q, organizations): 发布机构（全平台与各级政府）。Return the publishers.',
    organization_show: 'organization_show(id, include_datasets): 一个发布机构。Return one publisher.',
    group_list: 'group_list(all_fields, limit, offset, sort, q, groups): 数据主题。Return the themes (CKAN groups).',
    group_show: 'group_show(id, include_datasets): 一个数据主题。Return one theme.',
    help_show: 'help_show(name): 接口说明。Return the help text of an action.',
  } as Record<string, string>,
};
