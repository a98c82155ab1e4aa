export interface CalendarYearTable {
  year: number;
  source: string;
  updated_at: string;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  kind: 'holiday' | 'makeup_working_day';
  name: string;
}
