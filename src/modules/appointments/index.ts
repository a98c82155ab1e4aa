// Public surface of the appointments module (预约, issue 22 §1).
export { bookingRoutes } from './booking.routes.tsx';
export { slotRoutes } from './slot-rules.routes.tsx';
export { appointmentJobs } from './reminders.ts';
export { freeSlots, dayKindOf, type FreeSlot } from './slots.repository.ts';
export type { AppointmentDeps } from './deps.ts';
export { appointmentAccounts } from './appointments.accounts.ts';
export { loadAppointmentsDemo } from './appointments.demo.ts';
