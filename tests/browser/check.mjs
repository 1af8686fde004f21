#!/usr/bin/env node
// Browser, accessibility and HTML-validity check of the public survey pages.
//
//   node check.mjs BASE_URL        e.g. node check.mjs http://127.0.0.1:8080
//
// The server must run with YOUSAID_MIN_FILL_SECONDS=0 and YOUSAID_SUBMIT_RATE=0.
// Prints one line per check ("ok - ..." / "not ok - ..." followed by "#" detail lines) and
// ends with "browser: N passed, M failed".
// Exit code: 0 every check passed, 1 a check failed, 2 usage error, 3 a prerequisite
// (Debian's chromium, java, `npm ci` in this directory) is missing.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const AXE_JS = join(HERE, 'node_modules/axe-core/axe.min.js');
const VNU_JAR = join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');
const PLAYWRIGHT = join(HERE, 'node_modules/playwright-core');

// The survey under test, as written in survey-definitions/food-statistics-pocketbook.yaml.
// Keep in step with that file. `values` are the option values the form must offer, in order
// (plain-string options are slugs of their text; `other: true` adds the value `other` and a
// text input named `ID-other`).
const SURVEY = 'food-statistics-pocketbook';
const QUESTIONS = [
  { id: 'role', kind: 'radio', required: true, other: true,
    values: ['central-government', 'local-government', 'academia', 'business', 'charity', 'media', 'student', 'public'] },
  { id: 'frequency', kind: 'radio', values: ['first-time', 'yearly', 'few-times-a-year', 'monthly', 'weekly'] },
  { id: 'uses', kind: 'checkbox', other: true,
    values: ['policy', 'research', 'teaching', 'reporting', 'business-planning', 'campaigning', 'general-interest'] },
  { id: 'sections', kind: 'checkbox',
    values: ['food-chain', 'prices-and-expenditure', 'food-security', 'global-and-uk-supply', 'environment', 'food-safety'] },
  { id: 'formats', kind: 'checkbox', values: ['web-page', 'pdf', 'ods-tables', 'csv', 'printed'] },
  { id: 'release', kind: 'radio', values: ['once-a-year', 'twice-a-year', 'as-data-available', 'no-preference'] },
  { id: 'found_what_needed', kind: 'radio', values: ['yes', 'no'] },
  { id: 'satisfaction', kind: 'radio', required: true, values: ['1', '2', '3', '4', '5'] },
  { id: 'why_unsatisfied', kind: 'textarea', showIf: { question: 'satisfaction', in: ['1', '2', '3'] } },
  { id: 'comments', kind: 'textarea' },
  { id: 'follow_up', kind: 'email' },
];
const CONDITIONAL = 'why_unsatisfied'; // shown only when satisfaction is 1, 2 or 3
const COMMENTS = 'comments';
const REQUIRED = QUESTIONS.filter((q) => q.required).map((q) => q.id);

const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations', 'incomplete'],
};
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WATCHDOG_MS = 240_000; // the whole run; a normal run takes ~10 s

// ---------------------------------------------------------------------------------------------
// Reporting

let passed = 0;
let failed = 0;
const started = Date.now();

function report(name, problems, notes = []) {
  const ok = problems.length === 0;
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}`);
  for (const p of problems) console.log(`#   ${p}`);
  for (const n of notes) console.log(`#   note: ${n}`);
}

function finish(code) {
  console.log(`# took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed === 0 ? 0 : 1));
}

/** An error on one line: its message (colours stripped, first lines) and the cause fetch hides. */
function describe(e) {
  let text = String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim()).slice(0, 4).join(' | ');
  if (e?.cause) text += ` (cause: ${e.cause.code ?? e.cause.message ?? e.cause})`;
  return text;
}

/** Runs one check: `body` returns `{ problems, notes }` or throws (a failure). */
async function check(name, body) {
  try {
    const { problems = [], notes = [] } = (await body()) ?? {};
    report(name, problems, notes);
    return problems.length === 0;
  } catch (e) {
    report(name, [`threw: ${describe(e)}`]);
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Arguments and prerequisites

if (process.argv.length !== 3 || !/^https?:\/\//.test(process.argv[2])) {
  console.error('usage: node check.mjs BASE_URL   (e.g. http://127.0.0.1:8080)');
  process.exit(2);
}
const BASE = new URL(process.argv[2]);
const ORIGIN = BASE.origin;
const url = (path) => new URL(path, BASE).href;
const SURVEY_URL = url(`/s/${SURVEY}`);
const EMBED_URL = url(`/s/${SURVEY}/embed`);
const WIDGET = '/s/page-feedback/widget';
const SIGN_UP = '/get-involved/food-statistics/pocketbook-web-research';
const THANKS_PATH = `/s/${SURVEY}/thanks`;
// A published summary to check, e.g. /published/food-statistics-pocketbook/2026-Q3 (optional).
const PUBLISHED = process.env.PUBLISHED_PATH;
const PUBLISHED_WIDGET = process.env.PUBLISHED_WIDGET_PATH;

{
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install -y chromium)`);
  if (!existsSync(PLAYWRIGHT) || !existsSync(AXE_JS) || !existsSync(VNU_JAR)) {
    missing.push(`node_modules (npm ci --ignore-scripts in ${HERE})`);
  }
  const java = await run('java', ['-version']).catch((e) => e);
  if (java instanceof Error) missing.push('java on PATH (apt-get install -y default-jre-headless)');
  if (missing.length) {
    report('prerequisites', missing.map((m) => `missing: ${m}`));
    finish(3);
  }
}

const { chromium } = await import('playwright-core');
const AXE_SOURCE = readFileSync(AXE_JS, 'utf8');

setTimeout(() => {
  report('whole run finished in time', [`still running after ${WATCHDOG_MS / 1000} s; gave up`]);
  finish(1);
}, WATCHDOG_MS).unref();

