// Shell: demo data of the service map for 磁县, 海珠区 and 龙华区 — venues with plausible
// coordinates (WGS-84), opening hours with lunch breaks, 7×24 terminals, service items with full
// guides (the life-event stages: life-events.demo.ts). Called from src/demo.ts.
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { normaliseItem, normaliseVenue, type ItemRow, type VenueRow } from './service-map-csv.ts';
import { upsertItems, upsertVenues } from './service-map.repository.ts';
import type { Guide } from './service-map.ts';

const WEEKDAY = '09:00-12:00,13:30-17:30';
const office = (sat = '') => ({ mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY, sat, sun: '' });
const north = (sat = '') => ({ mon: '08:30-12:00,14:30-17:30', tue: '08:30-12:00,14:30-17:30', wed: '08:30-12:00,14:30-17:30', thu: '08:30-12:00,14:30-17:30', fri: '08:30-12:00,14:30-17:30', sat, sun: '' });

function guide(g: Partial<Guide>): Partial<Guide> {
  return g;
}

const idCardGuide = guide({
  service_objects: ['自然人'], handling_type: '承诺件', legal_basis: '《中华人民共和国居民身份证法》第十一条',
  conditions: ['居民身份证有效期满、证件损坏难以辨认或登记项目有误需要换领', '申请人本人到场采集人像和指纹'],
  materials: [
    { name: '居民户口簿', type: '原件', form: '纸质', required: true, copies: 1, source: '申请人自备' },
    { name: '原居民身份证', type: '原件', form: '纸质', required: true, copies: 1, source: '政府部门核发', notes: '证件丢失的免交' },
    { name: '居民身份证申领登记表', type: '原件', form: '纸质', required: true, copies: 1, source: '窗口领取', blank_form_url: '/assets/service-map/forms/sfz-blank.pdf', sample_url: '/assets/service-map/forms/sfz-sample.pdf' },
  ],
  steps: [{ name: '取号', actor: '申请人' }, { name: '采集人像和指纹', actor: '窗口' }, { name: '受理审核', actor: '户政窗口', duration: '当场' }, { name: '制证', actor: '公安机关' }, { name: '领证（可选邮寄）', actor: '申请人' }],
  fees: [{ name: '居民身份证工本费（换领）', standard: '20 元/证', basis: '发改价格〔2003〕2322号', waivable: true, waiver_basis: '城市最低生活保障对象、农村五保供养对象免收' }],
  where: '各派出所户政窗口、区政务服务中心公安窗口', when: '工作日 09:00-12:00，13:30-17:30；周六上午', consultation: '12345；户政窗口电话', complaint: '12345 政务服务便民热线；12389 公安监督电话',
  result: { type: '证照', name: '中华人民共和国居民身份证' }, express_delivery: true, appointment: true, scope: '全国通办',
  faq: [{ q: '外地户籍可以在本地换领吗？', a: '可以，居民身份证换领已实现全国通办，但要本人到场。' }, { q: '多久可以拿到新证？', a: '一般 20 个工作日内，可选择邮寄到家。' }],
});

