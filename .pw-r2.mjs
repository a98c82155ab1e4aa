import { chromium } from 'playwright-core';
import fs from 'node:fs';
const B='http://127.0.0.1:3312';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const jar = fs.readFileSync('/tmp/r2/ed.jar','utf8').split('\n').filter(l=>l.includes('gk_')).map(l=>l.split('\t')).map(f=>({name:f[5],value:f[6],domain:'127.0.0.1',path:'/'}));
const pages = process.argv.slice(2);
for (const w of [1280, 375]) {
  const ctx = await b.newContext({ viewport: { width: w, height: 900 } });
  await ctx.addCookies(jar);
  const p = await ctx.newPage();
  for (const u of pages) {
    const r = await p.goto(B+u);
    const o = await p.evaluate(() => {
      const de=document.documentElement; const wide=[];
      for (const el of document.querySelectorAll('body *')) { const r=el.getBoundingClientRect(); if (r.right>de.clientWidth+1 && !el.closest('.table-scroll,[class*=scroll],pre')) wide.push(el.tagName+'.'+el.className+':'+Math.round(r.right)); }
      return { sw: de.scrollWidth, cw: de.clientWidth, wide: wide.slice(0,4) };
    });
    console.log(w, r.status(), u, o.sw>o.cw?'OVERFLOW':'', JSON.stringify(o.wide));
    await p.screenshot({ path: `/tmp/r2/s-${w}-${u.replace(/[^a-z0-9]/gi,'_').slice(0,50)}.png`, fullPage: true });
  }
  await ctx.close();
}
await b.close();