// ---------------------------------------------------------------------------------------------
// Helpers

function run(cmd, args, timeout = 180_000) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && error.code === 'ENOENT') reject(error);
      else resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

// Every request a browser page makes, to check none leaves BASE_URL's origin. Such requests
// are recorded and then blocked, so a faulty page sends nothing off this machine.
const requests = [];
const pageErrors = [];
const isForeign = (address) => {
  const u = new URL(address);
  return !['data:', 'blob:', 'about:'].includes(u.protocol) && u.origin !== ORIGIN;
};
const frameUrl = (req) => { try { return req.frame().url(); } catch { return '?'; } };
async function watch(context, label) {
  context.on('request', (req) => requests.push({ label, url: req.url(), page: frameUrl(req) }));
  context.on('weberror', (e) => pageErrors.push(`${label}: ${e.error().message}`));
  await context.route('**/*', (route) => (isForeign(route.request().url()) ? route.abort('blockedbyclient') : route.fallback()));
  return context;
}

let browser;
async function newContext(label, options) {
  const context = await watch(await browser.newContext(options), label);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Runs axe in `page` (already loaded) and sorts the violations by impact. */
async function axeIn(page) {
  // page.evaluate, not page.addScriptTag: a <script> tag added to the page is subject to the
  // page's Content-Security-Policy (the server may well send `script-src 'self'`), while code
  // evaluated through the DevTools protocol is not.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((options) => window.axe.run(document, options), AXE_OPTIONS);
  const problems = [];
  const notes = [];
  for (const v of result.violations) {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
    const line = `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}: ${targets}) ${v.helpUrl}`;
    (FAILING_IMPACTS.has(v.impact) ? problems : notes).push(line);
  }
  if (result.incomplete.length) {
    notes.push(`axe could not decide (check by hand): ${result.incomplete.map((v) => v.id).join(', ')}`);
  }
  return { problems, notes };
}

/**
 * Runs axe on a page as it stands with JavaScript off.
 *
 * axe cannot run inside the JS-disabled page itself: Playwright can still evaluate code there,
 * but timers and tasks never fire with script execution disabled, so axe.run() never settles.
 * (page.setContent in a JS page would give about:blank as the base URL, so the page's
 * stylesheets would not load and colour contrast, visibility etc. would be judged wrongly.)
 * So: take the DOM the JS-disabled page built from the server's HTML (nothing ran to change
 * it), and serve it again, at the same URL, to a fresh JS-enabled page, by intercepting that
 * one navigation. Its stylesheets and images come from the real server as usual. The
 * replayed response carries the server's own Content-Security-Policy plus `script-src 'none'`,
 * so the page's own scripts stay off (the page looks exactly as without JS, e.g. show_if
 * questions stay visible) while axe, evaluated through DevTools, still runs.
 * One difference: <noscript> content is not rendered in the replay (scripting is on), so a
 * page that relies on <noscript> for content is not audited on that content.
 */
async function axeWithoutJs(label, page, response) {
  const html = await page.content();
  const target = page.url().split('#')[0];
  const serverCsp = response?.headers()['content-security-policy'];
  const csp = serverCsp ? `${serverCsp}, script-src 'none'` : "script-src 'none'";
  const context = await newContext(`${label} (axe replay)`, { javaScriptEnabled: true });
  try {
    const replay = await context.newPage();
    await replay.route('**/*', (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && req.url().split('#')[0] === target) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': csp }, body: html });
      }
      return route.fallback(); // to the context's route, which blocks other origins
    });
    await replay.goto(target, { waitUntil: 'load' });
    return await axeIn(replay);
  } finally {
    await context.close();
  }
}

/** Clicks the submit button and waits for the resulting page; returns its main response. */
async function submit(page) {
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await page.getByRole('button', { name: 'Submit' }).click();
  return navigation;
}

/** Ticks the radio or checkbox `name`=`value` by clicking its <label for=...>. */
async function choose(page, name, value) {
  const input = page.locator(`input[name="${name}"][value="${value}"]`);
  const id = await input.getAttribute('id');
  if (!id) throw new Error(`input[name="${name}"][value="${value}"] has no id`);
  await page.locator(`label[for="${id}"]`).click();
  if (!(await input.isChecked())) throw new Error(`clicking the label of ${name}=${value} did not select it`);
}

async function fillValidAnswer(page, { satisfaction = '4', comment = 'A browser check answer.' } = {}) {
  await choose(page, 'role', QUESTIONS[0].values[0]);
  await choose(page, 'satisfaction', satisfaction);
  await page.locator(`#${COMMENTS}`).fill(comment);
}

