// Strings of the PIPL part (issue 21 §5): the 个人信息处理规则 shown at /me/rules, the consent text
// asked for before first use (versioned by CONSENT_VERSION in vocabulary.ts: change the text → bump
// the version, and every account is asked again), the export and the closing pages.
//
// Law cited: 《中华人民共和国个人信息保护法》 (PIPL, 2021-08-20 通过, 2021-11-01 施行). Article numbers
// and wording were checked against reprints of the text (law-firm and court-library pages), NOT
// against the 全国人大 primary publication — UNCONFIRMED as to exact wording; the texts below
// paraphrase, they do not quote.
//   第十三条 lawful bases (consent; 为履行法定职责或者法定义务所必需)
//   第十五条 consent may be withdrawn; withdrawal does not affect processing already done
//   第十七条 what must be told before processing (processor and contact, purposes, ways, kinds,
//            retention, how to exercise rights)
//   第十九条 retention: the shortest time the purpose needs, unless a law or regulation says otherwise
//   第二十三条 providing to another processor needs the person's separate consent (一码办)
//   第二十八、二十九条 sensitive PI (特定身份 …) only with specific purpose and necessity; separate consent
//   第三十条 for sensitive PI also tell why it is necessary and its impact
//   第四十五条 查阅、复制; 第四十六条 更正、补充; 第四十七条 删除 (and: when a law or regulation's
//            retention period has not ended, stop all processing but storage and protection)
//   第三十四、三十五条 state organs process PI within their statutory duties and must inform
// That the 居民身份证号码 is sensitive PI follows GB/T 35273-2020 附录B (个人身份信息: 身份证 …) —
// UNCONFIRMED against the standard's text; it is treated as sensitive here in any case.
import type { SiteConfig } from '../../config.ts';

