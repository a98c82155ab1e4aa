// Public surface of the appointments module (预约, issue 22 §1).
export { bookingRoutes } from './booking.routes.tsx';
export { slotRoutes } from './slot-rules.routes.tsx';
export { appointmentJobs } from './reminders.ts';
export { freeSlots, dayKindOf, type FreeSlot } from './slots.repository.ts';
export type { AppointmentDeps } from './deps.ts';
// The next free slots of a venue (builder H: the kiosk and the window desk), and the slot rules' vocabulary.
export { nextFreeSlots, type NextSlot, SLOT_ROLES, SLOT_READ_ROLES } from './slot-rules.service.ts';
export { WEEKDAYS, parseWeekday } from './slots.ts';
export { appointmentAccounts } from './appointments.accounts.ts';
export { loadAppointmentsDemo } from './appointments.demo.ts';
// The staff side at the venue (issue 22 §1): today's appointments, 到场 / 爽约 / 撤销; read by the window desk.
export { attendanceRoutes } from './attendance.routes.tsx';
export { dayAppointments, maskName, ATTENDANCE_ROLES, type DayAppointment } from './attendance.service.ts';
export { APPOINTMENT_LIMITS } from './vocabulary.ts';