/** The page's form against the survey definition (names, ids, option values, hidden fields). */
async function formProblems(page) {
  return page.evaluate((questions) => {
    const problems = [];
    const forms = [...document.querySelectorAll('form')].filter((f) => (f.getAttribute('method') || '').toLowerCase() === 'post');
    if (forms.length !== 1) return [`expected one <form method="post">, found ${forms.length}`];
    const form = forms[0];
    const token = form.querySelector('input[type="hidden"][name="_token"]');
    if (!token || !token.value) problems.push('no hidden input _token with a value');
    const honeypot = form.querySelector('input[name="website"]');
    if (!honeypot) problems.push('no honeypot input named website');
    else {
      // Hidden from sight if it, or a box around it, is not displayed, is invisible, lies
      // off-screen, or is clipped to (at most) a pixel, as .govuk-visually-hidden does.
      const hiddenBy = (el) => {
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const clips = ['hidden', 'clip'].includes(s.overflow) || ['hidden', 'clip'].includes(s.overflowX);
        return s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0'
          || r.right <= 0 || r.bottom <= 0
          || (clips && r.width * r.height <= 1)
          || s.clipPath === 'inset(50%)' || /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(s.clip);
      };
      let hidden = false;
      for (let el = honeypot; el && el !== document.documentElement; el = el.parentElement) {
        if (hiddenBy(el)) { hidden = true; break; }
      }
      if (!hidden) {
        const r = honeypot.getBoundingClientRect();
        problems.push(`honeypot input website is visible (${Math.round(r.width)}x${Math.round(r.height)} at ${Math.round(r.left)},${Math.round(r.top)})`);
      }
      if (honeypot.value) problems.push('honeypot input website is not empty');
    }
    const buttons = [...form.querySelectorAll('button[type="submit"]')].filter((b) => b.textContent.trim() === 'Submit');
    if (buttons.length !== 1) problems.push(`expected one <button type="submit">Submit</button>, found ${buttons.length}`);
    for (const q of questions) {
      const first = document.getElementById(q.id);
      if (!first) { problems.push(`no element with id="${q.id}"`); continue; }
      if (first.getAttribute('name') !== q.id) problems.push(`#${q.id} has name="${first.getAttribute('name')}", expected "${q.id}"`);
      if (first.form !== form) problems.push(`#${q.id} is not in the form`);
      if (q.kind === 'radio' || q.kind === 'checkbox') {
        const inputs = [...form.querySelectorAll(`input[name="${q.id}"]`)];
        const wrongType = inputs.filter((i) => i.type !== q.kind);
        if (wrongType.length) problems.push(`${q.id}: expected type=${q.kind}, found ${wrongType.map((i) => i.type).join(', ')}`);
        const values = inputs.map((i) => i.value);
        const expected = [...q.values, ...(q.other ? ['other'] : [])];
        if (values.join('|') !== expected.join('|')) problems.push(`${q.id}: values ${JSON.stringify(values)}, expected ${JSON.stringify(expected)}`);
        const ids = inputs.map((i) => i.id);
        const expectedIds = inputs.map((_, n) => (n === 0 ? q.id : `${q.id}-${n + 1}`));
        if (ids.join('|') !== expectedIds.join('|')) problems.push(`${q.id}: ids ${JSON.stringify(ids)}, expected ${JSON.stringify(expectedIds)}`);
        if (q.other && !form.querySelector(`input[name="${q.id}-other"]`)) problems.push(`${q.id}: no text input named ${q.id}-other`);
      } else if (q.kind === 'textarea') {
        if (first.tagName !== 'TEXTAREA') problems.push(`#${q.id} is <${first.tagName.toLowerCase()}>, expected <textarea>`);
      } else if (q.kind === 'email') {
        if (first.tagName !== 'INPUT' || first.type !== 'email') problems.push(`#${q.id} is not <input type="email">`);
      }
    }
    return problems;
  }, QUESTIONS);
}

/** Ids of questions whose first control a sighted user cannot see. */
async function invisibleQuestions(page) {
  const hidden = [];
  for (const q of QUESTIONS) {
    if (!(await page.locator(`#${q.id}`).isVisible().catch(() => false))) hidden.push(q.id);
  }
  return hidden;
}

// ---------------------------------------------------------------------------------------------
// Nu HTML checker, on the raw HTML as Node's fetch gets it (started first, runs alongside).

