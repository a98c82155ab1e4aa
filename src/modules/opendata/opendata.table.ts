// Kysely table types of 数据开放 (migration 0044_open_data).
export interface OdDownloadTable {
  dataset_slug: string;
  file: string;
  /** 'YYYY-MM' in Beijing time. */
  month: string;
  /** The publishing government's organisation code; '' = an installation-wide dataset. */
  org_code: string;
  n: number;
  last_at: string;
}

export interface OpenDataTables {
  od_download: OdDownloadTable;
}
