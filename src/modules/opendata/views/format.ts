// Pure: dates and file names as the pages show them (Beijing time).

/** 'YYYY-MM-DD' of an ISO instant in Beijing time ('' when it cannot be read). */
export function beijingDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A download's file name people can read: the dataset's title and the file, without characters file systems refuse. */
export function downloadName(title: string, file: string): string {
  const clean = [...title].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !'\\/:*?"<>|'.includes(c)).join('').trim().slice(0, 80);
  return clean ? `${clean}-${file}` : file;
}
