// UI text of the letters: the 发文字号 prefix page and the public 申请表 / 办理流程图 section.
export const letterStrings = {
  prefixTitle: '发文字号设置',
  prefixLink: '依申请公开文书的机关代字（如 磁政依公〔2026〕15号）',
  prefixHint: '依申请公开文书（登记回执、补正告知书、延期答复告知书、征求意见书、转办函、答复书、收费通知书）的发文字号由“机关代字〔年份〕序号号”组成（GB/T 9704—2012 第7.2.4条），序号按单位、按年份连续编号，在文书签发时分配，重印不变。',
  prefixLabel: '机关代字',
  prefixFieldHint: '例如：磁政依公。不填则使用默认代字。',
  prefixDefault: (p: string) => `未设置，使用默认代字：${p}`,
  prefixExample: (e: string) => `示例：${e}`,
  prefixSaved: '发文字号代字已保存。',
  orgLabel: '单位',
  otherOrg: '另一单位',
  save: '保存',
  errors: {
    prefixLength: '机关代字应为2至20个字',
    prefixCharacters: '机关代字不能包含空格、括号或“号”字（年份和序号会自动加上）',
    prefixTaken: (org: string, prefix: string) => `${org}已使用机关代字“${prefix}”，两个单位的发文字号不能相同，请换一个`,
  },
  public: {
    formsTitle: '申请表和办理流程',
    blankForm: '下载政府信息公开申请表（DOCX，空白表格）',
    blankFormHint: '可打印后填写，当面提交、邮寄或传真至受理机关。',
    flowchart: '查看依申请公开办理流程图',
    flowTitle: '依申请公开办理流程图',
    flowIntro: '以下为《中华人民共和国政府信息公开条例》规定的办理步骤和期限。期限按工作日计算，收到申请的当日不计入。',
    textList: '流程文字说明',
  },
} as const;
