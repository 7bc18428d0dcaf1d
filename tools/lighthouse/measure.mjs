// Lighthouse mobile scores of Log In and of a signed-in person's User Settings, in one Chromium.
// Usage: node tools/lighthouse/measure.mjs [base address] (default http://localhost:5115); exits 1 below the target.
// LH_RUNS=3 measures each page three times and judges the median; LH_DETAILS=1 prints what costs the most.
import { loadavg } from 'node:os';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const base = (process.argv[2] ?? 'http://localhost:5115').replace(/\/$/, '');
const email = process.env.LH_EMAIL ?? 'direct@demo.test';
const password = process.env.LH_PASSWORD ?? 'Demo-Pass-2026';
const target = Number(process.env.LH_TARGET ?? 90);
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const runs = Math.max(1, Number(process.env.LH_RUNS ?? 1));
const details = process.env.LH_DETAILS === '1';
// A published build on this machine answers HTTPS with a self-signed certificate (README: Measure page speed).
const loopback = /^https:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(base);

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', ...(loopback ? ['--ignore-certificate-errors'] : [])],
});

async function measure(name, url) {
  const page = await browser.newPage();
  // Lighthouse's default: a mid-range phone on slow 4G (simulated), cache cold.
  const result = await lighthouse(url, { onlyCategories: ['performance'], output: 'json', logLevel: 'error' }, undefined, page);
  await page.close();
  const audits = result.lhr.audits;
  const score = Math.round(result.lhr.categories.performance.score * 100);
  const blocking = audits['render-blocking-resources']?.details?.items ?? [];
  const bytes = audits['total-byte-weight']?.numericValue ?? 0;
  const load = loadavg().map(l => l.toFixed(1)).join(' ');
  console.log(`${name}: performance ${score} | load ${load} | FCP ${audits['first-contentful-paint'].displayValue} | LCP ${audits['largest-contentful-paint'].displayValue}`
    + ` | TBT ${audits['total-blocking-time'].displayValue} | CLS ${audits['cumulative-layout-shift'].displayValue}`
    + ` | transferred ${(bytes / 1024).toFixed(1)} KB | render-blocking ${blocking.map(b => `${b.url.replace(base, '')} ${(b.totalBytes / 1024).toFixed(1)} KB`).join(', ') || 'none'}`);
  if (details) printDetails(audits);
  return score;
}

// The audits behind the score: main-thread time by script, long tasks, and the LCP element's phases.
function printDetails(audits) {
  const ms = v => `${Math.round(v)} ms`;
  for (const item of (audits['bootup-time']?.details?.items ?? []).slice(0, 5))
    console.log(`  script ${item.url.replace(base, '')}: total ${ms(item.total)}, evaluate ${ms(item.scripting)}, parse ${ms(item.scriptParseCompile)}`);
  for (const item of audits['mainthread-work-breakdown']?.details?.items ?? [])
    console.log(`  main thread ${item.groupLabel ?? item.group}: ${ms(item.duration)}`);
  for (const item of (audits['long-tasks']?.details?.items ?? []).slice(0, 8))
    console.log(`  long task ${item.url?.replace(base, '') ?? ''} at ${ms(item.startTime)}: ${ms(item.duration)}`);
  const lcp = audits['largest-contentful-paint-element']?.details?.items ?? [];
  for (const table of lcp) for (const row of table.items ?? [])
    console.log(`  LCP ${row.node?.snippet ?? row.phase ?? ''} ${row.timing !== undefined ? ms(row.timing) : ''}`);
  for (const id of ['unused-css-rules', 'unused-javascript', 'server-response-time'])
    if (audits[id]?.score !== null && audits[id]?.score < 1) console.log(`  ${id}: ${audits[id].displayValue ?? ''}`);
}

async function median(name, url) {
  const scores = [];
  for (let i = 0; i < runs; i++) scores.push(await measure(runs > 1 ? `${name} #${i + 1}` : name, url));
  const sorted = [...scores].sort((a, b) => a - b);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (runs > 1) console.log(`${name}: median ${middle} of ${scores.join(', ')}`);
  return middle;
}

// Sign in through the page as a person would, so User Settings is measured with the session cookie.
async function signIn() {
  const page = await browser.newPage();
  await page.goto(`${base}/login`, { waitUntil: 'networkidle0' });
  await page.locator('input[type=email], input[autocomplete=username]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await Promise.all([
    page.waitForFunction(() => !location.pathname.startsWith('/login'), { timeout: 30000 }),
    page.locator('button[type=submit]').click(),
  ]);
  await page.waitForNetworkIdle();
  const home = new URL(page.url());
  await page.close();
  // The person's home is /backupify/{account}/status (or /accounts to choose); User Settings is beside it.
  if (!/\/status$/.test(home.pathname)) throw new Error(`${email} landed on ${home.pathname}; choose a person with one Backupify account (LH_EMAIL)`);
  return `${base}${home.pathname.replace(/\/status$/, '/settings')}`;
}

try {
  const scores = [await median('Log In (/login)', `${base}/login`)];
  const settings = await signIn();
  scores.push(await median(`User Settings (${settings.replace(base, '')})`, settings));
  process.exitCode = scores.every(s => s >= target) ? 0 : 1;
} finally {
  await browser.close();
}
