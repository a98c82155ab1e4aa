// UI strings (zh-CN) of the fields of 新闻发布会 and 回应关切 records (staff form, public page, API).
export const detailStrings = {
  form: {
    pressLegend: '新闻发布会（体裁为「新闻发布会」时填写）',
    heldOn: '发布会日期', place: '地点', speakers: '发布人', speakersHint: '每行一人：姓名，职务（如「张明，县民政局局长」）；至少一人，最多 20 人',
    transcript: '发布会实录', transcriptHint: '可使用 HTML 段落、列表、表格；脚本和样式会被清除',
    policy: '发布的政策文件（索引号）', policyHint: '发布会所发布或解读的政策文件的索引号；该文件的公开页面会同时显示本发布会',
    responseLegend: '回应关切（体裁为「回应关切」时填写）',
    concernSummary: '回应的关切', concernSummaryHint: '公众关注的问题概述，500 字以内',
    concernSource: '关切来源', messageRef: '民心直通车留言编号', messageRefHint: '回应的是某条留言时填写，如 LY-20260301-7KQ3M',
  },
  errors: {
    heldOnRequired: '请填写发布会日期', heldOnFuture: '发布会日期不能晚于今天', placeRequired: '请填写发布会地点',
    heldOnDate: '日期格式应为 YYYY-MM-DD，且为真实日期', heldOnTooEarly: (earliest: string) => `日期不能早于 ${earliest}，请检查年份`,
    tooLong: (n: number) => `不能超过 ${n} 个字`,
    speakersRequired: '请至少填写一位发布人（姓名，职务）', speakersTooMany: '发布人最多 20 位',
    speakerLine: (n: number) => `第 ${n} 行发布人应为「姓名，职务」，姓名不超过 30 字、职务不超过 60 字`,
    transcriptRequired: '请填写发布会实录', transcriptTooLarge: '发布会实录过长（上限 200,000 字符）',
    policyUnknown: (x: string) => `找不到索引号为「${x}」的政策文件`, policySelf: '发布会不能关联自身',
    concernRequired: '请填写回应的关切', concernSource: '请选择关切来源（网民留言、媒体报道、12345热线、人大建议政协提案或其他）',
    messageRef: '留言编号格式不正确，应如 LY-20260301-7KQ3M',
    badSource: '关切来源应为：网民留言、媒体报道、12345热线、人大建议政协提案或其他（代码或中文名称）',
  },
  view: {
    press: '新闻发布会', heldOn: '发布会日期', place: '地点', speakers: '发布人', transcript: '发布会实录', policy: '发布的政策文件',
    response: '回应关切', concern: '回应的关切', source: '关切来源', messageRef: '民心直通车留言编号',
    pressConferences: '新闻发布会', responsesTitle: '回应关切', responsesIntro: '对网民留言、媒体报道、12345热线等反映的公众关切问题的回应。',
    empty: '暂无回应关切信息。', published: '发布日期', responder: '回应单位',
  },
};

export const CONCERN_SOURCE_LABELS = { online_message: '网民留言', media: '媒体报道', hotline: '12345热线', npc_cppcc: '人大建议政协提案', other: '其他' } as const;
