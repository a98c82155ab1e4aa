// Pure: the words of booking, rescheduling and cancelling an appointment (issue 22 §1, §8).
import { WEEKDAY_NAMES } from './vocabulary.ts';

/** 「2026年12月8日（周二）09:00–09:30」 from a local date and minutes of the day. */
export function slotInWords(dayOn: string, startMin: number, endMin: number): string {
  const [y, m, d] = dayOn.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const hm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
  return `${y}年${m}月${d}日（${WEEKDAY_NAMES[wd === 0 ? 7 : wd]}）${hm(startMin)}–${hm(endMin)}`;
}

export const bookingStrings = {
  home: '首页', services: '政务服务', book: '预约办事',
  errors: {
    venueNotFound: '找不到该办事场所',
    itemNotFound: '找不到该事项',
    itemNotOffered: '该场所不办理这个事项',
    itemRequired: '该场所按事项预约，请选择事项',
    startInvalid: '预约时间须为 ISO 8601 时刻，例如 2026-12-08T01:00:00Z',
    slotNotFound: '该场所在这个时间没有可预约的时段',
    slotInPast: '该时段已经开始或已过去，请选择以后的时段',
    dayClosed: '该场所当天不开放预约（节假日或场所安排）',
    beyondHorizon: (days: number) => `只能预约今天起 ${days} 天内的时段`,
    slotFull: '该时段已约满，请选择其他时段',
    alreadyBooked: '您已预约了这个时段',
    tooMany: (n: number) => `您已有 ${n} 个未到期的预约，请先办理或取消后再预约`,
    noShowLimit: (until: string) => `您近 90 天内已有 3 次预约未到场，${until} 前不能在线预约`,
    nameRequired: '请填写姓名',
    nameInvalid: '姓名须为 1–30 个字，不含特殊符号',
    phoneRequired: '请填写手机号码',
    phoneInvalid: '请填写 11 位手机号码，例如 13800000000',
    notFound: '找不到该预约，或取消码不正确',
    codeRequired: '请填写取消码',
    notCancellable: '该预约已办理或已记为未到场，不能取消',
    started: '该预约的时段已经开始，不能取消或改约',
    sameSlot: '改约的时段与原预约相同',
    notActive: '该预约已取消，不能改约',
    signInRequired: '请先登录后再预约',
  },
  page: {
    title: (venue: string) => `预约：${venue}`,
    intro: '选择事项和时段，确认后即可预约。请按预约时间到场办理；不能前往时请提前取消。',
    item: '办理事项',
    anyItem: '不指定事项',
    chooseItem: '选择',
    slots: (days: number) => `可预约时段（今后 ${days} 天）`,
    noSlots: '该场所今后一段时间没有可预约的时段。',
    left: (n: number) => `余 ${n} 个`,
    full: '已约满',
    slotTable: (day: string) => `${day}的时段`,
    time: '时段', places: '剩余名额', action: '操作',
    choose: '预约此时段',
    confirmTitle: '确认预约',
    when: '时间', where: '地点', address: '地址', venue: '办事场所',
    name: '姓名', phone: '手机号码', phoneHint: '预约成功、取消和前一天的提醒会发短信到这个号码',
    submit: '确认预约',
    signIn: '登录后预约',
    signInHint: '在线预约需要先登录（手机号验证码或统一身份认证），登录后回到本页。',
    reschedulingOf: (ref: string) => `正在改约 ${ref}：选择新的时段`,
    submitReschedule: '确认改约',
  },
  done: {
    title: '预约成功',
    reference: '预约号',
    code: '取消码',
    codeHint: '取消码只显示这一次，请记下或截图；凭预约号和取消码可以查看、取消或改约。',
    status: '状态',
    cancel: '取消预约',
    cancelConfirm: '确认取消这个预约？名额将让给他人。',
    reschedule: '改约',
    cancelled: '预约已取消',
    lookupTitle: (ref: string) => `预约 ${ref}`,
    lookupIntro: '请输入预约时获得的取消码查看预约。',
    show: '查看预约',
    rescheduledTo: (ref: string) => `已改约，新的预约号为 ${ref}`,
    mine: '我的预约',
  },
  sms: {
    booked: (venue: string, when: string, ref: string) => `【政务服务】您已预约${venue} ${when}，预约号${ref}。请按时到场，不能前往请提前取消。`,
    cancelled: (venue: string, when: string, ref: string) => `【政务服务】您在${venue} ${when}的预约（${ref}）已取消。`,
    rescheduled: (venue: string, when: string, ref: string, old: string) => `【政务服务】您的预约${old}已改约为${venue} ${when}，新预约号${ref}。`,
    reminder: (venue: string, when: string, ref: string, address: string) => `【政务服务】提醒：您明天在${venue}（${address}）有预约，${when}，预约号${ref}。`,
    subject: '预约通知',
  },
  me: { title: '我的预约', none: '您还没有预约。', retention: '预约记录是办事场所的工作记录，到期后按场所的管理规定保存；关闭账号时只解除与账号的关联。' },
} as const;
