// Strings of the staff side of appointments at the venue: today's list, 到场 / 爽约 and undo (issue 22 §1).
export const attendanceStrings = {
  title: '当日预约与到场登记',
  link: { label: '预约到场登记', description: '查看本单位场所某天的预约，登记已到场、爽约或撤销登记，导出 CSV' },
  crumbs: { staff: '工作台' },
  filter: { legend: '选择场所和日期', venue: '场所', day: '日期', show: '查看', noVenues: '您的管理范围内没有场所。', choose: '请选择场所' },
  counts: { heading: '统计', booked: '待到场', attended: '已到场', noShow: '爽约', cancelled: '已取消', total: '预约合计' },
  table: {
    caption: (venue: string, day: string) => `${venue} ${day} 的预约`,
    time: '时间', reference: '预约号', item: '事项', name: '姓名', phone: '手机号', status: '状态', actions: '登记',
    anyItem: '本场所事项', none: '当天没有预约。',
  },
  actions: {
    attended: '已到场', noShow: '爽约', undo: '撤销',
    attendedFor: (ref: string) => `登记 ${ref} 已到场`, noShowFor: (ref: string) => `登记 ${ref} 爽约`, undoFor: (ref: string) => `撤销 ${ref} 的登记`,
    notYet: '未开始',
  },
  csv: { link: '导出 CSV（手机号已隐去中间四位）', header: ['日期', '时间', '预约号', '事项', '姓名', '手机号', '状态', '渠道'], file: (venue: string, day: string) => `预约-${venue}-${day}.csv` },
  done: { attended: (ref: string) => `已登记 ${ref} 到场。`, no_show: (ref: string) => `已登记 ${ref} 爽约。`, booked: (ref: string) => `已撤销 ${ref} 的登记。` },
  errors: {
    venue: '请选择您管理范围内的场所',
    venueNotFound: '未找到该场所',
    venueForbidden: '没有权限查看该场所的预约',
    day: '日期格式应为 YYYY-MM-DD',
    notFound: '未找到该预约',
    forbidden: '没有权限登记该场所的预约',
    statusField: '登记结果',
    cancelledNotAllowed: '不能登记为「已取消」：取消由预约人办理',
    // refusal reasons (409)
    future: '预约日期还没到，只能登记当天及以前的预约',
    notStarted: '预约时段还没开始，不能登记爽约',
    notBooked: (label: string) => `该预约当前为「${label}」，不能再登记（可能已被其他工作人员登记）`,
    alreadyBooked: '该预约当前没有登记，无需撤销',
    undoLate: '只能撤销当天所做的登记',
    changed: '该预约刚被其他工作人员改动，请刷新后再试',
    title: '无法登记',
  },
  audit: { mark: 'appointments.attendance.mark', undo: 'appointments.attendance.undo' },
} as const;
