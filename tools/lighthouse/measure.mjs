// Lighthouse mobile scores of Log In and of a signed-in person's User Settings, in one Chromium.
// Usage: node tools/lighthouse/measure.mjs [base address] (default http://localhost:5115); exits 1 below the target.
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const base = (process.argv[2] ?? 'http://localhost:5115').replace(/\/$/, '');
const email = process.env.LH_EMAIL ?? 'direct@demo.test';
const password = process.env.LH_PASSWORD ?? 'Demo-Pass-2026';
const target = Number(process.env.LH_TARGET ?? 90);
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
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
  console.log(`${name}: performance ${score} | FCP ${audits['first-contentful-paint'].displayValue} | LCP ${audits['largest-contentful-paint'].displayValue}`
    + ` | TBT ${audits['total-blocking-time'].displayValue} | CLS ${audits['cumulative-layout-shift'].displayValue}`
    + ` | transferred ${(bytes / 1024).toFixed(1)} KB | render-blocking ${blocking.map(b => `${b.url.replace(base, '')} ${(b.totalBytes / 1024).toFixed(1)} KB`).join(', ') || 'none'}`);
  return score;
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
  const scores = [await measure('Log In (/login)', `${base}/login`)];
  const settings = await signIn();
  scores.push(await measure(`User Settings (${settings.replace(base, '')})`, settings));
  process.exitCode = scores.every(s => s >= target) ? 0 : 1;
} finally {
  await browser.close();
}