export const privacyStrings = {
  rulesTitle: '个人信息处理规则',
  rulesLede: '本规则说明本平台的个人/法人账户处理哪些个人信息、为什么处理、如何保存、保存多久，以及您如何查阅、复制、更正、删除您的信息和注销账户（《中华人民共和国个人信息保护法》第十七条）。',
  consentVersionLabel: '规则版本',
  /** Sections of the rules; `{sponsor}` is the installation's operator (SITE_SPONSOR). */
  rules: (site: SiteConfig): { heading: string; paragraphs: string[] }[] => [
    {
      heading: '一、谁处理您的个人信息',
      paragraphs: [
        `本平台（${site.name}）由${site.sponsor}运营，是您个人信息的处理者。您在各机关办理的事项（依申请公开、民心直通车留言、好差评、咨询等）由受理该事项的机关依法处理。`,
      ],
    },
    {
      heading: '二、处理目的',
      paragraphs: [
        '1. 识别您的身份，让您登录「我的空间」（手机验证码或统一身份认证）。',
        '2. 在您提交依申请公开申请、留言、评价时预先填写表格，免去重复填写（您可修改，身份证号码不完整显示）。',
        '3. 把您以前和以后提交的办件集中在「我的空间」，供您查看进度（关联以前的办件须经您确认）。',
        '4. 收藏事项和办事地点，按您的订阅发送新公开的信息。',
        '5. 「一码办」：经您逐项确认后，把您选定的信息提供给正在为您办事的窗口或自助终端。',
      ],
    },
    {
      heading: '三、处理哪些个人信息',
      paragraphs: [
        '手机号码（短信验证码登录，或统一身份认证提供）；姓名；居民身份证号码；法人账户的统一社会信用代码和单位名称；您确认过的电子邮箱；登录时间和方式；您在「我的空间」中的操作记录、收藏和订阅；「一码办」的使用记录（谁、何时、哪些项目，不含内容）。',
        '本平台不处理您的行踪轨迹、生物识别等信息，不使用您的信息做画像或推送广告。',
      ],
    },
    {
      heading: '四、敏感个人信息：居民身份证号码',
      paragraphs: [
        '居民身份证号码属于敏感个人信息（《个人信息保护法》第二十八条）。只有统一身份认证提供了身份证号码时，本平台才保存它，并须取得您的单独同意（第二十九条）。',
        '必要性：依申请公开等事项依法需要申请人的身份证明（《政府信息公开条例》第二十九条）；用它预先填写表格、核对您以前提交的办件。影响：一旦泄露可能被冒用，因此本平台采取下述保护措施（第三十条）。',
        '不同意处理身份证号码的，不能使用这个账户：您可以退出登录后改用手机验证码登录（该方式不取得身份证号码），或注销这个账户，办事时当场填写身份信息。',
      ],
    },
    {
      heading: '五、如何保存和保护',
      paragraphs: [
        '身份证号码以 AES-256-GCM 加密封存，页面和日志中只显示「前6位********后4位」；用于核对办件的是它的密钥散列值，不是号码本身。手机号码在页面和日志中同样遮盖显示。',
        '登录凭据只保存散列值；会话闲置超时或登录后12小时自动结束。',
      ],
    },
    {
      heading: '六、保存期限',
      paragraphs: [
        '账户信息保存到您注销账户为止（第十九条：实现目的所必要的最短时间）；注销时账户信息、收藏、订阅、会话、「一码办」记录和操作记录立即删除或匿名化。',
        '您提交的办件属于机关的公文和业务记录，按档案和相关法规保存，注销账户后不删除，只解除与账户的关联，除存储和必要的安全保护外不再处理（第四十七条第二款）。注销页面逐类说明保存的理由。',
      ],
    },
    {
      heading: '七、向他人提供',
      paragraphs: [
        '除「一码办」外，本平台不向任何第三方提供您的个人信息。「一码办」每次都会在您的手机上列出对方（窗口或自助终端）、用途和所要的项目，只有您确认后才提供（第二十三条）；每次使用都记入您的「我的空间」和审计日志。',
      ],
    },
    {
      heading: '八、您的权利',
      paragraphs: [
        '查阅、复制：在「我的空间 → 下载我的数据」查看或下载（JSON）本平台保存的关于您的全部信息（第四十五条）。',
        '更正、补充：身份信息以统一身份认证为准，重新登录即更新；办件中的信息请向受理机关申请更正（第四十六条）。',
        '删除、撤回同意、注销：您可随时注销账户（第四十七条、第十五条）；撤回同意不影响撤回前已进行的处理。',
      ],
    },
    {
      heading: '九、联系我们',
      paragraphs: [
        `对本规则或您的个人信息有疑问、意见或投诉，请联系${site.sponsor}，或通过本平台的「民心直通车」留言、拨打12345政务服务便民热线。`,
      ],
    },
  ],

  consentTitle: '同意个人信息处理规则',
  consentLede: '首次使用「我的空间」前，请阅读并同意个人信息处理规则。要点如下：',
  consentSummary: [
    '处理者：{sponsor}。目的：登录、预填表格、集中查看您的办件、收藏和订阅、「一码办」。',
    '处理的信息：手机号码、姓名、（法人）统一社会信用代码和单位名称、电子邮箱，以及您的操作记录。',
    '除您逐次确认的「一码办」外，不向任何人提供。',
    '您可随时下载您的全部数据或注销账户；注销后办件按档案规定保留但不再与您关联。',
  ],
  readFullRules: '阅读完整的个人信息处理规则（在新窗口打开）',
  agreeGeneral: '我已阅读并同意《个人信息处理规则》',
  idNumberHeading: '敏感个人信息：居民身份证号码（单独同意）',
  idNumberText: '统一身份认证向本平台提供了您的居民身份证号码（{masked}）。它属于敏感个人信息：本平台加密封存，仅用于预先填写依法需要身份证明的表格和核对您以前的办件，不向他人提供（「一码办」须您逐次确认）。',
  agreeIdNumber: '我单独同意本平台按上述方式处理我的居民身份证号码',
  agreeButton: '同意并继续',
  refuseHeading: '不同意',
  refuseText: '不同意时不能使用「我的空间」。您可以退出登录，或注销账户（删除本平台保存的您的个人信息）。',
  signOut: '退出登录',
  closeLink: '注销账户',
  errAgree: '请勾选同意个人信息处理规则',
  errAgreeId: '请勾选单独同意处理居民身份证号码',
  askedAgain: '个人信息处理规则已更新，请重新阅读并同意。',

  exportTitle: '下载我的数据',
  exportLede: '以下是本平台保存的关于您的全部信息，每一部分说明它是什么、为什么保存（《个人信息保护法》第四十五条：查阅、复制）。',
  exportJson: '下载 JSON 文件',
  exportGeneratedAt: '生成时间',
  idMaskedNote: '身份证号码此处遮盖显示；完整号码加密封存，仅在您确认的表格预填和「一码办」中使用。',
  none: '（无）',
  sections: {
    account: { title: '账户', why: '识别您的身份、显示在页头、预先填写表格。' },
    consent: { title: '同意记录', why: '证明您同意了哪一版个人信息处理规则、何时同意。' },
    email: { title: '电子邮箱', why: '按您的订阅发送新公开的信息；待确认的地址在您点击确认链接后生效。' },
    sessions: { title: '登录会话', why: '让您保持登录；闲置超时或登录后12小时自动结束并删除。' },
    activity: { title: '操作记录', why: '让您知道账户中发生了什么（登录、同意、关联办件、一码办、下载）。' },
    saved: { title: '收藏', why: '您收藏的事项和办事地点。' },
    subscriptions: { title: '订阅', why: '按您的订阅发送新公开的信息（个人订阅源的密钥不在此列出）。' },
    codes: { title: '「一码办」记录', why: '每次出示的码、谁读取、要了哪些项目、您是否同意；不保存所提供的内容。' },
    records: { title: '我的办件', why: '您提交或关联的办件；办件本身由受理机关依法处理和保存。' },
  },
  fields: {
    publicId: '账户编号', kind: '账户类型', via: '注册方式', displayName: '显示名称', name: '姓名', phone: '手机号码',
    idNumber: '居民身份证号码', uscc: '统一社会信用代码', orgName: '单位名称', enterpriseStage: '企业所处阶段',
    oidcIssuer: '统一身份认证服务', oidcSubject: '统一身份认证中的用户标识', createdAt: '开户时间', lastSignInAt: '最近登录',
    feed: '个人订阅源', feedOn: '已开通（地址中的密钥不在此列出）', feedOff: '未开通',
    consentVersion: '同意的规则版本', consentedAt: '同意时间',
    email: '已确认的电子邮箱', emailPending: '待确认的电子邮箱',
    method: '方式', createdAtShort: '开始', lastSeenAt: '最近活动', expiresAt: '到期',
    kindLabel: '类别', detail: '说明', time: '时间', title: '名称', ref: '编号',
    target: '订阅对象', delivery: '方式', sentUntil: '已发送至',
    state: '状态', reader: '读取方', fieldsAsked: '所要项目', purpose: '用途',
    status: '状态', submittedAt: '提交时间',
  },

  closeTitle: '注销账户',
  closeLede: '注销后不能恢复。以后用同一手机号码或统一身份认证登录，会开设一个新的账户。',
  erasedHeading: '将删除或匿名化的信息',
  erased: [
    '账户中的个人信息：姓名、手机号码、居民身份证号码（加密件、散列值和遮盖形式）、统一社会信用代码、单位名称、电子邮箱、统一身份认证的用户标识、企业所处阶段、个人订阅源；账户只留下编号、开户和注销时间、注销原因（遮盖其中的号码和邮箱）',
    '全部登录会话（所有设备立即退出）',
    '收藏和订阅',
    '「一码办」记录',
    '操作记录',
  ],
  keptHeading: '将保留的信息及理由',
  erasedDoneHeading: '已删除或匿名化的信息',
  keptDoneHeading: '保留的信息及理由',
  keptLede: '以下办件属于受理机关的记录，依法保存，注销后解除与您账户的关联，除存储和必要的安全保护外不再处理（《个人信息保护法》第四十七条第二款）：',
  keptCount: '您的此类办件：{n} 件',
  // The audit log's retention period: UNCONFIRMED (no rule found for it); the operator decides.
  keptAlways: [
    '窗口或自助终端使用「一码办」的审计记录（工作人员、时间、项目名称，不含内容）：机关工作人员操作的审计日志，按运营者的审计和档案制度确定的期限保存。',
    '短信登录验证码的记录（只有散列值，用于防止滥发）：过期一天后自动删除。',
  ],
  reasonLabel: '注销原因（选填）',
  reasonHint: '最多 200 字；其中的手机号码、身份证号码和电子邮箱会被遮盖。',
  confirmLabel: '请输入「注销」二字以确认',
  confirmWord: '注销',
  closeButton: '注销账户',
  errConfirm: '请输入「注销」二字以确认注销',
  errReason: '注销原因不能超过 200 字',
  closedTitle: '账户已注销',
  closedDone: '您的账户已注销，所有设备均已退出登录。',
  closedRef: '注销编号（账户编号）',
  closedAt: '注销时间',
  closedKeepRef: '如需向运营者查询注销情况，请提供此编号。',
  backHome: '返回首页',

  meTitle: '个人信息与隐私',
  meRules: '个人信息处理规则',
  meExport: '下载我的数据',
  meClose: '注销账户',
  meConsented: '您于 {at} 同意了 {version} 版规则。',
} as const;

/** Closing reasons longer than this are refused. */
export const CLOSE_REASON_MAX = 200;
