// Kysely table types of the channels module (migration 0032_channels): each venue's kiosk and hall
// display settings, and kiosk usage counted per venue, day and kind.

export interface ChannelSettingTable {
  venue_public_id: string;
  org_code: string;
  kiosk_idle_seconds: number;
  /** JSON: [{ "section": "disclosure", "seconds": 20 }, …] in the order shown (DISPLAY_SECTIONS). */
  display_sections_json: string;
  updated_by: string;
  updated_at: string;
}

export interface KioskUsageTable {
  venue_public_id: string;
  used_on: string;
  /** KIOSK_USAGE_KINDS */
  kind: string;
  count: number;
}

export interface ChannelTables {
  channel_setting: ChannelSettingTable;
  kiosk_usage: KioskUsageTable;
}
