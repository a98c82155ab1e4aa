// Shell: one progress bar for every long command (imports). On a terminal it redraws one line on
// stderr; in a log or pipe it prints a line at each tenth, so an operator's log shows progress too.

export function renderProgress(label: string, done: number, total: number, width = 30): string {
  const f = total > 0 ? Math.min(1, done / total) : 1;
  const full = Math.round(f * width);
  return `${label} [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(Math.floor(f * 100)).padStart(3)}% ${done}/${total}`;
}

export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    if (total <= 0) return;
    const step = out.isTTY ? Math.floor((done / total) * 100) : Math.floor((done / total) * 10);
    if (step === last && done < total) return;
    last = step;
    if (out.isTTY) out.write(`\r${renderProgress(label, done, total)}${done >= total ? '\n' : ''}`);
    else out.write(`${renderProgress(label, done, total)}\n`);
  };
}