function tokenIn(html) {
  for (const tag of html.match(/<input\b[^>]*>/gi) ?? []) {
    if (/\bname\s*=\s*["']?_token["'\s>]/i.test(tag)) {
      const m = tag.match(/\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
      if (m) return m[1] ?? m[2] ?? m[3];
    }
  }
  return null;
}

async function vnuCheck() {
  const problems = [];
  const notes = [];
  const pages = [];
  const form = (fields) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const get = async (u) => {
    const r = await fetch(u, { redirect: 'manual' });
    if (r.status !== 200) problems.push(`GET ${u} answered ${r.status}, expected 200`);
    return r.text();
  };

  const survey = await get(SURVEY_URL);
  pages.push(['survey.html', survey]);
  const token = tokenIn(survey);
  if (!token) problems.push('no _token value found in the survey page');

  const empty = await fetch(SURVEY_URL, form({ _token: token ?? '' }));
  if (empty.status !== 422) problems.push(`POST of an empty form answered ${empty.status}, expected 422`);
  pages.push(['error-422.html', await empty.text()]);

  pages.push(['embed.html', await get(EMBED_URL)]);

  const token2 = tokenIn(await get(SURVEY_URL));
  const valid = await fetch(SURVEY_URL, form({ _token: token2 ?? '', role: QUESTIONS[0].values[0], satisfaction: '4' }));
  const location = valid.headers.get('location');
  if (valid.status !== 303 || !location) {
    problems.push(`POST of a valid answer answered ${valid.status} (location ${location}), expected 303; validating ${THANKS_PATH} directly`);
  }
  pages.push(['thanks.html', await get(location ? new URL(location, SURVEY_URL).href : url(THANKS_PATH))]);

  for (const [name, path] of [
    ['widget.html', `${WIDGET}?page=https%3A%2F%2Fwww.gov.uk%2Ffood`],
    ['widget-ask.html', `${WIDGET}?ask=1`],
    ['widget-cy.html', `${WIDGET}?lang=cy`],
    ['widget-thanks.html', `${WIDGET}/thanks?lang=cy`],
  ]) pages.push([name, await get(url(path))]);
  pages.push(['get-involved.html', await get(url('/get-involved/'))]);
  pages.push(['privacy.html', await get(url('/privacy'))]);
  pages.push(['privacy-cy.html', await get(url('/privacy?lang=cy'))]);
  pages.push(['get-involved-cy.html', await get(url('/get-involved/statistics-dissemination/statistics-page-testing?lang=cy'))]);
  const signUp = await get(url(SIGN_UP));
  pages.push(['get-involved-form.html', signUp]);
  const refused = await fetch(url(SIGN_UP), form({ _token: tokenIn(signUp) ?? '' }));
  if (refused.status !== 422) problems.push(`POST of an empty sign-up answered ${refused.status}, expected 422`);
  pages.push(['get-involved-422.html', await refused.text()]);

  if (PUBLISHED) {
    pages.push(['published.html', await get(url(PUBLISHED))]);
    if (PUBLISHED_WIDGET) pages.push(['published-widget.html', await get(url(PUBLISHED_WIDGET))]);
    pages.push(['published-index.html', await get(url(PUBLISHED.replace(/[^/]+$/, '')))]);
    pages.push(['subscribe.html', await get(url(`/published/${SURVEY}/subscribe`))]);
    pages.push(['engagement-index.html', await get(url('/engagement/'))]);
    pages.push(['engagement-team.html', await get(url('/engagement/food-statistics'))]);
    pages.push(['engagement-index-cy.html', await get(url('/engagement/cy/'))]);
    pages.push(['engagement-team-cy.html', await get(url('/engagement/cy/statistics-dissemination'))]);
  }

  const result = await validateHtml(pages);
  return { problems: [...problems, ...result.problems], notes: result.notes };
}

/** Runs the Nu HTML checker on `pages` ([file name, html] pairs): its errors are problems. */
async function validateHtml(pages) {
  const problems = [];
  const notes = [];
  const dir = mkdtempSync(join(tmpdir(), 'yousaid-vnu-'));
  try {
    const files = pages.map(([name, html]) => {
      const file = join(dir, name);
      writeFileSync(file, html);
      return file;
    });
    const out = await run('java', ['-jar', VNU_JAR, '--format', 'json', '--stdout', ...files]);
    let messages;
    try {
      messages = JSON.parse(out.stdout).messages;
    } catch {
      return { problems: [...problems, `vnu gave no JSON (exit ${out.code}): ${(out.stdout + out.stderr).slice(0, 500)}`] };
    }
    for (const m of messages) {
      const where = `${(m.url ?? '').split('/').pop()}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`;
      const line = `${where} ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}${m.extract ? ` in ${JSON.stringify(m.extract.trim().slice(0, 120))}` : ''}`;
      (m.type === 'error' || m.type === 'non-document-error' ? problems : notes).push(line);
    }
    notes.unshift(`validated ${pages.map(([n]) => n).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { problems, notes };
}

// ---------------------------------------------------------------------------------------------
// The checks

const vnu = vnuCheck().then((r) => ({ ok: r }), (e) => ({ error: e }));

try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
} catch (e) {
  report('chromium starts', [describe(e)]);
  finish(1);
}

// 1-3: JavaScript off, as a visitor without JS (or whose JS failed) would see the pages.
{
  const context = await newContext('no JS', { javaScriptEnabled: false });
  const page = await context.newPage();
  let surveyResponse = null;

  const surveyLoaded = await check('survey page without JS: loads with the form the definition describes', async () => {
    surveyResponse = await page.goto(SURVEY_URL, { waitUntil: 'load' });
    const problems = [];
    if (surveyResponse?.status() !== 200) problems.push(`GET ${SURVEY_URL} answered ${surveyResponse?.status()}`);
    problems.push(...(await formProblems(page)));
    return { problems };
  });

  await check('survey page without JS: every question is visible', async () => {
    if (!surveyLoaded && !surveyResponse) return { problems: ['survey page did not load'] };
    const hidden = await invisibleQuestions(page);
    return { problems: hidden.map((id) => `#${id} is not visible`) };
  });

  await check('survey page without JS: axe finds no serious or critical violation', async () => {
    if (!surveyResponse) return { problems: ['survey page did not load'] };
    return axeWithoutJs('survey', page, surveyResponse);
  });

  let errorResponse = null;
  const errorOk = await check('empty submission without JS: 422 with an error summary linking to each field', async () => {
    if (!surveyResponse) return { problems: ['survey page did not load'] };
    errorResponse = await submit(page);
    const problems = [];
    const notes = [];
    if (errorResponse?.status() !== 422) problems.push(`answered ${errorResponse?.status()}, expected 422`);
    const title = await page.title();
    if (!title.startsWith('Error: ')) problems.push(`title ${JSON.stringify(title)} does not start with "Error: "`);
    const summary = await page.evaluate(() => {
      const box = document.querySelector('.error-summary');
      if (!box) return null;
      const main = document.querySelector('main') ?? document.body;
      const firstForm = main.querySelector('form');
      return {
        beforeForm: !firstForm || !!(box.compareDocumentPosition(firstForm) & Node.DOCUMENT_POSITION_FOLLOWING),
        links: [...box.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
        inline: document.querySelectorAll('.error-message').length,
      };
    });
    if (!summary) {
      problems.push('no .error-summary');
    } else {
      if (!summary.beforeForm) problems.push('.error-summary is not above the form');
      for (const href of summary.links) {
        if (!href.startsWith('#')) { problems.push(`summary link ${href} is not a #fragment`); continue; }
        const exists = await page.evaluate((id) => !!document.getElementById(id), decodeURIComponent(href.slice(1)));
        if (!exists) problems.push(`summary link ${href} points at no element`);
      }
      for (const id of REQUIRED) {
        if (!summary.links.includes(`#${id}`)) problems.push(`summary has no link to #${id} (required)`);
      }
      if (summary.inline < REQUIRED.length) problems.push(`${summary.inline} .error-message, expected at least ${REQUIRED.length}`);
      notes.push(`summary links: ${summary.links.join(' ')}`);
    }
    return { problems, notes };
  });

  await check('error page without JS: axe finds no serious or critical violation', async () => {
    if (!errorResponse) return { problems: ['error page did not load'] };
    return axeWithoutJs('error page', page, errorResponse);
  });

  let thanksResponse = null;
  await check('valid submission without JS: 303 to /thanks, which answers 200, and no cookie set', async () => {
    await page.goto(SURVEY_URL, { waitUntil: 'load' });
    await fillValidAnswer(page);
    thanksResponse = await submit(page);
    const problems = [];
    const post = thanksResponse?.request().redirectedFrom();
    const postStatus = post ? (await post.response())?.status() : thanksResponse?.status();
    if (postStatus !== 303) problems.push(`the POST answered ${postStatus}, expected 303`);
    if (!new URL(page.url()).pathname.endsWith('/thanks')) problems.push(`ended at ${page.url()}, expected ${THANKS_PATH}`);
    if (thanksResponse?.status() !== 200) problems.push(`thank-you page answered ${thanksResponse?.status()}, expected 200`);
    const cookies = await context.cookies();
    if (cookies.length) problems.push(`cookies set: ${cookies.map((c) => c.name).join(', ')}`);
    return { problems };
  });

  await check('thank-you page: axe finds no serious or critical violation', async () => {
    if (!thanksResponse || !new URL(page.url()).pathname.endsWith('/thanks')) return { problems: ['thank-you page was not reached'] };
    return axeWithoutJs('thanks', page, thanksResponse);
  });

  // 4: the embed page (audited as without JS, where every question shows).
  await check('embed page: loads with the form, and axe finds no serious or critical violation', async () => {
    const response = await page.goto(EMBED_URL, { waitUntil: 'load' });
    const problems = [];
    if (response?.status() !== 200) problems.push(`GET ${EMBED_URL} answered ${response?.status()}`);
    problems.push(...(await formProblems(page)));
    const axe = await axeWithoutJs('embed', page, response);
    return { problems: [...problems, ...axe.problems], notes: axe.notes };
  });

  await context.close();
}

// 5: JavaScript on: show_if hides and reveals, the page is still accessible, submitting works.
{
  const context = await newContext('JS', { javaScriptEnabled: true });
  const page = await context.newPage();
  let revealed = false;

  await check(`survey page with JS: #${CONDITIONAL} hidden until satisfaction 1-3 is chosen`, async () => {
    const response = await page.goto(SURVEY_URL, { waitUntil: 'load' });
    const problems = [];
    if (response?.status() !== 200) problems.push(`GET ${SURVEY_URL} answered ${response?.status()}`);
    const box = page.locator(`#${CONDITIONAL}`);
    if (await box.isVisible()) problems.push(`#${CONDITIONAL} is visible before any satisfaction is chosen`);
    await choose(page, 'satisfaction', '2');
    await box.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => problems.push(`#${CONDITIONAL} not visible after choosing satisfaction 2`));
    await choose(page, 'satisfaction', '4');
    await box.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => problems.push(`#${CONDITIONAL} still visible after changing satisfaction to 4`));
    await choose(page, 'satisfaction', '2');
    await box.waitFor({ state: 'visible', timeout: 5_000 }).then(() => { revealed = true; })
      .catch(() => problems.push(`#${CONDITIONAL} not visible after choosing satisfaction 2 again`));
    const others = (await invisibleQuestions(page)).filter((id) => id !== CONDITIONAL);
    if (others.length) problems.push(`questions hidden with JS although they have no show_if: ${others.join(', ')}`);
    return { problems };
  });

  await check('survey page with JS (conditional question shown): axe finds no serious or critical violation', async () => {
    if (!revealed) return { problems: [`#${CONDITIONAL} was not revealed`] };
    return axeIn(page);
  });

  await check('valid submission with JS reaches /thanks, without script errors or cookies', async () => {
    if (!revealed) {
      await page.goto(SURVEY_URL, { waitUntil: 'load' });
      await choose(page, 'satisfaction', '2');
    }
    await choose(page, 'role', QUESTIONS[0].values[0]);
    if (await page.locator(`#${CONDITIONAL}`).isVisible()) await page.locator(`#${CONDITIONAL}`).fill('Charts I can copy.');
    await page.locator(`#${COMMENTS}`).fill('Checked with JavaScript on.');
    const response = await submit(page);
    const problems = [];
    if (!new URL(page.url()).pathname.endsWith('/thanks')) problems.push(`ended at ${page.url()} (status ${response?.status()}), expected ${THANKS_PATH}`);
    else if (response?.status() !== 200) problems.push(`thank-you page answered ${response?.status()}`);
    const cookies = await context.cookies();
    if (cookies.length) problems.push(`cookies set: ${cookies.map((c) => c.name).join(', ')}`);
    problems.push(...pageErrors.map((e) => `script error: ${e}`));
    return { problems };
  });

  await context.close();
}

// 8b: the "Is this page useful?" widget, without JavaScript: No asks what they were trying to do,
// Send stores it; each step passes axe and reflows at 320 CSS pixels, and so does the thank-you
// page with its link to pass the survey on.
{
  const context = await newContext('widget', { javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const reflows = async (problems, label) => {
    const { client, scroll } = await page.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
    if (scroll > client) problems.push(`${label} is ${scroll} px wide in a ${client} px viewport`);
  };
  await check('widget without JS: No asks what they were trying to do, Send thanks them; axe passes and nothing scrolls sideways at 320 px at each step', async () => {
    const problems = [];
    const notes = [];
    let response = await page.goto(url(`${WIDGET}?page=https%3A%2F%2Fwww.gov.uk%2Ffood`), { waitUntil: 'load' });
    if (response?.status() !== 200) problems.push(`GET ${WIDGET} answered ${response?.status()}`);
    for (const [label, step] of [['widget', null], ['widget: asked', 'No'], ['widget: thanks', 'Send']]) {
      if (step === 'No') {
        [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^No/ }).click()]);
        if (!(await page.locator('textarea').count())) problems.push('No did not ask what they were trying to do');
        await page.locator('textarea').fill('Find last year\'s table');
      } else if (step === 'Send') {
        [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send' }).click()]);
        if (!(await page.content()).includes('Thank you for your feedback.')) problems.push('Send did not reach the thanks');
      }
      const axe = await axeWithoutJs(label, page, response);
      problems.push(...axe.problems);
      notes.push(...(axe.notes ?? []));
      await reflows(problems, label);
    }
    await page.goto(url(`/s/${SURVEY}/thanks?lang=en`), { waitUntil: 'load' });
    await reflows(problems, 'thank-you page with its shared link');
    const cookies = await context.cookies();
    if (cookies.length) problems.push(`cookies set: ${cookies.map((c) => c.name).join(', ')}`);
    return { problems, notes };
  });
  await context.close();
}

// 8c: ways to get involved, without JavaScript: the list and the sign-up form pass axe and
// reflow at 320 CSS pixels; signing up reaches "Check your email".
{
  const context = await newContext('get involved', { javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await check('privacy notice and get involved without JS: the notice, the list and the form pass axe and reflow at 320 px, and signing up reaches "Check your email"', async () => {
    const problems = [];
    const notes = [];
    for (const path of ['/privacy', '/privacy?lang=cy', '/get-involved/', '/get-involved/?lang=cy', SIGN_UP]) {
      const response = await page.goto(url(path), { waitUntil: 'load' });
      if (response?.status() !== 200) problems.push(`GET ${path} answered ${response?.status()}`);
      const axe = await axeWithoutJs(path, page, response);
      problems.push(...axe.problems);
      notes.push(...(axe.notes ?? []));
      const { client, scroll } = await page.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
      if (scroll > client) problems.push(`${path} is ${scroll} px wide in a ${client} px viewport`);
    }
    await page.getByRole('textbox', { name: 'Email address' }).fill('browser-check@example.org');
    await page.getByRole('checkbox').check();
    await page.getByRole('radio').first().check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign up' }).click()]);
    if (!(await page.content()).includes('Check your email')) problems.push(`signing up ended at ${page.url()}`);
    return { problems, notes };
  });
  await context.close();
}

// 9: a published summary, its index and the subscription form, without JavaScript.
if (PUBLISHED) {
  const context = await newContext('published', { javaScriptEnabled: false });
  const page = await context.newPage();
  await check('published summary without JS: charts are images with a text alternative and a table, axe passes, no cookie', async () => {
    const response = await page.goto(url(PUBLISHED), { waitUntil: 'load' });
    const problems = [];
    if (response?.status() !== 200) problems.push(`GET ${PUBLISHED} answered ${response?.status()}`);
    const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart svg')].map((svg) => {
      const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
      const name = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      let next = svg.closest('figure').nextElementSibling;
      return { role: svg.getAttribute('role'), name, table: next?.tagName === 'TABLE', width: svg.getBoundingClientRect().width };
    }));
    if (charts.length === 0) problems.push('no charts');
    for (const [i, c] of charts.entries()) {
      if (c.role !== 'img') problems.push(`chart ${i} has role ${c.role}, expected img`);
      if (c.name.length < 20) problems.push(`chart ${i} has no useful text alternative: ${JSON.stringify(c.name)}`);
      if (!c.table) problems.push(`chart ${i} is not followed by its table`);
      if (!(c.width > 0)) problems.push(`chart ${i} is not rendered`);
    }
    const axe = await axeWithoutJs('published', page, response);
    const cookies = await context.cookies();
    if (cookies.length) problems.push(`cookies set: ${cookies.map((c) => c.name).join(', ')}`);
    return { problems: [...problems, ...axe.problems], notes: [`${charts.length} charts`, ...axe.notes] };
  });
  await check('published summary printed: headings and tables kept, the form left out', async () => {
    await page.emulateMedia({ media: 'print' });
    const state = await page.evaluate(() => ({
      form: getComputedStyle(document.querySelector('form.subscribe')).display,
      tables: [...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().height > 0).length,
    }));
    await page.emulateMedia({ media: 'screen' });
    const problems = [];
    if (state.form !== 'none') problems.push(`the subscribe form prints (display ${state.form})`);
    if (state.tables === 0) problems.push('no table prints');
    return { problems };
  });
  for (const path of [PUBLISHED.replace(/[^/]+$/, ''), `/published/${SURVEY}/subscribe`, '/engagement/', '/engagement/food-statistics', '/engagement/cy/statistics-dissemination', ...(PUBLISHED_WIDGET ? [PUBLISHED_WIDGET] : [])]) {
    await check(`${path} without JS: axe finds no serious or critical violation`, async () => {
      const response = await page.goto(url(path), { waitUntil: 'load' });
      const result = await axeWithoutJs(path, page, response);
      if (response?.status() !== 200) result.problems.push(`answered ${response?.status()}`);
      return result;
    });
  }
  await check('published pages reflow at 320 CSS pixels: nothing scrolls sideways (WCAG 1.4.10)', async () => {
    const narrow = await newContext('published 320px', { javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
    const problems = [];
    try {
      const small = await narrow.newPage();
      for (const path of [PUBLISHED, PUBLISHED.replace(/[^/]+$/, ''), `/published/${SURVEY}/subscribe`, '/engagement/', '/engagement/food-statistics', '/engagement/cy/', '/engagement/cy/statistics-dissemination', ...(PUBLISHED_WIDGET ? [PUBLISHED_WIDGET] : [])]) {
        await small.goto(url(path), { waitUntil: 'load' });
        const { client, scroll } = await small.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
        if (scroll > client) problems.push(`${path} is ${scroll} px wide in a ${client} px viewport`);
      }
    } finally {
      await narrow.close();
    }
    return { problems };
  });
  await check('published summary at 375 CSS pixels: chart labels at least 14 px, table headers not broken inside words', async () => {
    const phone = await newContext('published 375px', { javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    const problems = [];
    const notes = [];
    try {
      const small = await phone.newPage();
      await small.goto(url(PUBLISHED), { waitUntil: 'load' });
      const measured = await small.evaluate(() => {
        // A text's size on screen: its font size in SVG units times the units' scale.
        const labels = [...document.querySelectorAll('figure.chart svg text')].map((t) => {
          const svg = t.ownerSVGElement;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale };
        });
        // A word broken inside itself lies on more than one line. Hyphens are fair places.
        const broken = [];
        for (const th of document.querySelectorAll('table th')) {
          const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/[^\s\-]+/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (tops.size > 1) broken.push(m[0]);
            }
          }
        }
        return { labels, broken, headers: document.querySelectorAll('table th').length };
      });
      const smallest = Math.min(...measured.labels.map((l) => l.px));
      for (const l of measured.labels.filter((l) => l.px < 14)) {
        problems.push(`chart text "${l.text}" is ${l.px.toFixed(1)} px`);
      }
      if (measured.labels.length === 0) problems.push('no chart text measured');
      for (const w of measured.broken) problems.push(`a table header breaks inside "${w}"`);
      notes.push(`${measured.labels.length} chart texts, the smallest ${smallest.toFixed(1)} px; ${measured.headers} table headers`);
    } finally {
      await phone.close();
    }
    return { problems: problems.slice(0, 10), notes };
  });
  await check('subscribing with a bad address: 422, an error summary linking to the field, axe passes', async () => {
    await page.goto(url(`/published/${SURVEY}/subscribe`), { waitUntil: 'load' });
    await page.getByLabel('Email address').fill('not an address');
    const navigation = page.waitForNavigation({ waitUntil: 'load' });
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const response = await navigation;
    const problems = [];
    if (response?.status() !== 422) problems.push(`answered ${response?.status()}, expected 422`);
    const href = await page.locator('.error-summary a').first().getAttribute('href').catch(() => null);
    if (href !== '#subscribe-email') problems.push(`error summary links to ${href}, expected #subscribe-email`);
    const axe = await axeWithoutJs('subscribe error', page, response);
    return { problems: [...problems, ...axe.problems], notes: axe.notes };
  });
  await context.close();
}

// 8: the producer workspace, when the caller made an account for it (ADMIN_EMAIL, ADMIN_PASSWORD).
if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) {
  const context = await newContext('admin', { javaScriptEnabled: true });
  const page = await context.newPage();
  await check('workspace: signing in with the labelled Email and Password fields and the Sign in button', async () => {
    await page.goto(`${ORIGIN}/admin/login`);
    const login = await axeIn(page);
    await page.getByLabel('Email', { exact: true }).fill(process.env.ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(process.env.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    const problems = [...login.problems];
    if (new URL(page.url()).pathname !== '/admin') problems.push(`ended at ${page.url()}, expected /admin`);
    return { problems, notes: login.notes };
  });
  const pages = ['/admin', `/admin/surveys/${SURVEY}/responses`, `/admin/surveys/${SURVEY}/themes`,
    `/admin/surveys/${SURVEY}/actions`, `/admin/surveys/${SURVEY}/publication`, '/admin/audit',
    '/admin/effectiveness', '/admin/effectiveness?team=food-statistics', '/admin/organisation',
    '/admin/surveys/page-feedback/pages', '/admin/get-involved', '/admin/get-involved/food-statistics/pocketbook-web-research'];
  if (PUBLISHED) pages.push(`/admin/surveys/${SURVEY}/publication/${PUBLISHED.split('/').pop()}/preview`);
  for (const path of pages) {
    await check(`workspace ${path}: axe finds no serious or critical violation`, async () => {
      const response = await page.goto(`${ORIGIN}${path}`);
      const result = await axeIn(page);
      if (response?.status() !== 200) result.problems.push(`answered ${response?.status()}`);
      return result;
    });
  }
  await check('workspace response page: axe finds no serious or critical violation', async () => {
    await page.goto(`${ORIGIN}/admin/surveys/${SURVEY}/responses`);
    const link = page.locator('article.response h2 a').first();
    await link.click();
    await page.waitForLoadState();
    return axeIn(page);
  });

  // Refused forms and bulk tagging: the raw HTML of each page is kept for the Nu checker.
  /** Problems with an error summary: it must exist and every link must lead to a field. */
  const summaryProblems = async () => {
    const problems = [];
    const hrefs = await page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    if (hrefs.length === 0) problems.push('no error summary');
    for (const href of hrefs) {
      const target = await page.locator(href).count().catch(() => 0);
      if (target !== 1) problems.push(`error summary link ${href} leads to ${target} elements`);
      else if (!(await page.locator(`${href}-error`).count())) problems.push(`${href} has no message beside it`);
    }
    if (!(await page.getByRole('button', { name: 'Sign out' }).count())) problems.push('no Sign out button in the header');
    return problems;
  };
  /** Clicks `button` and waits for the page it leads to; returns its main response. */
  const clickThrough = async (button) => {
    const navigation = page.waitForNavigation({ waitUntil: 'load' });
    await button.click();
    return navigation;
  };
  const workspaceHtml = [];
  await check('workspace action form refused (Cannot do, no reason): 422, summary linking to fields, values kept, axe passes', async () => {
    await page.goto(`${ORIGIN}/admin/surveys/${SURVEY}/actions`);
    await page.locator('#new-title').fill('A browser check action');
    await page.locator('#new-status-cannot_do').check();
    await page.locator('#new-target_date').fill('next spring');
    const response = await clickThrough(page.getByRole('button', { name: 'Record action' }));
    const problems = [];
    if (response?.status() !== 422) problems.push(`answered ${response?.status()}, expected 422`);
    problems.push(...(await summaryProblems()));
    if ((await page.locator('#new-title').inputValue()) !== 'A browser check action') problems.push('the typed title was not kept');
    if (!(await page.locator('#new-status-cannot_do').isChecked())) problems.push('the chosen status was not kept');
    workspaceHtml.push(['admin-action-error.html', await response.text()]);
    const axe = await axeIn(page);
    return { problems: [...problems, ...axe.problems], notes: axe.notes };
  });
  await check('workspace theme form refused (empty name): 422, summary linking to the field, axe passes', async () => {
    await page.goto(`${ORIGIN}/admin/surveys/${SURVEY}/themes`);
    const response = await clickThrough(page.getByRole('button', { name: 'Create theme' }));
    const problems = [];
    if (response?.status() !== 422) problems.push(`answered ${response?.status()}, expected 422`);
    problems.push(...(await summaryProblems()));
    workspaceHtml.push(['admin-theme-error.html', await response.text()]);
    const axe = await axeIn(page);
    return { problems: [...problems, ...axe.problems], notes: axe.notes };
  });
  await check('workspace bulk tagging: comments containing a phrase, selected and tagged at once; axe passes', async () => {
    const listPath = `/admin/surveys/${SURVEY}/responses?q=csv`;
    const list = await page.goto(`${ORIGIN}${listPath}`);
    workspaceHtml.push(['admin-bulk-tagging.html', await list.text()]);
    const axe = await axeIn(page);
    const problems = [...axe.problems];
    const boxes = page.locator('input[name="comments"]');
    if ((await boxes.count()) < 3) problems.push(`only ${await boxes.count()} comment checkboxes`);
    const before = await page.locator('.tag', { hasText: 'Downloads' }).count();
    await boxes.nth(1).check();
    await boxes.nth(2).check();
    await page.getByLabel('Tag the selected comments with').selectOption({ label: 'Downloads' });
    const response = await clickThrough(page.getByRole('button', { name: 'Tag selected comments' }));
    if (response?.status() !== 200) problems.push(`after tagging answered ${response?.status()}`);
    if (new URL(page.url()).searchParams.get('q') !== 'csv') problems.push(`came back to ${page.url()}, not the same list`);
    if (!(await page.getByRole('status').filter({ hasText: 'Tagged 2 comments.' }).count())) problems.push('no “Tagged 2 comments.” notice');
    const after = await page.locator('.tag', { hasText: 'Downloads' }).count();
    if (after !== before + 2) problems.push(`${after - before} more Downloads tags, expected 2`);
    return { problems, notes: axe.notes };
  });
  await check('workspace bulk tagging refused (no theme chosen): 422, selection kept, summary linking to the picker, axe passes', async () => {
    await page.goto(`${ORIGIN}/admin/surveys/${SURVEY}/responses?q=csv`);
    await page.locator('input[name="comments"]').first().check();
    const response = await clickThrough(page.getByRole('button', { name: 'Tag selected comments' }));
    const problems = [];
    if (response?.status() !== 422) problems.push(`answered ${response?.status()}, expected 422`);
    problems.push(...(await summaryProblems()));
    if (!(await page.locator('input[name="comments"]').first().isChecked())) problems.push('the selection was not kept');
    workspaceHtml.push(['admin-bulk-tagging-error.html', await response.text()]);
    const axe = await axeIn(page);
    return { problems: [...problems, ...axe.problems], notes: axe.notes };
  });
  await check('workspace draft form refused (a running period, no partial box): 422, summary linking to the period, choice kept, axe passes', async () => {
    await page.goto(`${ORIGIN}/admin/surveys/${SURVEY}/publication`);
    const running = await page.locator('#period option', { hasText: 'not ended' }).first().getAttribute('value');
    await page.locator('#period').selectOption(running);
    const response = await clickThrough(page.getByRole('button', { name: 'Draft', exact: true }));
    const problems = [];
    if (response?.status() !== 422) problems.push(`answered ${response?.status()}, expected 422`);
    problems.push(...(await summaryProblems()));
    if ((await page.locator('#period').inputValue()) !== running) problems.push('the chosen period was not kept');
    workspaceHtml.push(['admin-draft-error.html', await response.text()]);
    const axe = await axeIn(page);
    return { problems: [...problems, ...axe.problems], notes: axe.notes };
  });
  if (process.env.DRAFTED_PERIOD) {
    await check('workspace check-and-publish page: says what goes out and to how many, axe passes', async () => {
      const path = `/admin/surveys/${SURVEY}/publication/${process.env.DRAFTED_PERIOD}/publish`;
      const response = await page.goto(`${ORIGIN}${path}`);
      const problems = [];
      if (response?.status() !== 200) problems.push(`answered ${response?.status()}`);
      const text = await page.locator('main').innerText();
      for (const wanted of ['What will go out', 'subscribe', 'Publish now']) {
        if (!text.includes(wanted)) problems.push(`the page does not say "${wanted}"`);
      }
      workspaceHtml.push(['admin-publish-check.html', await response.text()]);
      const axe = await axeIn(page);
      return { problems: [...problems, ...axe.problems], notes: axe.notes };
    });
  }
  {
    const response = await page.goto(`${ORIGIN}/admin/effectiveness?team=food-statistics`);
    workspaceHtml.push(['admin-effectiveness.html', await response.text()]);
  }
  await check('Nu HTML checker: workspace error states, bulk tagging and effectiveness have no errors', () => validateHtml(workspaceHtml));
  await context.close();
}

await browser.close();

// 6: Nu HTML checker.
{
  const result = await vnu;
  await check(`Nu HTML checker: survey, error, embed and thank-you pages${PUBLISHED ? ', the published summary, its index and the subscription form' : ''} have no errors`, async () => {
    if (result.error) throw result.error;
    return result.ok;
  });
}

// 7: third-party requests, over every page opened above.
await check(`no page requested anything outside ${ORIGIN}`, async () => {
  const foreign = requests.filter((r) => isForeign(r.url));
  const seen = new Set();
  const problems = [];
  for (const r of foreign) {
    const key = `${r.label}|${r.url}`;
    if (!seen.has(key)) { seen.add(key); problems.push(`${r.label}: ${r.url} (from ${r.page})`); }
  }
  return { problems, notes: [`${requests.length} requests recorded${foreign.length ? `, ${foreign.length} of them blocked` : ''}`] };
});

finish();
