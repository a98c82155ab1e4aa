// UI strings (zh-CN) of 公众参与 / 意见征集 (public pages, staff pages, API messages).
export const PHASE_LABELS = { upcoming: '未开始', open: '征集中', closed: '已结束' } as const;
export const ADOPTION_LABELS = { adopted: '采纳', partly: '部分采纳', not_adopted: '未采纳' } as const;
export const COMMENT_STATE_LABELS = { pending: '待审核', published: '已公开', rejected: '不予公开' } as const;

export const ps = {
  section: '公众参与', title: '意见征集', home: '首页', interaction: '互动交流',
  intro: '对涉及群众切身利益的政策文件草案，在出台前向社会公开征求意见。意见经审核后公开；征集结束后公布意见采纳情况。',
  open: '正在征集', upcoming: '即将开始', closed: '已结束的征集', none: '暂无。',
  cols: { title: '标题', org: '征集单位', period: '征集期', phase: '状态', comments: '公开意见', feedback: '采纳情况' },
  period: (a: string, b: string) => `${a} 至 ${b}`,
  feedbackPublished: '已公布', feedbackPending: '待公布',
  page: {
    reference: '编号', org: '征集单位', period: '征集期', phase: '状态', draft: '征求意见稿', attachment: '草案附件', summary: '征集说明', shortReason: '征集期少于 30 日的理由',
    comments: '公开的意见', noComments: '暂无公开的意见。', anonymous: '匿名', commentAt: '提交日期',
    form: '提交意见', formIntro: '姓名和联系方式可不填；联系方式仅供工作人员联系核实，不会公开。意见经审核后公开。',
    name: '姓名（可不填）', contact: '联系方式（可不填）', contactHint: '手机号码或电子邮箱，不会公开', content: '意见内容', contentHint: '2000 字以内',
    submit: '提交意见', notOpen: '本次意见征集不在征集期内，不接受新的意见。', keptText: '您填写的意见未提交，可复制保存后通过其他方式寄送征集单位：', keptName: (n: string) => `署名：${n}`, upcomingNote: (d: string) => `征集将于 ${d} 开始。`, closedNote: (d: string) => `征集已于 ${d} 结束。`,
    feedback: '意见采纳情况', feedbackAt: '公布日期', counts: (total: number, a: number, p: number, n: number) => `共收到并公开意见 ${total} 条：采纳 ${a} 条，部分采纳 ${p} 条，未采纳 ${n} 条。`,
    adoption: '采纳情况', reason: '理由', finalPolicy: '正式文件', backlinkLabel: '意见征集',
  },
  done: { title: '意见已提交', body: (ref: string) => `您的意见已提交，编号 ${ref}。意见经审核后公开；工作人员可能通过您留下的联系方式核实。`, back: '返回征集页面' },
  staff: {
    link: { label: '意见征集', description: '发布政策草案意见征集，审核公众意见，公布采纳情况' },
    list: '意见征集', toModerate: '有待审核意见的征集', allList: '全部意见征集', new: '发起意见征集', empty: '本单位及下级单位尚无意见征集。', pending: (n: number) => `待审核 ${n} 条`,
    form: {
      title: '发起意见征集', org: '征集单位', orgHint: '单位代码，如 130427；只能为本单位及下级单位发起', titleLabel: '标题', titleHint: '如「关于《××办法（征求意见稿）》公开征求意见的公告」',
      summary: '征集说明', summaryHint: '征集目的、重点、意见提交方式，1000 字以内', draft: '征求意见稿全文', draftHint: '可使用 HTML 段落、标题、列表、表格',
      opensOn: '征集开始日期', closesOn: '征集截止日期（含当日）', dateHint: '格式 YYYY-MM-DD', shortReason: '征集期少于 30 日的理由', shortReasonHint: '《重大行政决策程序暂行条例》第十五条：征求意见期限一般不少于 30 日；少于 30 日须说明理由',
      submit: '发布意见征集',
    },
    view: {
      comments: '收到的意见', contact: '联系方式', state: '审核状态', approve: '公开', reject: '不予公开', rejectReason: '不予公开的理由', moderate: '审核',
      adoption: '采纳情况', adoptionReason: '理由（向公众公布）', saveAdoption: '保存采纳情况', feedback: '公布意见采纳情况', feedbackText: '采纳情况说明',
      feedbackHint: '总体说明意见的收集、研究和采纳情况；逐条采纳情况按上方记录公布', finalPolicy: '正式文件的索引号', finalPolicyHint: '已公开的正式政策文件；其公开页面将链接回本次征集',
      publishFeedback: '公布采纳情况', feedbackDone: '采纳情况已公布', publicPage: '公开页面', noComments: '尚未收到意见。',
    },
    attachment: '征求意见稿文件', attachmentHint: 'PDF 或 DOCX，按文件内容识别类型，不超过 10 MB；再次上传将替换', upload: '上传文件', current: (n: string) => `当前文件：${n}`,
    done: { attached: '文件已上传', created: '意见征集已发布', moderated: '已审核', adoption: '采纳情况已保存', feedback: '采纳情况已公布' },
  },
  errors: {
    orgUnknown: '找不到该单位', orgOutOfScope: '您不能为该单位发起意见征集（只能在本单位及下级单位范围内）',
    titleRequired: '请填写标题', tooLong: (n: number) => `不能超过 ${n} 个字`, draftRequired: '请填写征求意见稿全文', draftTooLarge: '征求意见稿过长（上限 200,000 字符）',
    date: '日期格式应为 YYYY-MM-DD，且为真实日期', opensRequired: '请填写征集开始日期', closesRequired: '请填写征集截止日期', order: '截止日期不能早于开始日期',
    closesPast: '截止日期不能早于今天', closesTooFar: '截止日期不能晚于一年之后，请检查年份', opensPast: '开始日期不能早于今天：征集期自征求意见稿公开之日起计算（《重大行政决策程序暂行条例》第十五条）', shortReason: '征集期少于 30 日，请说明理由（《重大行政决策程序暂行条例》第十五条）',
    contentRequired: '请填写意见内容', contentTooLong: '意见内容不能超过 2000 字', nameTooLong: '姓名不能超过 30 字', contact: '联系方式应为 11 位手机号码、固定电话或电子邮箱',
    notOpenYet: (d: string) => `本次意见征集将于 ${d} 开始，现在还不能提交意见`, closed: (d: string) => `本次意见征集已于 ${d} 结束，不再接受意见`,
    notFound: '找不到该意见征集', commentNotFound: '找不到该意见', forbidden: '您没有权限处理该单位的意见征集',
    decisionRequired: '请选择「公开」或「不予公开」', rejectReasonRequired: '不予公开时请填写理由', alreadyModerated: '该意见已审核', reasonTooLong: '理由不能超过 500 字',
    adoptionRequired: '请选择采纳、部分采纳或未采纳', adoptionReasonRequired: '部分采纳或未采纳时请说明理由', adoptionOnlyPublished: '只能对已公开的意见填写采纳情况',
    periodNotOver: (d: string) => `征集期至 ${d} 结束，结束后才能公布采纳情况`, pendingLeft: (n: number) => `还有 ${n} 条意见待审核`, undecidedLeft: (n: number) => `还有 ${n} 条公开的意见未填写采纳情况`,
    feedbackRequired: '请填写采纳情况说明', feedbackTooLarge: '采纳情况说明过长（上限 200,000 字符）', finalRequired: '请填写正式文件的索引号', finalUnknown: (x: string) => `找不到已公开的、索引号为「${x}」的政府信息`,
    feedbackPublished: '采纳情况已公布，不能再修改', badPhase: '状态应为：upcoming 未开始、open 征集中、closed 已结束（代码或中文名称）', badOrg: '找不到该单位',
    fileMissing: '请选择要上传的文件', fileTooLarge: '文件过大：不能超过 10 MB', multipart: '上传内容不完整或格式不正确，请重新选择文件上传',
    badLimit: '每页条数应为 1–100', badHost: '请求的主机名无效', badOffset: '跳过条数应为 0–10000', refused: '不能提交意见',
  },
};