const licenceGuide = guide({
  service_objects: ['企业法人', '个体工商户'], handling_type: '即办件', legal_basis: '《中华人民共和国市场主体登记管理条例》第十九条',
  conditions: ['有符合规定的名称、住所和经营范围', '法定代表人、股东身份信息真实有效'],
  materials: [
    { name: '公司登记（备案）申请书', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备', blank_form_url: '/assets/service-map/forms/gsdj-blank.pdf', sample_url: '/assets/service-map/forms/gsdj-sample.pdf' },
    { name: '公司章程', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' },
    { name: '股东主体资格证明', type: '复印件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' },
    { name: '住所使用证明', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备', notes: '已在“一网通办”登记住所信息的可免交' },
  ],
  steps: [{ name: '网上申报或窗口提交', actor: '申请人' }, { name: '受理', actor: '登记窗口' }, { name: '审核', actor: '登记机关', duration: '即办' }, { name: '核准发照', actor: '登记机关' }, { name: '领取执照或下载电子营业执照', actor: '申请人' }],
  fees: [], where: '区政务服务中心商事登记窗口；各街道便民服务中心', when: '工作日 09:00-12:00，13:30-17:30',
  consultation: '12345；窗口电话', complaint: '12345 政务服务便民热线', result: { type: '证照', name: '营业执照' }, online_depth: '全程网办', express_delivery: true, appointment: true, scope: '全市通办',
  faq: [{ q: '可以不去现场吗？', a: '可以，通过网上办理全程电子化，电子营业执照与纸质执照具有同等效力。' }],
});

const dibaoGuide = guide({
  service_objects: ['自然人', '家庭'], handling_type: '承诺件', legal_basis: '《社会救助暂行办法》第十一条',
  conditions: ['共同生活的家庭成员人均收入低于当地最低生活保障标准', '符合当地最低生活保障家庭财产状况规定'],
  materials: [
    { name: '最低生活保障申请书', type: '原件', form: '纸质', required: true, copies: 1, source: '窗口领取', blank_form_url: '/assets/service-map/forms/db-blank.pdf' },
    { name: '家庭成员身份证件', type: '复印件', form: '纸质', required: true, copies: 1, source: '申请人自备' },
    { name: '家庭经济状况核对授权书', type: '原件', form: '纸质', required: true, copies: 1, source: '窗口领取' },
  ],
  steps: [{ name: '申请', actor: '申请人', description: '向户籍所在地乡镇人民政府（街道办事处）提出' }, { name: '受理', actor: '乡镇（街道）' }, { name: '家庭经济状况调查', actor: '乡镇（街道）' }, { name: '民主评议和公示', actor: '村（居）委会' }, { name: '审批', actor: '县级民政部门' }, { name: '发放保障金', actor: '县级民政部门' }],
  fees: [], where: '户籍所在地乡镇人民政府（街道办事处）便民服务中心', when: '工作日', consultation: '县民政局社会救助股；12345', complaint: '12345；12349 民政服务热线',
  result: { type: '审批结果', name: '最低生活保障证' }, faq: [{ q: '审批要多久？', a: '乡镇（街道）自受理之日起 30 个工作日内完成审核，县级民政部门 10 个工作日内作出审批决定。' }],
});

const socialGuide = guide({
  service_objects: ['自然人'], handling_type: '即办件', conditions: ['已参加社会保险'], materials: [{ name: '居民身份证或社会保障卡', type: '原件', form: '纸质', required: true, copies: null, source: '申请人自备' }],
  steps: [{ name: '自助终端刷卡或网上登录', actor: '申请人' }, { name: '选择证明类型', actor: '申请人' }, { name: '打印或下载', actor: '系统' }],
  fees: [], where: '社保经办窗口；政务服务自助终端', when: '窗口工作时间；自助终端 7×24 小时', consultation: '12333', complaint: '12345',
  result: { type: '证明', name: '社会保险参保缴费证明' }, online_depth: '全程网办', faq: [],
});

interface Place { code: string; county: string; centre: [number, number]; gov: string; phone: string; towns: { code: string; name: string; at: [number, number] }[]; host: string }

const PLACES: Place[] = [
  {
    code: '130427', county: '磁县', centre: [36.3742, 114.3826], gov: '磁县', phone: '0310-2321234', host: 'CX-ZWFW',
    towns: [{ code: '130427100', name: '磁州镇', at: [36.3718, 114.3762] }, { code: '130427103', name: '讲武城镇', at: [36.3247, 114.4563] }, { code: '130427104', name: '岳城镇', at: [36.2851, 114.2874] }],
  },
  {
    code: '440105', county: '海珠区', centre: [23.0963, 113.3174], gov: '海珠区', phone: '020-89123456', host: 'HZ-ZWFW',
    towns: [{ code: '440105001', name: '赤岗街道', at: [23.1043, 113.3424] }, { code: '440105002', name: '新港街道', at: [23.1012, 113.2981] }, { code: '440105003', name: '昌岗街道', at: [23.0958, 113.2756] }],
  },
  {
    code: '440309', county: '龙华区', centre: [22.6566, 114.0297], gov: '龙华区', phone: '0755-23336666', host: 'LH-ZWFW',
    towns: [{ code: '440309001', name: '观湖街道', at: [22.7053, 114.0612] }, { code: '440309002', name: '民治街道', at: [22.6185, 114.0413] }, { code: '440309003', name: '龙华街道', at: [22.6521, 114.0218] }],
  },
];

function itemsFor(p: Place): Record<string, unknown>[] {
  const north = p.code.startsWith('13');
  const pre = p.host.split('-')[0] as string;
  const police = north ? '磁县公安局' : p.code === '440105' ? '广州市公安局海珠区分局' : '深圳市公安局龙华分局';
  const market = north ? '磁县行政审批局' : p.code === '440105' ? '广州市海珠区市场监督管理局' : '深圳市市场监督管理局龙华监管局';
  const civil = north ? '磁县民政局' : `${p.county}民政局`;
  const hr = north ? '磁县人力资源和社会保障局' : `${p.county}人力资源和社会保障局`;
  const onlineBase = north ? 'https://www.hbzwfw.gov.cn' : 'https://www.gdzwfw.gov.cn';
  return [
    { id: `${pre}-SFZ-HL`, name: '居民身份证换领', basic_code: '000107001000', implementing_code: `11${p.code}000000000-000107001000`, type: '行政确认', department: police, implementing_body: police, region_code: p.code, keywords: ['身份证', '换证', '到期'], channels: ['窗口办理'], legal_limit: 60, legal_unit: '工作日', promised_limit: 20, promised_unit: '工作日', visits: 1, guide: { ...idCardGuide, visits_reason: '需本人到场采集人像和指纹' } },
    { id: `${pre}-YYZZ-SL`, name: '有限责任公司设立登记', basic_code: '000123001000', implementing_code: `11${p.code}000000000-000123001000`, type: '行政许可', department: market, implementing_body: market, region_code: p.code, keywords: ['营业执照', '开公司', '注册公司'], channels: ['窗口办', '网上办', '掌上办', '智慧办'], online_url: `${onlineBase}/yyzz/sl`, mobile_url: `${onlineBase}/m/yyzz/sl`, legal_limit: 3, legal_unit: '工作日', promised_limit: 0, visits: 0, guide: licenceGuide },
    { id: `${pre}-DB-SQ`, name: '最低生活保障审批', basic_code: '000305001000', implementing_code: `11${p.code}000000000-000305001000`, type: '行政给付', department: civil, implementing_body: civil, region_code: p.code, keywords: ['低保', '困难救助'], channels: ['窗口办', '网上办', '帮办代办'], online_url: `${onlineBase}/mz/db`, legal_limit: 40, legal_unit: '工作日', promised_limit: 30, promised_unit: '工作日', visits: 1, guide: { ...dibaoGuide, visits_reason: '入户调查需申请人在家' } },
    { id: `${pre}-SB-ZM`, name: '社会保险参保缴费证明打印', basic_code: '000112001000', implementing_code: `12${p.code}000000000-000112001000`, type: '公共服务', department: hr, implementing_body: `${p.county}社会保险事业管理中心`, region_code: p.code, keywords: ['社保', '社保证明', '参保证明'], channels: ['窗口办', '网上办', '自助办', '掌上办'], online_url: `${onlineBase}/sb/zm`, mobile_url: `${onlineBase}/m/sb/zm`, legal_limit: 0, promised_limit: 0, visits: 0, guide: socialGuide },
    { id: `${pre}-JZZ`, name: '居住证申领', basic_code: '000107015000', implementing_code: `11${p.code}000000000-000107015000`, type: '行政确认', department: police, implementing_body: police, region_code: p.code, keywords: ['居住证', '外来人口'], channels: ['窗口办', '掌上办'], mobile_url: `${onlineBase}/m/jzz`, legal_limit: 15, legal_unit: '工作日', promised_limit: 10, promised_unit: '工作日', visits: 1, guide: { service_objects: ['自然人'], conditions: ['在居住地居住半年以上，有合法稳定就业、住所或连续就读'], materials: [{ name: '居民身份证', type: '原件', form: '纸质', required: true, copies: 1, source: '申请人自备' }, { name: '居住证明', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' }], steps: [{ name: '申报居住登记' }, { name: '提交申请' }, { name: '审核' }, { name: '制证发证' }], fees: [], where: '派出所户政窗口；街道便民服务中心', when: '工作日', consultation: '12345', complaint: '12345', faq: [] } },
    { id: `${pre}-CSYXZM`, name: '出生医学证明首次签发', type: '公共服务', department: `${p.county}卫生健康局`, implementing_body: '助产机构', region_code: p.code, keywords: ['出生证', '新生儿'], channels: ['窗口办'], legal_limit: 0, promised_limit: 0, visits: 1, guide: { service_objects: ['自然人'], conditions: ['在本辖区助产机构出生的新生儿'], materials: [{ name: '父母双方居民身份证', type: '原件', form: '纸质', required: true, copies: 1, source: '申请人自备' }], steps: [{ name: '填写出生医学证明自填单' }, { name: '核对信息' }, { name: '签发' }], fees: [], where: '助产机构出生医学证明办理窗口', when: '工作日', consultation: '12345', complaint: '12345', faq: [] } },
    { id: `${pre}-ZX-DJ`, name: '企业注销登记', type: '行政许可', department: market, implementing_body: market, region_code: p.code, keywords: ['注销', '关闭公司'], channels: ['窗口办', '网上办'], online_url: `${onlineBase}/yyzz/zx`, legal_limit: 3, legal_unit: '工作日', promised_limit: 1, promised_unit: '工作日', visits: 0, guide: { service_objects: ['企业法人'], conditions: ['已清算完毕，债务已清偿'], materials: [{ name: '注销登记申请书', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' }, { name: '清算报告', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' }], steps: [{ name: '公告' }, { name: '网上申报' }, { name: '审核' }, { name: '核准注销' }], fees: [], where: '政务服务中心商事登记窗口', when: '工作日', consultation: '12345', complaint: '12345', faq: [] } },
    { id: `${pre}-SPJY`, name: '食品经营许可（新办）', basic_code: '000123044000', implementing_code: `11${p.code}000000000-000123044000`, type: '行政许可', department: market, implementing_body: market, region_code: p.code, keywords: ['食品经营许可证', '开饭店', '开餐馆', '小餐饮'], channels: ['窗口办', '网上办'], online_url: `${onlineBase}/spjy/xb`, legal_limit: 10, legal_unit: '工作日', promised_limit: 5, promised_unit: '工作日', visits: 1, guide: { service_objects: ['企业法人', '个体工商户'], conditions: ['已取得营业执照', '有与经营的食品品种、数量相适应的经营场所和设备设施'], materials: [{ name: '食品经营许可申请书', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' }, { name: '营业执照', type: '复印件', form: '纸质', required: true, copies: 1, source: '市场监管部门核发' }, { name: '经营场所平面图和设备布局图', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' }, { name: '食品安全管理制度', type: '原件', form: '纸质或电子', required: true, copies: 1, source: '申请人自备' }], steps: [{ name: '网上申报或窗口提交' }, { name: '受理' }, { name: '现场核查' }, { name: '审核发证' }], fees: [], where: '政务服务中心市场准入窗口', when: '工作日', consultation: '12345', complaint: '12345', visits_reason: '现场核查经营场所', faq: [] } },
    { id: `${pre}-TX-BZ`, name: '退休人员基本养老金申领', type: '行政给付', department: hr, implementing_body: `${p.county}社会保险事业管理中心`, region_code: p.code, keywords: ['退休', '养老金'], channels: ['窗口办', '网上办', '邮寄办理'], online_url: `${onlineBase}/sb/tx`, legal_limit: 20, legal_unit: '工作日', promised_limit: 10, promised_unit: '工作日', visits: 0, guide: { service_objects: ['自然人'], conditions: ['达到法定退休年龄且累计缴费满 15 年'], materials: [{ name: '居民身份证', type: '原件', form: '纸质', required: true, copies: 1, source: '申请人自备' }], steps: [{ name: '申请' }, { name: '待遇核定' }, { name: '发放' }], fees: [], where: '社保经办窗口', when: '工作日', consultation: '12333', complaint: '12345', faq: [] } },
  ];
}

function venuesFor(p: Place, verifiedOn: string): Record<string, unknown>[] {
  const pre = p.host.split('-')[0] as string;
  const all = itemsFor(p).map((i) => i.id as string);
  const northHours = p.code.startsWith('13');
  const hours = northHours ? north : office;
  const out: Record<string, unknown>[] = [
    {
      id: p.host, name: `${p.county}政务服务中心`, type: '政务服务中心', region_code: p.code, address: `${p.county}${p.code === '130427' ? '滏阳东路' : p.code === '440105' ? '江南大道中' : '梅龙大道'} ${p.code === '440105' ? '1号' : '2号'}`,
      lat: p.centre[0], lng: p.centre[1], opening_hours: hours('09:00-12:00'), phone: p.phone, items: all, rating: 4.7, rating_count: 1832, verified_on: verifiedOn,
      photos: [{ url: `/assets/service-map/photos/${pre.toLowerCase()}-door.svg`, caption: `${p.county}政务服务中心门牌`, kind: 'door' }],
    },
    {
      id: `${pre}-GKZQ`, name: `${p.county}政务公开专区`, type: '政务公开专区', region_code: p.code, address: `${p.county}政务服务中心一楼`, lat: p.centre[0] + 0.0003, lng: p.centre[1] + 0.0002,
      opening_hours: hours(), phone: p.phone, items: [], host_venue_id: p.host, verified_on: verifiedOn,
    },
    {
      id: `${pre}-ZZ-24H`, name: `${p.county}政务服务中心 24 小时自助服务区 1 号机`, type: '自助终端', region_code: p.code, address: `${p.county}政务服务中心东门自助服务区`, lat: p.centre[0] - 0.0004, lng: p.centre[1] + 0.0006,
      is_24h: true, phone: '12345', items: [`${pre}-SB-ZM`, `${pre}-YYZZ-SL`], host_venue_id: p.host, rating: 4.4, rating_count: 96, verified_on: verifiedOn,
    },
    {
      id: `${pre}-BANK-1`, name: `中国建设银行${p.towns[1]?.name ?? ''}支行政务服务自助网点`, type: '银行网点', region_code: p.towns[1]?.code ?? p.code, address: `${p.county}${p.towns[1]?.name ?? ''}人民路 88 号`,
      lat: (p.towns[1]?.at[0] ?? p.centre[0]) + 0.004, lng: (p.towns[1]?.at[1] ?? p.centre[1]) - 0.003, holiday_rule: 'own_hours',
      opening_hours: { mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00', sat: '09:00-16:00', sun: '09:00-16:00' }, phone: '95533', items: [`${pre}-SB-ZM`], rating: 4.2, rating_count: 57, verified_on: verifiedOn,
    },
  ];
  p.towns.forEach((t, i) => {
    out.push({
      id: `${pre}-BM-${t.code}`, name: `${t.name}${northHours ? '便民服务中心' : '党群服务中心（便民服务中心）'}`, type: '便民服务中心', region_code: t.code,
      address: `${p.county}${t.name}${['政府街 1 号', '文化路 16 号', '中心路 3 号'][i] ?? ''}`, lat: t.at[0], lng: t.at[1], opening_hours: hours(i === 0 ? '09:00-12:00' : ''), phone: p.phone,
      items: [`${pre}-DB-SQ`, `${pre}-JZZ`, `${pre}-SB-ZM`, `${pre}-TX-BZ`, ...(i === 0 ? [`${pre}-SFZ-HL`] : [])], rating: [4.8, 4.1, 3.9][i], rating_count: [412, 120, 35][i], verified_on: verifiedOn,
    });
    out.push({
      id: `${pre}-BMZ-${t.code}`, name: `${t.name}第一${northHours ? '村' : '社区'}便民服务站`, type: '便民服务站', region_code: t.code,
      address: `${p.county}${t.name}第一${northHours ? '村村委会' : '社区党群服务中心'}`, lat: t.at[0] + 0.008, lng: t.at[1] - 0.006,
      opening_hours: hours(), phone: p.phone, items: [`${pre}-DB-SQ`, `${pre}-SB-ZM`], verified_on: verifiedOn,
    });
  });
  // 磁县 builds 政务公开专区 at county, township and village level (issue 19): after their hosts, one in 磁州镇's
  // 便民服务中心 and one in 阜才社区's 党群服务中心; each belongs to its own government (org_code).
  if (p.code === '130427') {
    out.push({
      id: `${pre}-GKZQ-130427100`, name: '磁州镇政务公开专区', type: '政务公开专区', region_code: '130427100', org_code: '130427100',
      address: '磁县磁州镇政府街 1 号便民服务中心一楼', lat: 36.3720, lng: 114.3765, opening_hours: north('09:00-12:00'), phone: '0310-2312100',
      items: [], host_venue_id: `${pre}-BM-130427100`, verified_on: verifiedOn,
    });
    out.push({
      id: `${pre}-GKZQ-130427100001`, name: '阜才社区政务公开专区', type: '政务公开专区', region_code: '130427100001', org_code: '130427100001',
      address: '磁县磁州镇阜才社区党群服务中心', lat: 36.3769, lng: 114.3803, opening_hours: north(), phone: '0310-2312101',
      items: [], verified_on: verifiedOn,
    });
  }
  return out;
}

function checked<T>(r: { ok: true; value: T } | { ok: false; errors: string[] }, what: string): T {
  if (!r.ok) throw new Error(`演示数据 ${what}：${r.errors.join('；')}`);
  return r.value;
}

/** Loads the service-map demo (idempotent: upserts by public id). */
export async function loadServiceMapDemo(db: Db, clock: Clock): Promise<string> {
  const at = clock.now().toISOString();
  const verifiedOn = clock.today();
  const items: ItemRow[] = PLACES.flatMap((p) => itemsFor(p).map((i) => checked(normaliseItem(i), String(i.id))));
  const venues: VenueRow[] = PLACES.flatMap((p) => venuesFor(p, verifiedOn).map((v) => checked(normaliseVenue(v), String(v.id))));
  await inTransaction(db, async (trx) => {
    await upsertItems(trx, items, at);
    // Hosts first: terminals refer to them.
    await upsertVenues(trx, venues, at);
  });
  return `政务服务地图：${venues.length} 个场所，${items.length} 个事项`;
}
