import type { Generated } from 'kysely';

export type BoardPostState = 'draft' | 'published' | 'withdrawn';

export interface BoardPostTable {
  id: Generated<number>;
  org_code: string;
  org_path: string;
  /** Public id within the organisation: 2026-001. */
  post_no: string;
  column_code: string;
  title: string;
  /** 2026-03 (month), 2026-Q1 (quarter) or free text; '' when none. */
  period: string;
  body: string;
  /** The table's rows (board-templates.ts Row[]), already checked against the column's template. */
  rows_json: string;
  state: BoardPostState;
  published_on: string | null;
  published_at: string | null;
  published_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface BoardSettingTable {
  org_code: string;
  supervision_phone: string;
  updated_at: string;
}

export interface BoardTables {
  board_post: BoardPostTable;
  board_setting: BoardSettingTable;
}
